"""ONNX export: onnxruntime computes what the session computes, to 1e-5."""

import sys

import numpy as np
import pytest

import tinytf as tf
from tinytf import onnx_export

onnx = pytest.importorskip("onnx")
onnxruntime = pytest.importorskip("onnxruntime")


def run_onnx(model, feeds):
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return session.run(None, feeds)


def randomise_variables(session, rng):
    """Values unlike the initial ones, so the export must read the session's."""
    for variable in tf.global_variables():
        shape = variable.shape.as_list()
        session.run(variable.assign(rng.uniform(0.5, 1.5, shape).astype(np.float32)))


def test_mnist_mlp_784_256_10(tmp_path, rng):
    images = tf.placeholder(tf.float32, [None, 28, 28], name="images")
    flat = tf.reshape(images, [-1, 784])
    hidden = tf.layers.dense(flat, 256, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 10, name="logits")
    probabilities = tf.nn.softmax(logits)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        path = tmp_path / "mnist.onnx"
        onnx_export.export(session, [images], [probabilities], path=path)
        batch = rng.uniform(0, 1, (32, 28, 28)).astype(np.float32)
        expected = session.run(probabilities, {images: batch})
    model = onnx.load(str(path))
    assert [node.op_type for node in model.graph.node] == [
        "Reshape",
        "MatMul",
        "Add",
        "Relu",
        "MatMul",
        "Add",
        "Softmax",
    ]
    assert [value.name for value in model.graph.input] == ["images"]
    assert [value.name for value in model.graph.output] == ["Softmax"]
    (result,) = run_onnx(model, {"images": batch})
    np.testing.assert_allclose(result, expected, atol=1e-5, rtol=0)


@pytest.mark.parametrize("training", [False, "placeholder"])
def test_iris_with_batch_normalization_in_inference_mode(rng, training):
    features = tf.placeholder(tf.float32, [None, 4], name="features")
    if training == "placeholder":
        training = tf.placeholder_with_default(False, [], name="training")
    hidden = tf.layers.dense(features, 16, activation=tf.nn.relu)
    normalized = tf.layers.batch_normalization(hidden, training=training)
    logits = tf.layers.dense(normalized, 3)
    probabilities, classes = tf.nn.softmax(logits), tf.argmax(logits, 1)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        randomise_variables(session, rng)
        model = onnx_export.export(session, [features], [probabilities, classes])
        batch = rng.normal(5, 2, (150, 4)).astype(np.float32)
        expected_probabilities, expected_classes = session.run(
            [probabilities, classes], {features: batch}
        )
    result_probabilities, result_classes = run_onnx(model, {"features": batch})
    np.testing.assert_allclose(result_probabilities, expected_probabilities, atol=1e-5, rtol=0)
    np.testing.assert_array_equal(result_classes, expected_classes)
    if training is False:  # the statistics fold into one scale and one shift
        assert [node.op_type for node in model.graph.node] == [
            "MatMul",
            "Add",
            "Relu",
            "Mul",
            "Add",
            "MatMul",
            "Add",
            "Softmax",
            "ArgMax",
        ]


def test_variables_are_initializers_with_the_sessions_values(rng):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    weights = tf.Variable(np.zeros((2, 3), np.float32), name="weights")
    biases = tf.Variable(np.zeros(3, np.float32), name="biases")
    y = tf.nn.bias_add(tf.matmul(x, weights), biases)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        trained = rng.normal(size=(2, 3)).astype(np.float32)
        session.run(weights.assign(trained))
        model = onnx_export.export(session, [x], [y])
    initializers = {
        tensor.name: onnx.numpy_helper.to_array(tensor) for tensor in model.graph.initializer
    }
    assert set(initializers) == {"weights", "biases"}
    np.testing.assert_array_equal(initializers["weights"], trained)


def test_many_op_types_match_the_session(rng):
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    scale = tf.Variable(rng.uniform(1, 2, 6).astype(np.float32), name="scale")
    y = (tf.sigmoid(x) - tf.tanh(x)) / scale + tf.sqrt(tf.abs(x)) * tf.exp(-tf.square(x))
    y = tf.maximum(tf.nn.leaky_relu(y, 0.1), tf.nn.relu6(x) - 3.0) + tf.rsqrt(scale)
    pieces = tf.concat([tf.expand_dims(y, 1), tf.expand_dims(tf.log(scale + x * x), 1)], 1)
    matrix = tf.matmul(
        tf.reshape(pieces, [-1, 12]),
        tf.reshape(tf.cast(tf.range(24), tf.float32), [2, 12]),
        transpose_b=True,
    )
    outputs = [
        tf.nn.log_softmax(matrix),
        tf.reduce_mean(y, axis=1, keepdims=True),
        tf.reduce_sum(matrix, axis=0),
        tf.reduce_max(y),
        tf.argmin(y, 1, output_type=tf.int32),
        tf.cast(tf.sign(y), tf.int32),
        tf.squeeze(tf.expand_dims(y, -1), [2]),
        tf.identity(tf.add_n([y, y, x]) / 3.0),
        tf.transpose(y),
    ]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        model = onnx_export.export(session, [x], outputs)
        batch = rng.normal(size=(7, 6)).astype(np.float32)
        expected = session.run(outputs, {x: batch})
    for result, reference in zip(run_onnx(model, {"x": batch}), expected, strict=True):
        assert result.dtype == reference.dtype
        np.testing.assert_allclose(result, reference, atol=1e-5, rtol=1e-5)


def test_an_unsupported_op_is_named():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.cumsum(x, axis=1, name="running")
    with (
        tf.Session() as session,
        pytest.raises(
            NotImplementedError, match=r"Cannot export op 'running' \(type Cumsum\) to ONNX"
        ),
    ):
        onnx_export.export(session, [x], [y])


def test_missing_inputs_and_non_placeholder_inputs_are_refused():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    bias = tf.placeholder(tf.float32, [3], name="bias")
    y = tf.nn.relu(x + bias)
    with tf.Session() as session:
        with pytest.raises(
            ValueError,
            match="Placeholder 'bias' is needed to compute the outputs but is not among the inputs",
        ):
            onnx_export.export(session, [x], [y])
        total = x + bias
        with pytest.raises(
            ValueError,
            match=r"ONNX inputs must be placeholders; add_1:0 is "
            r"computed by op 'add_1' \(AddV2\)",
        ):
            onnx_export.export(session, [total], [y])


def test_uninitialized_variables_are_tensorflows_error():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.matmul(x, tf.Variable(tf.ones([2, 2]), name="weights"))
    with (
        tf.Session() as session,
        pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value weights"),
    ):
        onnx_export.export(session, [x], [y])


def test_an_axis_that_depends_on_the_inputs_is_refused():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    shape = tf.placeholder(tf.int32, [2], name="shape")
    with (
        tf.Session() as session,
        pytest.raises(NotImplementedError, match="its shape .* depends on the inputs"),
    ):
        onnx_export.export(session, [x, shape], [tf.reshape(x, shape)])


def test_without_onnx_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.Session() as session, pytest.raises(ImportError, match=r"pip install 'tinytf\[onnx\]'"):
        onnx_export.export(session, [x], [tf.nn.relu(x)])
