"""Softmax, log_softmax and the softmax cross-entropies: values, stability, errors."""

import numpy as np
import pytest

import tinytf as tf


def log_softmax(x, axis=-1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


@pytest.fixture
def logits():
    return np.random.default_rng(1).standard_normal((4, 5)).astype(np.float32)


@pytest.fixture
def onehot():
    return np.eye(5, dtype=np.float32)[[0, 3, 4, 1]]


def test_softmax_and_log_softmax_values(logits):
    x = tf.constant(logits)
    softmax, log_probabilities = tf.nn.softmax(x), tf.nn.log_softmax(x)
    assert (softmax.name, log_probabilities.name) == ("Softmax:0", "LogSoftmax:0")
    with tf.Session() as session:
        probabilities, logs = session.run([softmax, log_probabilities])
    assert probabilities.dtype == logs.dtype == np.float32
    expected = log_softmax(logits.astype(np.float64))
    np.testing.assert_allclose(logs, expected, rtol=1e-5)
    np.testing.assert_allclose(probabilities, np.exp(expected), rtol=1e-5)


def test_softmax_along_another_axis_and_the_old_dim_argument():
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
    with tf.Session() as session:
        along_axis = session.run(tf.nn.softmax(values, axis=1))
        along_dim = session.run(tf.nn.softmax(values, dim=1))
        logs = session.run(tf.nn.log_softmax(values, axis=0))
    np.testing.assert_allclose(along_axis, np.exp(log_softmax(values, 1)), rtol=1e-6)
    np.testing.assert_array_equal(along_axis, along_dim)
    np.testing.assert_allclose(logs, log_softmax(values, 0), rtol=1e-5, atol=1e-6)


def test_softmax_rejects_an_axis_out_of_range():
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"`dim` must be in the range \[-3, 3\).*Received: dim=3",
    ):
        tf.nn.softmax(tf.ones([2, 3, 4]), axis=3)


def test_huge_logits_give_finite_losses_and_gradients():
    big = tf.constant([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]])
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=big)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=big)
    sigmoid = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=big)
    fetches = [dense, sparse, sigmoid, tf.nn.softmax(big), tf.nn.log_softmax(big)]
    fetches += tf.gradients([dense], [big, labels]) + tf.gradients(sparse, big)
    fetches += tf.gradients(sigmoid, big)
    with tf.Session() as session:
        results = session.run(fetches)
    for value in results:
        assert np.all(np.isfinite(value))
    dense_loss, sparse_loss, sigmoid_loss = results[:3]
    np.testing.assert_allclose(dense_loss, [2e4, 2e4])
    np.testing.assert_allclose(sparse_loss, [2e4, 2e4])
    np.testing.assert_allclose(sigmoid_loss, [[1e4, 1e4, np.log(2)], [1e4, 0, 1e4]], rtol=1e-6)
    expected_grad = [[1.0, -1.0, 0.0], [-1.0, 0.0, 1.0]]
    np.testing.assert_allclose(results[5], expected_grad)
    np.testing.assert_allclose(results[6], [[0, 2e4, 1e4], [2e4, 2e4, 0]])
    np.testing.assert_allclose(results[7], expected_grad)
    np.testing.assert_allclose(results[8], [[1.0, -1.0, 0.5], [-1.0, 0.0, 1.0]])


def test_dense_cross_entropy_values_and_gradient(logits, onehot):
    x = tf.constant(logits)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=x)
    # As TensorFlow: the op on logits and labels flattened to 2-D, then reshaped back.
    assert loss.name == "softmax_cross_entropy_with_logits/Reshape_2:0"
    assert loss.op.inputs[0].op.type == "SoftmaxCrossEntropyWithLogits"
    assert loss.shape.as_list() == [4]
    with tf.Session() as session:
        value, grad = session.run([loss, tf.gradients(loss, x)[0]])
    expected = log_softmax(logits.astype(np.float64))
    np.testing.assert_allclose(value, -(onehot * expected).sum(axis=1), rtol=1e-5)
    np.testing.assert_allclose(grad, np.exp(expected) - onehot, rtol=1e-5, atol=1e-7)


