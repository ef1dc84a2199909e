"""GraphDefs against TensorFlow's compat.v1: the graph TensorBoard draws is TensorFlow's."""

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
TensorProto = pytest.importorskip("tensorboard.compat.proto.tensor_pb2").TensorProto
tensor_util = pytest.importorskip("tensorboard.util.tensor_util")

# Attributes TensorFlow adds that tinytf does not model (colocation, locking, containers).
_TENSORFLOW_ONLY_ATTRS = {
    "_class",
    "use_locking",
    "container",
    "shared_name",
    "Tshape",
    "Tidx",
    "grad_a",
    "grad_b",
    "_has_manual_control_dependencies",
}


def build(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.name_scope("hidden"):
        weights = tf.Variable(tf.ones([4, 3]), name="weights", use_resource=False)
        biases = tf.Variable(tf.zeros([3]), name="biases", use_resource=False)
        hidden = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, weights), biases))
    with tf.name_scope("output"), tf.control_dependencies([hidden]):
        output = tf.identity(tf.reshape(x, [-1, 2, 2]), name="output")
    return hidden, output


def graph_def_of(tf, graph):
    with graph.as_default():
        build(tf)
    return graph.as_graph_def(add_shapes=True)


def described(graph_def):
    """Each node's name, op, inputs and attributes, as comparable values (the two sides'
    protobuf classes differ, and a constant has several valid encodings)."""
    return [
        (
            node.name,
            node.op,
            list(node.input),
            {
                key: comparable(value)
                for key, value in node.attr.items()
                if key not in _TENSORFLOW_ONLY_ATTRS
            },
        )
        for node in graph_def.node
    ]


def comparable(attr_value):
    if attr_value.HasField("tensor"):
        tensor = TensorProto.FromString(attr_value.tensor.SerializeToString())
        return tensor_util.make_ndarray(tensor).tolist()
    return attr_value.SerializeToString(deterministic=True)


def test_names_ops_inputs_and_attributes_equal_tensorflows():
    ours = graph_def_of(tinytf, tinytf.Graph())
    theirs = graph_def_of(compat, tensorflow.Graph())
    for mine, reference in zip(described(ours), described(theirs), strict=True):
        assert mine[:3] == reference[:3]
        for key, value in reference[3].items():
            assert mine[3].get(key) == value, (mine[0], key)


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_a_bias_add_exported_by_tinytf_runs_in_tensorflow(data_format):
    images = np.random.default_rng(3).normal(size=(2, 3, 4, 5)).astype(np.float32)
    channels = 5 if data_format == "NHWC" else 3
    with tinytf.Graph().as_default() as graph:
        x = tinytf.placeholder(tinytf.float32, images.shape, name="x")
        bias = tinytf.constant(np.arange(channels, dtype=np.float32), name="bias")
        tinytf.nn.bias_add(x, bias, data_format=data_format, name="out")
        with tinytf.Session() as session:
            ours = session.run("out:0", {"x:0": images})
    graph_def = compat.GraphDef.FromString(graph.as_graph_def().SerializeToString())
    with tensorflow.Graph().as_default(), compat.Session() as session:
        compat.import_graph_def(graph_def, name="")
        theirs = session.run("out:0", {"x:0": images})
    np.testing.assert_array_equal(ours, theirs)
