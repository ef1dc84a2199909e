"""The array_ops namespace: TensorFlow's names in one module, and on `tf.*`."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import array_ops, math_ops

NOT_ON_TF = {"_autopack", "_slice_helper", "top_k"}  # top_k is tf.nn.top_k


def test_every_array_op_is_exported_as_tf_exports_it():
    for name in array_ops.__all__:
        assert callable(getattr(array_ops, name)) or name == "newaxis"
        if name not in NOT_ON_TF:
            assert getattr(tf, name) is getattr(array_ops, name), name
    assert tf.newaxis is None


def test_array_ops_forwards_the_names_tensorflow_keeps_there_to_math_ops():
    assert array_ops.transpose is math_ops.transpose
    assert array_ops.matrix_diag_part is math_ops.matrix_diag_part
    assert array_ops.where is math_ops.where
    with pytest.raises(AttributeError, match="has no attribute 'no_such_op'"):
        array_ops.no_such_op  # noqa: B018


def test_convert_to_tensor_packs_deeply_nested_lists_of_tensors_and_variables():
    x = tf.placeholder(tf.float32, [])
    weight = tf.Variable(4.0)
    packed = tf.convert_to_tensor([[[x, 1.0]], [[weight, x]]])
    assert packed.shape.as_list() == [2, 1, 2] and packed.dtype == tf.float32
    assert [
        op.name for op in tf.get_default_graph().get_operations() if op.name.startswith("packed")
    ] == ["packed/0/0/1", "packed/0/0", "packed/0", "packed/1/0", "packed/1", "packed"]
    with tf.Session() as session:
        session.run(weight.initializer)
        np.testing.assert_array_equal(session.run(packed, {x: 2.0}), [[[2.0, 1.0]], [[4.0, 2.0]]])


def test_convert_to_tensor_packing_honours_a_requested_dtype():
    x = tf.placeholder(tf.float64, [])
    assert tf.convert_to_tensor([x, 1], dtype=tf.float64).dtype == tf.float64
    with pytest.raises(TypeError, match=r"have types \[float64, float32\]"):
        tf.convert_to_tensor([x, tf.constant(1.0)])
