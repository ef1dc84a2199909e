"""Ops written into a GraphDef as TensorFlow's ops, and read back (framework/expanded_ops.py
and the importer)."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework.graph_def import make_ndarray

VALUES = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


def round_trip(build):
    """The GraphDef of what `build` makes, and its tensor "out" computed after importing
    that GraphDef into a new graph."""
    with tf.Graph().as_default() as written:
        build()
    graph_def = written.as_graph_def()
    with tf.Graph().as_default(), tf.Session() as session:
        tf.import_graph_def(graph_def, name="")
        return graph_def, session.run("out:0", {"x:0": VALUES})


def test_a_transpose_writes_its_permutation_as_a_const_input_and_reads_it_back():
    graph_def, value = round_trip(
        lambda: tf.transpose(tf.placeholder(tf.float32, [2, 3, 4], name="x"), [2, 0, 1], name="out")
    )
    nodes = {node.name: node for node in graph_def.node}
    assert list(nodes["out"].input) == ["x", "out/perm"]
    assert make_ndarray(nodes["out/perm"].attr["value"].tensor).tolist() == [2, 0, 1]
    np.testing.assert_array_equal(value, VALUES.transpose(2, 0, 1))


def test_a_transpose_of_unknown_rank_reverses_the_axes_after_the_round_trip():
    graph_def, value = round_trip(
        lambda: tf.transpose(tf.placeholder(tf.float32, None, name="x"), name="out")
    )
    assert [n.op for n in graph_def.node if n.name.startswith("out/")] == [
        "Const",
        "Const",
        "Rank",
        "Sub",
        "Range",
    ]
    np.testing.assert_array_equal(value, VALUES.transpose())


def test_a_permutation_fed_at_run_time_cannot_be_imported():
    with tf.Graph().as_default() as written:
        x = tf.placeholder(tf.float32, [2, 3], name="x")
        tf.transpose(x, [1, 0], name="out")
    graph_def = written.as_graph_def()
    perm = next(node for node in graph_def.node if node.name == "out/perm")
    perm.op = "Placeholder"  # the permutation becomes a feed
    perm.attr.pop("value")
    perm.attr["shape"].shape.dim.add(size=2)
    with tf.Graph().as_default(), pytest.raises(tf.errors.UnimplementedError, match="'out'"):
        tf.import_graph_def(graph_def, name="")


def bias_adds(first: str, last: str):
    """A GraphDef with an NCHW bias addition named `first` and an NHWC one named `last`,
    and its nodes by name."""
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    tf.nn.bias_add(x, tf.constant([1.0, 2.0, 3.0]), data_format="NCHW", name=first)
    tf.nn.bias_add(x, tf.constant([1.0, 2.0, 3.0, 4.0]), name=last)
    graph_def = tf.get_default_graph().as_graph_def()
    return graph_def, {node.name: node for node in graph_def.node}


def test_bias_add_writes_and_reads_its_layout_as_tensorflows_data_format():
    graph_def, nodes = bias_adds("first", "last")
    assert nodes["first"].attr["data_format"].s == b"NCHW"
    assert nodes["last"].attr["data_format"].s == b"NHWC"
    assert all("channels_first" not in node.attr for node in nodes.values())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        first = graph.get_operation_by_name("first")
        last = graph.get_operation_by_name("last")
    assert first.get_attr("channels_first") and not last.get_attr("channels_first")


def test_bias_add_reads_the_channels_first_of_tinytfs_older_files_and_nhwc_by_default():
    graph_def, nodes = bias_adds("older", "bare")
    del nodes["older"].attr["data_format"]
    nodes["older"].attr["channels_first"].b = True  # as tinytf wrote it before
    del nodes["bare"].attr["data_format"]  # TensorFlow's default: NHWC
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        assert graph.get_operation_by_name("older").get_attr("channels_first")
        assert not graph.get_operation_by_name("bare").get_attr("channels_first")
