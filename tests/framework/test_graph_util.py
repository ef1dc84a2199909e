"""tf.graph_util: freezing variables into constants, and cutting out sub-graphs."""

import numpy as np
import pytest

import tinytf as tf


def small_model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    out = tf.identity(tf.matmul(x, w), name="out")
    tf.reduce_sum(out, name="unused")
    return x, w, out


def test_freezing_replaces_the_variables_read_by_constants_with_their_values():
    x, w, out = small_model()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(w.assign(w * 2))
        frozen = tf.graph_util.convert_variables_to_constants(
            session, tf.get_default_graph().as_graph_def(), ["out"]
        )
    nodes = {node.name: node for node in frozen.node}
    assert "unused" not in nodes and "w/Assign" not in nodes
    assert nodes["w"].op == "Const"
    np.testing.assert_array_equal(
        tf.make_ndarray(nodes["w"].attr["value"].tensor), [[2, 4], [6, 8]]
    )
    with tf.Graph().as_default():
        (output,) = tf.import_graph_def(frozen, return_elements=["out:0"], name="")
        with tf.Session() as session:
            np.testing.assert_array_equal(session.run(output, {"x:0": [[1.0, 1.0]]}), [[8, 12]])


def test_extract_sub_graph_keeps_what_the_destinations_need_in_order():
    small_model()
    graph_def = tf.get_default_graph().as_graph_def()
    sub = tf.graph_util.extract_sub_graph(graph_def, ["out"])
    assert [node.name for node in sub.node] == ["x", "w", "w/read", "MatMul", "out"]
    with pytest.raises(TypeError, match="dest_nodes must be a list"):
        tf.graph_util.extract_sub_graph(graph_def, "out")
    with pytest.raises(AssertionError, match="nothere is not in graph"):
        tf.graph_util.extract_sub_graph(graph_def, ["nothere"])


def test_remove_training_nodes_bypasses_identities():
    small_model()
    graph_def = tf.get_default_graph().as_graph_def()
    cleaned = tf.graph_util.remove_training_nodes(graph_def, protected_nodes=["out"])
    nodes = {node.name: node for node in cleaned.node}
    assert "w/read" not in nodes and "out" in nodes
    assert list(nodes["MatMul"].input) == ["x", "w"]
