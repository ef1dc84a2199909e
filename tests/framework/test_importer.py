"""tf.import_graph_def: GraphDefs (tinytf's or TensorFlow's) become ops of the registry."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework.protobuf import graph_pb

X = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 1.0, -1.0, 2.0]], np.float32)
Y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float32)


def build_mlp():
    """An MLP trained by Adam, with fixed initial weights and a broadcast bias."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    w = tf.Variable(np.linspace(-1, 1, 20, dtype=np.float32).reshape(4, 5), name="w")
    b = tf.Variable(tf.fill([5], 0.1), name="b")
    hidden = tf.nn.relu(tf.matmul(x, w) + b)
    w2 = tf.Variable(tf.ones([5, 3]) * 0.3, name="w2")
    logits = tf.add(tf.matmul(hidden, w2), 0.0, name="logits")
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss"
    )
    train = tf.train.AdamOptimizer(0.1).minimize(loss, name="train")
    tf.variables_initializer(tf.global_variables(), name="init")
    return loss, train


def losses(graph, steps=3, prefix=""):
    with graph.as_default(), tf.Session() as session:
        session.run(f"{prefix}init")
        feeds = {f"{prefix}x:0": X, f"{prefix}y:0": Y}
        return [session.run([f"{prefix}loss:0", f"{prefix}train"], feeds)[0] for _ in range(steps)]


def test_an_imported_training_graph_trains_as_the_original():
    build_mlp()
    original = tf.get_default_graph()
    graph_def = original.as_graph_def()
    assert {node.op for node in graph_def.node} >= {"ApplyAdam", "BroadcastGradientArgs"}
    imported = tf.Graph()
    with imported.as_default():
        assert tf.import_graph_def(graph_def, name="") is None
    assert imported.get_operation_by_name("train").type == "NoOp"
    np.testing.assert_allclose(losses(imported), losses(original), rtol=1e-6)


def test_names_are_prefixed_and_inputs_mapped_and_elements_returned():
    build_mlp()
    graph_def = tf.GraphDef.FromString(tf.get_default_graph().as_graph_def().SerializeToString())
    with tf.Graph().as_default():
        batch = tf.constant(X, name="batch")
        logits, matmul = tf.import_graph_def(
            graph_def, input_map={"x:0": batch}, return_elements=["logits:0", "MatMul"]
        )
        assert logits.name == "import/logits:0" and matmul.name == "import/MatMul"
        assert matmul.inputs[0] is batch
        again = tf.import_graph_def(graph_def, return_elements=["logits"])
        assert again[0].name == "import_1/logits"
        with tf.Session() as session:
            session.run("import/init")
            assert session.run(logits).shape == (2, 3)


def test_an_unknown_op_type_is_a_not_found_error_naming_node_and_type():
    graph_def = tf.GraphDef()
    graph_def.node.add(name="mystery", op="FancyOp")
    with pytest.raises(tf.errors.NotFoundError, match="'FancyOp'.*node 'mystery'"):
        tf.import_graph_def(graph_def)


@pytest.mark.parametrize(
    "name, inputs, message",
    [
        ("bad name!", [], "invalid characters"),
        ("a", ["missing"], "Unknown input node 'missing'"),
    ],
)
def test_malformed_graphs_are_refused(name, inputs, message):
    graph_def = tf.GraphDef()
    node = graph_def.node.add(name=name, op="NoOp")
    node.input.extend(inputs)
    with pytest.raises(ValueError, match=message):
        tf.import_graph_def(graph_def)


def test_input_map_keys_must_exist_and_values_be_tensors():
    graph_def = tf.GraphDef()
    node = graph_def.node.add(name="c", op="Const")
    node.attr["dtype"].type = tf.float32.as_datatype_enum
    node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(1.5))
    with pytest.raises(ValueError, match=r"not found in graph_def: \[d:0\]"):
        tf.import_graph_def(graph_def, input_map={"d:0": tf.constant(1.0)})
    with pytest.raises(TypeError, match="must be Tensors"):
        tf.import_graph_def(graph_def, input_map={"c:0": 1.0})
    (c,) = tf.import_graph_def(graph_def, return_elements=["c:0"], name="")
    with tf.Session() as session:
        assert session.run(c) == np.float32(1.5)


def test_tensor_protos_with_typed_values_repeat_the_last_one():
    proto = graph_pb.TensorProto(dtype=tf.int32.as_datatype_enum)
    proto.tensor_shape.dim.add(size=4)
    proto.int_val.extend([7, 8])
    np.testing.assert_array_equal(tf.make_ndarray(proto), [7, 8, 8, 8])
    strings = tf.make_tensor_proto([b"a", b"bc"])
    assert list(tf.make_ndarray(strings)) == [b"a", b"bc"]
    array = np.arange(6, dtype=np.float64).reshape(2, 3)
    np.testing.assert_array_equal(tf.make_ndarray(tf.make_tensor_proto(array)), array)
