"""Graphs cross between tinytf and TensorFlow's compat.v1, both ways: a .meta file and
checkpoint written by one is imported, restored and trained further by the other with equal
losses, and a frozen .pb written by one runs on the other with equal outputs."""

import os

import numpy as np
import pytest

import tinytf
from tests.differential.reporting import record
from tinytf.framework.protobuf import graph_pb, meta_graph_pb

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
op_def_registry = pytest.importorskip("tensorflow.python.framework.op_def_registry")
variable_pb2 = pytest.importorskip("tensorflow.core.framework.variable_pb2")

RNG = np.random.default_rng(13)
X = RNG.standard_normal((8, 4)).astype(np.float32)
Y = np.eye(3, dtype=np.float32)[RNG.integers(0, 3, 8)]
W1 = RNG.standard_normal((4, 5)).astype(np.float32) / 2
W2 = RNG.standard_normal((5, 3)).astype(np.float32) / 2
OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.3),
    "adam": lambda tf: tf.train.AdamOptimizer(0.05),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.2),
}


def build(tf, optimizer):
    """An MLP with a softmax cross-entropy and an optimizer, the same on both engines."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    w1 = tf.Variable(W1, name="w1")
    b1 = tf.Variable(tf.zeros([5]), name="b1")
    hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
    w2 = tf.Variable(W2, name="w2")
    logits = tf.add(tf.matmul(hidden, w2), 0.0, name="logits")
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss"
    )
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    return loss, OPTIMIZERS[optimizer](tf).minimize(loss)


def engine_graph(tf):
    """A new graph; TensorFlow's with reference variables (VariableV2), as TF 1.x made."""
    graph = tf.Graph()
    if tf is tinytf:
        return graph, graph.as_default, lambda: _no_scope()
    return (
        graph,
        graph.as_default,
        lambda: compat.variable_scope(compat.get_variable_scope(), use_resource=False),
    )


class _no_scope:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def train(tf, session, loss, train_op, steps):
    return [session.run([loss, train_op], {"x:0": X, "y:0": Y})[0] for _ in range(steps)]


def save_trained(tf, optimizer, directory):
    """Builds, trains 2 steps, saves path (+.meta); returns the path and the next 3 losses."""
    graph, as_default, variables_scope = engine_graph(tf)
    with as_default(), variables_scope():
        loss, train_op = build(tf, optimizer)
        saver = tf.train.Saver()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            train(tf, session, loss, train_op, 2)
            path = saver.save(session, os.path.join(directory, "model"))
            return path, train(tf, session, loss, train_op, 3)


def restore_and_train(tf, path):
    """The TF 1.x idiom: import_meta_graph, restore, fetch by name, train_op collection."""
    graph = tf.Graph()
    with graph.as_default():
        saver = tf.train.import_meta_graph(path + ".meta")
        (train_op,) = tf.get_collection("train_op")
        with tf.Session() as session:
            saver.restore(session, path)
            loss = graph.get_tensor_by_name("loss:0")
            losses = train(tf, session, loss, train_op, 3)
            accuracy = session.run("accuracy:0", {"x:0": X, "y:0": Y})
    return losses, accuracy


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize("direction", ["tinytf_to_tensorflow", "tensorflow_to_tinytf"])
def test_a_saved_model_trains_on_in_the_other_engine(tmp_path, optimizer, direction):
    writer, reader = (tinytf, compat) if direction == "tinytf_to_tensorflow" else (compat, tinytf)
    path, expected = save_trained(writer, optimizer, str(tmp_path))
    losses, accuracy = restore_and_train(reader, path)
    record("programs")
    np.testing.assert_allclose(losses, expected, rtol=2e-5)
    assert 0.0 <= accuracy <= 1.0


def freeze(tf, directory):
    graph, as_default, variables_scope = engine_graph(tf)
    with as_default(), variables_scope():
        build(tf, "adam")
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            session.run("Adam", {"x:0": X, "y:0": Y})
            frozen = tf.graph_util.convert_variables_to_constants(
                session, graph.as_graph_def(), ["logits"]
            )
            expected = session.run("logits:0", {"x:0": X})
    return tf.train.write_graph(frozen, directory, "frozen.pb", as_text=False), expected