def test_dense_cross_entropy_of_3d_logits_with_an_unknown_batch():
    x = tf.placeholder(tf.float64, [None, 5, 3])
    labels = tf.placeholder(tf.float64, [None, 5, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)
    assert loss.shape.as_list() == [None, 5]
    flat_logits = loss.op.inputs[0].op.inputs[0]
    assert flat_logits.shape.as_list() == [None, 3]
    values = np.random.default_rng(0).normal(size=(2, 5, 3))
    targets = np.eye(3)[np.random.default_rng(1).integers(0, 3, (2, 5))]
    with tf.Session() as session:
        value, grad = session.run([loss, tf.gradients(loss, x)[0]], {x: values, labels: targets})
    expected = log_softmax(values)
    np.testing.assert_allclose(value, -(targets * expected).sum(axis=2))
    np.testing.assert_allclose(grad, np.exp(expected) - targets, atol=1e-12)


def test_dense_cross_entropy_along_axis_zero(logits, onehot):
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot.T, logits=logits.T, axis=0)
    assert loss.shape.as_list() == [4]
    with tf.Session() as session:
        value = session.run(loss)
    expected = -(onehot * log_softmax(logits.astype(np.float64))).sum(axis=1)
    np.testing.assert_allclose(value, expected, rtol=1e-5)


def test_v1_sends_no_gradient_into_labels_and_v2_does(logits, onehot):
    x, labels = tf.constant(logits), tf.constant(onehot)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)
    assert v1.name == "softmax_cross_entropy_with_logits_sg/Reshape_2:0"
    assert tf.gradients(v1, labels) == [None]
    v2_labels_grad = tf.gradients(v2, labels)[0]
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(v1), session.run(v2))
        np.testing.assert_allclose(
            session.run(v2_labels_grad), -log_softmax(logits.astype(np.float64)), rtol=1e-5
        )


@pytest.mark.parametrize(
    "function",
    [
        tf.nn.softmax_cross_entropy_with_logits,
        tf.nn.sparse_softmax_cross_entropy_with_logits,
        tf.nn.sigmoid_cross_entropy_with_logits,
    ],
)
def test_deprecated_cross_entropies_take_named_arguments_only(function):
    name = function.__name__
    with pytest.raises(
        ValueError,
        match=f"Only call `{name}` with named arguments "
        r"\(labels=..., logits=..., ...\)",
    ):
        function(tf.ones([2, 3]), tf.ones([2, 3]))
    with pytest.raises(ValueError, match="Both labels and logits must be provided."):
        function(logits=tf.ones([2, 3]))


def test_dense_cross_entropy_shape_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones([2, 2]), logits=tf.ones([2, 3]))


def test_sparse_cross_entropy_values_name_and_int64_labels(logits):
    labels = np.array([0, 3, 4, 1])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels.astype(np.int32), logits=logits, name="loss"
    )
    assert loss.name == "SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits:0"
    assert named.name == "loss/loss:0"
    x = tf.constant(logits)
    grad = tf.gradients(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x), x)[
        0
    ]
    expected = log_softmax(logits.astype(np.float64))
    with tf.Session() as session:
        value, named_value, grad_value = session.run([loss, named, grad])
    np.testing.assert_allclose(value, -expected[np.arange(4), labels], rtol=1e-5)
    np.testing.assert_array_equal(value, named_value)
    np.testing.assert_allclose(grad_value, np.exp(expected) - np.eye(5)[labels], atol=1e-6)


def test_sparse_cross_entropy_over_a_sequence():
    logits = np.random.default_rng(2).standard_normal((2, 3, 4)).astype(np.float32)
    labels = np.array([[0, 1, 3], [2, 2, 0]], dtype=np.int32)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.shape.as_list() == [2, 3]
    with tf.Session() as session:
        value = session.run(loss)
    picked = np.take_along_axis(log_softmax(logits.astype(np.float64)), labels[..., None], -1)
    np.testing.assert_allclose(value, -picked[..., 0], rtol=1e-5)


