"""framework/graph_names.py: TensorFlow's name rules, and names resolved to graph elements."""

import pytest

import tinytf as tf
from tinytf.framework import graph_names


def test_op_and_scope_names_follow_tensorflows_patterns():
    graph_names.check_op_name("dense/kernel")
    graph_names.check_scope_name("_inner", in_scope=True)
    with pytest.raises(ValueError, match="is not a valid root scope name"):
        graph_names.check_scope_name("_outer", in_scope=False)
    with pytest.raises(ValueError, match="`a\n` is not a valid node name"):
        graph_names.check_op_name("a\n")


def test_names_resolve_to_tensors_and_operations_with_tensorflows_errors():
    x = tf.constant([1.0, 2.0], name="x")
    ops = {"x": x.op}
    assert graph_names.element_by_name(ops, "x:0", True, True) is x
    assert graph_names.element_by_name(ops, "x", True, True) is x.op
    with pytest.raises(KeyError, match="exists but only has 1 outputs"):
        graph_names.element_by_name(ops, "x:1", True, True)
    with pytest.raises(KeyError, match="The operation, 'y', does not exist"):
        graph_names.element_by_name(ops, "y:0", True, True)
    with pytest.raises(ValueError, match="looks a like a Tensor name"):
        graph_names.element_by_name(ops, "x:a", True, True)
    with pytest.raises(ValueError, match="refers to an Operation, not a Tensor"):
        graph_names.element_by_name(ops, "x", True, False)
    with pytest.raises(ValueError, match="appears to refer to a Tensor, not a Operation"):
        graph_names.element_by_name(ops, "x:0", False, True)
