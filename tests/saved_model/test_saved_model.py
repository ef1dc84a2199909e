"""tf.saved_model: simple_save writes a SavedModel directory that loader.load restores."""

import numpy as np
import pytest

import tinytf as tf

X = np.array([[1.0, 2.0], [-1.0, 0.5]], np.float32)


def build_and_save(export_dir):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [0.5, 2.0]], name="w")
    y = tf.nn.softmax(tf.matmul(x, w), name="y")
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(w.assign(w * 3))
        expected = session.run(y, {x: X})
        tf.saved_model.simple_save(session, export_dir, {"x": x}, {"y": y})
    return expected


def test_simple_save_then_load_restores_the_model(tmp_path):
    export_dir = str(tmp_path / "model")
    expected = build_and_save(export_dir)
    assert tf.saved_model.contains_saved_model(export_dir)
    assert (tmp_path / "model" / "variables" / "variables.index").exists()
    with tf.Graph().as_default(), tf.Session() as session:
        meta_graph = tf.saved_model.loader.load(
            session, [tf.saved_model.tag_constants.SERVING], export_dir
        )
        signature = meta_graph.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        x = tf.saved_model.utils.get_tensor_from_tensor_info(signature.inputs["x"])
        y = session.graph.get_tensor_by_name(signature.outputs["y"].name)
        np.testing.assert_allclose(session.run(y, {x: X}), expected, rtol=1e-6)


def test_errors_name_the_directory_and_tags(tmp_path):
    export_dir = str(tmp_path / "model")
    build_and_save(export_dir)
    with tf.Session() as session, pytest.raises(AssertionError, match="already exists"):
        tf.saved_model.simple_save(session, export_dir, {"x": tf.constant(1)}, {"y": 1})
    with tf.Graph().as_default(), tf.Session() as session:
        with pytest.raises(RuntimeError, match=r"tags \['train'\] could not be found"):
            tf.saved_model.loader.load(session, ["train"], export_dir)
        with pytest.raises(OSError, match="does not exist"):
            tf.saved_model.loader.load(session, ["serve"], str(tmp_path / "none"))
