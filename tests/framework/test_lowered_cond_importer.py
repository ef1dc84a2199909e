"""Switch and Merge conditionals rebuilt as If ops on import: tinytf's export of a cond
that assigns a variable (nested too) comes back computing the same, as If ops; what has no
If form is refused naming the node."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework.lowered_cond_importer import find_lowered_conds


def nested_assigning_cond():
    v = tf.Variable(1.0, name="v")
    p = tf.placeholder(tf.bool, [], name="p")
    q = tf.placeholder(tf.bool, [], name="q")

    def inner():
        return tf.cond(q, lambda: tf.assign(v, v * 2.0), lambda: tf.identity(v) - 1.0) * 3.0

    return tf.cond(p, inner, lambda: v + 1.0), v


FLAGS = [(True, True), (True, False), (False, True), (True, True)]


def test_a_nested_assigning_cond_imports_as_nested_ifs_computing_the_same():
    with tf.Graph().as_default() as graph:
        result, v = nested_assigning_cond()
        graph_def = graph.as_graph_def()
        with tf.Session() as session:
            session.run(v.initializer)
            expected = [session.run(result, {"p:0": a, "q:0": b}) for a, b in FLAGS]
            expected.append(session.run(v))
    assert {"Switch", "RefSwitch", "Merge", "IdentityN"} <= {n.op for n in graph_def.node}
    with tf.Graph().as_default() as imported:
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as session:
            session.run("v/Assign")
            values = [session.run(result.name, {"p:0": a, "q:0": b}) for a, b in FLAGS]
            values.append(session.run("v:0"))
        outer = imported.get_operation_by_name("cond/If")  # under the names tinytf gave them
        inner = imported.get_operation_by_name("cond/cond/If")
    np.testing.assert_array_equal(values, expected)
    assert outer.type == inner.type == "If"
    assert inner in outer.get_attr("then_branch").ops


def _lowered_graph_def():
    with tf.Graph().as_default() as graph:
        nested_assigning_cond()
        return graph.as_graph_def()


def test_the_conditionals_found_with_their_sides_and_merges():
    graph_def = _lowered_graph_def()
    members = find_lowered_conds(list(graph_def.node))
    outer, inner = members["cond/If/Merge_0"], members["cond/cond/If/Merge_0"]
    assert inner.parent is outer and outer.parent is None
    assert outer.identity_n.name == "cond/If" and inner.identity_n.name == "cond/cond/If"
    assert "cond/cond/If/Merge_0" in {n.name for n in outer.sides[1]}
    assert "cond/add" in {n.name for n in outer.sides[0]}
    assert "cond/cond/Assign" in {n.name for n in inner.sides[1]}


def _node(graph_def, name, op, inputs):
    node = graph_def.node.add(name=name, op=op)
    node.input.extend(inputs)
    node.attr["T"].type = tf.float32.as_datatype_enum
    return node


def test_reading_a_merges_value_index_is_refused_naming_the_node():
    graph_def = _lowered_graph_def()
    _node(graph_def, "taken", "Identity", ["cond/If/Merge_0:1"])
    with tf.Graph().as_default(), pytest.raises(tf.errors.UnimplementedError, match="'taken'"):
        tf.import_graph_def(graph_def)


def test_a_node_reading_both_sides_is_refused_naming_it():
    graph_def = _lowered_graph_def()
    _node(graph_def, "both", "AddV2", ["cond/If/Switch_1:1", "cond/If/Switch_1"])
    with tf.Graph().as_default(), pytest.raises(tf.errors.UnimplementedError, match="'both'"):
        tf.import_graph_def(graph_def)


def test_tensorflow_1_loops_are_refused_naming_their_op_type():
    graph_def = _lowered_graph_def()
    _node(graph_def, "loop/Enter", "Enter", ["v"])
    with tf.Graph().as_default(), pytest.raises(tf.errors.NotFoundError, match="'Enter'"):
        tf.import_graph_def(graph_def)