def test_sparse_label_out_of_range_fails_at_run_time():
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.ones([2, 3]))
    with tf.Session() as session:
        session.run(loss, {labels: [2, 0]})
        with pytest.raises(
            tf.errors.InvalidArgumentError,
            match=r"Received a label value of 5 which is outside the valid "
            r"range of \[0, 3\).  Label values: 5 0",
        ) as caught:
            session.run(loss, {labels: [5, 0]})
        assert caught.value.op is loss.op
        with pytest.raises(tf.errors.InvalidArgumentError, match="label value of -1"):
            session.run(loss, {labels: [1, -1]})


def test_sparse_labels_type_and_shape_errors():
    logits = tf.ones([2, 3])
    with pytest.raises(
        TypeError, match="DataType float32 not in list of allowed values: int32, int64"
    ):
        tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([1.0, 0.0]), logits=logits
        )
    with pytest.raises(ValueError, match="`labels.shape.rank` must equal `logits.shape.rank - 1`"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1, 0]], logits=logits)
    with pytest.raises(ValueError, match="must equal `logits.shape` except for the last"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0, 1], logits=logits)


def test_second_derivative_of_the_cross_entropy_is_the_softmax_jacobian(logits, onehot):
    x = tf.constant(logits.astype(np.float64))
    loss = tf.reduce_sum(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 3, 4, 1], logits=x)
    )
    first = tf.gradients(loss, x)[0]
    direction = np.random.default_rng(5).standard_normal(logits.shape)
    hessian_vector = tf.gradients(tf.reduce_sum(first * direction), x)[0]
    with tf.Session() as session:
        result = session.run(hessian_vector)
    p = np.exp(log_softmax(logits.astype(np.float64)))
    expected = p * direction - p * (p * direction).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(result, expected, rtol=1e-10)


@pytest.mark.parametrize("rows", [1, 2, 7])
def test_cross_entropies_never_write_into_their_logits(rows):
    # One row made a transposed copy contiguous already, so NumPy gave a view, not a copy.
    logits = np.random.default_rng(rows).standard_normal((rows, 3)).astype(np.float32)
    original = logits.copy()
    x = tf.placeholder(tf.float32, [None, 3])
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1] * rows, logits=x)
    dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.eye(3)[[0] * rows], logits=x)
    with tf.Session() as session:
        sparse_value, dense_value = session.run([sparse, dense], {x: logits})
    np.testing.assert_array_equal(logits, original)
    expected = log_softmax(original.astype(np.float64))
    np.testing.assert_allclose(sparse_value, -expected[:, 1], rtol=1e-5)
    np.testing.assert_allclose(dense_value, -expected[:, 0], rtol=1e-5)


def test_dense_cross_entropy_of_one_vector_is_a_scalar():
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=[0.0, 1.0, 0.0], logits=[1.0, 2.0, 3.0]
    )
    assert loss.shape.as_list() == []
    with tf.Session() as session:
        value = session.run(loss)
    np.testing.assert_allclose(value, -log_softmax(np.array([1.0, 2.0, 3.0]))[1], rtol=1e-6)


@pytest.mark.parametrize("label_dtype", [tf.float64, tf.int32])
def test_dense_cross_entropy_casts_labels_to_the_logits_dtype(logits, onehot, label_dtype):
    labels = tf.placeholder(label_dtype, [None, 5])
    x = tf.constant(logits)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x)
    reference = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=x)
    cast = tf.get_default_graph().get_operation_by_name("softmax_cross_entropy_with_logits_sg/Cast")
    assert cast.type == "Cast" and loss.dtype == tf.float32
    with tf.Session() as session:
        values, expected = session.run(
            [loss, reference], {labels: onehot.astype(label_dtype.as_numpy_dtype)}
        )
    np.testing.assert_allclose(values, expected)
