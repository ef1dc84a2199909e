"""MetaGraphDefs: Saver.save writes path.meta; import_meta_graph rebuilds the graph, its
collections and a Saver without the Python that built the model."""

import numpy as np
import pytest

import tinytf as tf

X = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 1.0, -1.0, 2.0], [2.0, 2.0, 0.0, -1.0]], np.float32)
Y = np.eye(3, dtype=np.float32)


def build_model():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    w = tf.Variable(np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3), name="w")
    b = tf.Variable(tf.zeros([3]), name="b")
    logits = tf.add(tf.matmul(x, w), b, name="logits")
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss"
    )
    tf.summary.scalar("loss", loss)
    train_op = tf.train.MomentumOptimizer(0.5, 0.9).minimize(loss)  # joins "train_op"
    tf.add_to_collection("outputs", logits)
    return loss, train_op


def train(session, loss, train_op, steps):
    return [session.run([loss, train_op], {"x:0": X, "y:0": Y})[0] for _ in range(steps)]


def test_a_saved_model_restores_and_trains_on_without_its_python(tmp_path):
    loss, train_op = build_model()
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        train(session, loss, train_op, 2)
        path = saver.save(session, str(tmp_path / "model"))
        expected = train(session, loss, train_op, 3)
    tf.reset_default_graph()
    restorer = tf.train.import_meta_graph(path + ".meta")
    graph = tf.get_default_graph()
    assert [v.name for v in tf.trainable_variables()] == ["w:0", "b:0"]
    assert len(tf.global_variables()) == 4  # w, b and their momentum slots
    (imported_train_op,) = tf.get_collection("train_op")
    assert imported_train_op.name == train_op.name
    assert tf.get_collection("outputs")[0].name == "logits:0"
    assert tf.get_collection(tf.GraphKeys.SUMMARIES)[0].name == "loss_1:0"
    with tf.Session() as session:
        restorer.restore(session, path)
        losses = train(session, graph.get_tensor_by_name("loss:0"), imported_train_op, 3)
    np.testing.assert_allclose(losses, expected, rtol=1e-6)


def test_import_scope_prefixes_names_and_clear_devices(tmp_path):
    build_model()
    meta_graph = tf.train.export_meta_graph(str(tmp_path / "graph.meta"))
    assert not meta_graph.HasField("saver_def")  # no Saver was given
    assert set(meta_graph.collection_def) >= {"variables", "trainable_variables", "train_op"}
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(
            str(tmp_path / "graph.meta"), import_scope="copy", clear_devices=True
        )
        assert tf.get_default_graph().get_tensor_by_name("copy/loss:0").dtype == tf.float32
        assert [v.name for v in tf.trainable_variables()] == ["copy/w:0", "copy/b:0"]
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            assert session.run("copy/loss:0", {"copy/x:0": X, "copy/y:0": Y}) > 0
        assert isinstance(saver, tf.train.Saver)


def test_meta_graphs_write_as_text_and_a_bad_file_is_an_error(tmp_path):
    build_model()
    tf.train.export_meta_graph(str(tmp_path / "graph.pbtxt"), as_text=True)
    text = (tmp_path / "graph.pbtxt").read_text()
    assert 'op: "MatMul"' in text and "collection_def {" in text
    (tmp_path / "bad.meta").write_bytes(b"\xff\xff\xff")
    with pytest.raises(OSError, match="bad.meta"):
        tf.train.import_meta_graph(str(tmp_path / "bad.meta"))
    with pytest.raises(OSError, match="does not exist"):
        tf.train.import_meta_graph(str(tmp_path / "missing.meta"))


def test_a_graph_without_variables_imports_with_no_saver():
    tf.constant(1.0, name="one")
    meta_graph = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        assert tf.train.import_meta_graph(meta_graph) is None
        assert tf.get_default_graph().get_tensor_by_name("one:0").dtype == tf.float32


def test_a_meta_graph_with_a_dropout_training_flag_imports_with_its_branches(tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    hidden = tf.layers.dense(x, 4, kernel_initializer=tf.ones_initializer())
    dropped = tf.layers.dropout(hidden, 0.5, training=training)
    tf.identity(tf.layers.dense(dropped, 2, kernel_initializer=tf.ones_initializer()), "out")
    saver = tf.train.Saver()
    path = str(tmp_path / "model")
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        saver.save(session, path)
    ones = np.ones((2, 3), np.float32)
    with tf.Graph().as_default() as graph:
        restorer = tf.train.import_meta_graph(path + ".meta")
        assert graph.get_operation_by_name("dropout/cond/If").type == "If"
        with tf.Session() as session:
            restorer.restore(session, path)
            np.testing.assert_array_equal(session.run("out:0", {"x:0": ones}), np.full((2, 2), 12))
            trained = session.run("out:0", {"x:0": ones, "training:0": True})
    assert set(np.unique(trained)) <= {0.0, 6.0, 12.0, 18.0, 24.0}  # kept units doubled