def run_frozen(tf, path):
    graph_def = tf.GraphDef()
    with open(path, "rb") as file:
        graph_def.ParseFromString(file.read())
    with tf.Graph().as_default():
        batch = tf.placeholder(tf.float32, [None, 4], name="batch")
        (logits,) = tf.import_graph_def(
            graph_def, input_map={"x:0": batch}, return_elements=["logits:0"], name="frozen"
        )
        with tf.Session() as session:
            return session.run(logits, {batch: X})


@pytest.mark.parametrize("direction", ["tinytf_to_tensorflow", "tensorflow_to_tinytf"])
def test_a_frozen_graph_runs_on_the_other_engine(tmp_path, direction):
    writer, reader = (tinytf, compat) if direction == "tinytf_to_tensorflow" else (compat, tinytf)
    path, expected = freeze(writer, str(tmp_path))
    record("programs")
    np.testing.assert_allclose(run_frozen(reader, path), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_every_exported_node_has_tensorflows_op_type_and_attributes(optimizer):
    with tinytf.Graph().as_default() as graph:
        build(tinytf, optimizer)
        tinytf.train.Saver()
        meta_graph = tinytf.train.export_meta_graph(saver=tinytf.train.Saver())
    assert len(meta_graph.graph_def.node) >= len(graph.get_operations())
    for node in meta_graph.graph_def.node:
        op_def = op_def_registry.get(node.op)
        assert op_def is not None, node.op
        names = {attr.name for attr in op_def.attr}
        required = {attr.name for attr in op_def.attr if not attr.HasField("default_value")}
        assert set(node.attr) <= names, (node.name, set(node.attr) - names)
        assert required <= set(node.attr), (node.name, required - set(node.attr))
    record("ops", len({node.op for node in meta_graph.graph_def.node}))


def tensorflow_messages():
    """Messages of each type, as TensorFlow writes them, from one of its meta graphs."""
    graph, as_default, variables_scope = engine_graph(compat)
    with as_default(), variables_scope():
        build(compat, "adam")
        compat.train.Saver()
        x = graph.get_tensor_by_name("x:0")
        signature = compat.saved_model.signature_def_utils.predict_signature_def(
            {"x": x}, {"logits": graph.get_tensor_by_name("logits:0")}
        )
        meta_graph = compat.train.export_meta_graph(saver_def=compat.train.Saver().as_saver_def())
    nodes = {node.op: node for node in meta_graph.graph_def.node}
    variable_def = variable_pb2.VariableDef.FromString(
        meta_graph.collection_def["variables"].bytes_list.value[0]
    )
    return {
        "MetaGraphDef": meta_graph,
        "GraphDef": meta_graph.graph_def,
        "NodeDef": nodes["ApplyAdam"],
        "AttrValue": nodes["Placeholder"].attr["shape"],
        "TensorProto": nodes["Const"].attr["value"].tensor,
        "TensorShapeProto": nodes["Placeholder"].attr["shape"].shape,
        "VersionDef": meta_graph.graph_def.versions,
        "SaverDef": meta_graph.saver_def,
        "CollectionDef": meta_graph.collection_def["variables"],
        "VariableDef": variable_def,
        "SignatureDef": signature,
        "TensorInfo": signature.inputs["x"],
        "NameAttrList": compat.NameAttrList(name="f", attr={"T": nodes["ApplyAdam"].attr["T"]}),
    }


def message_classes(tf):
    """tinytf's message classes, under TensorFlow's names where tf.* has them."""
    return {
        "MetaGraphDef": tf.MetaGraphDef,
        "GraphDef": tf.GraphDef,
        "NodeDef": tf.NodeDef,
        "AttrValue": tf.AttrValue,
        "TensorProto": graph_pb.TensorProto,
        "TensorShapeProto": graph_pb.TensorShapeProto,
        "VersionDef": graph_pb.VersionDef,
        "SaverDef": tf.train.SaverDef,
        "CollectionDef": meta_graph_pb.CollectionDef,
        "VariableDef": meta_graph_pb.VariableDef,
        "SignatureDef": meta_graph_pb.SignatureDef,
        "TensorInfo": tf.TensorInfo,
        "NameAttrList": tf.NameAttrList,
    }


MESSAGE_CLASSES = message_classes(tinytf)


@pytest.fixture(scope="module")
def messages():
    return tensorflow_messages()


@pytest.mark.parametrize("message_type", sorted(MESSAGE_CLASSES))
def test_protobuf_messages_read_and_write_what_tensorflow_does(messages, message_type):
    theirs = messages[message_type]
    ours = MESSAGE_CLASSES[message_type].FromString(theirs.SerializeToString())
    back = type(theirs).FromString(ours.SerializeToString())
    record("programs")
    assert back == theirs
    assert ours == theirs


def test_a_graph_written_as_text_is_read_by_tensorflow(tmp_path):
    text_format = pytest.importorskip("google.protobuf.text_format")
    with tinytf.Graph().as_default() as graph:
        build(tinytf, "sgd")
        path = tinytf.train.write_graph(graph, str(tmp_path), "graph.pbtxt")
    theirs = text_format.Parse(open(path).read(), compat.GraphDef())
    record("programs")
    assert tinytf.GraphDef.FromString(theirs.SerializeToString()) == graph.as_graph_def()


def test_an_imported_tensorflow_graph_with_an_unknown_op_type_is_a_not_found_error():
    with compat.Graph().as_default() as graph:
        compat.sqrt(compat.lgamma(compat.constant(2.0, name="two")), name="result")
        graph_def = graph.as_graph_def()
    record("programs")
    with tinytf.Graph().as_default():
        with pytest.raises(tinytf.errors.NotFoundError, match="'Lgamma'.*'Lgamma'"):
            tinytf.import_graph_def(graph_def)


def simple_save(tf, export_dir):
    graph, as_default, variables_scope = engine_graph(tf)
    with as_default(), variables_scope():
        build(tf, "sgd")
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            session.run("GradientDescent", {"x:0": X, "y:0": Y})
            inputs = {"x": graph.get_tensor_by_name("x:0")}
            outputs = {"logits": graph.get_tensor_by_name("logits:0")}
            tf.saved_model.simple_save(session, export_dir, inputs, outputs)
            return session.run("logits:0", {"x:0": X})


def load_and_predict(tf, export_dir):
    with tf.Graph().as_default(), tf.Session() as session:
        meta_graph = tf.saved_model.loader.load(
            session, [tf.saved_model.tag_constants.SERVING], export_dir
        )
        signature = meta_graph.signature_def["serving_default"]
        return session.run(signature.outputs["logits"].name, {signature.inputs["x"].name: X})


@pytest.mark.parametrize("direction", ["tinytf_to_tensorflow", "tensorflow_to_tinytf"])
def test_a_saved_model_directory_loads_in_the_other_engine(tmp_path, direction):
    writer, reader = (tinytf, compat) if direction == "tinytf_to_tensorflow" else (compat, tinytf)
    expected = simple_save(writer, str(tmp_path / "model"))
    record("programs")
    np.testing.assert_allclose(
        load_and_predict(reader, str(tmp_path / "model")), expected, rtol=1e-5
    )


@pytest.mark.parametrize(
    "value", [np.arange(6, dtype=np.float32).reshape(2, 3), np.int64(-7), [b"ab", b""], [True]]
)
def test_tensor_protos_cross_with_make_tensor_proto_and_make_ndarray(value):
    record("programs")
    for tf, other in ((tinytf, compat), (compat, tinytf)):
        made = tf.make_tensor_proto(value)
        parsed = type(other.make_tensor_proto(0)).FromString(made.SerializeToString())
        result = other.make_ndarray(parsed)
        np.testing.assert_array_equal(result, np.asarray(value))
        assert result.dtype == tf.make_ndarray(made).dtype
