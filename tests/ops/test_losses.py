"""tf.losses: per-element formulas, weights, reductions, collections and errors."""

import numpy as np
import pytest

import tinytf as tf

LABELS = np.array([[1.0, 5.0, 3.0], [2.0, 2.0, 2.0]], dtype=np.float32)
PREDICTIONS = np.array([[0.1, 0.5, 0.3], [0.2, 0.9, 0.2]], dtype=np.float32)
BINARY = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]], dtype=np.float32)


def run(tensor):
    with tf.Session() as session:
        return session.run(tensor)


def log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softplus(x):
    return np.logaddexp(0, x)


def huber(error, delta):
    error = np.abs(error)
    return np.where(error <= delta, 0.5 * error**2, delta * (error - 0.5 * delta))


ELEMENTWISE = {
    "mean_squared_error": (
        lambda: tf.losses.mean_squared_error(LABELS, PREDICTIONS),
        (PREDICTIONS - LABELS) ** 2,
    ),
    "absolute_difference": (
        lambda: tf.losses.absolute_difference(LABELS, PREDICTIONS),
        np.abs(PREDICTIONS - LABELS),
    ),
    "huber_loss": (
        lambda: tf.losses.huber_loss(LABELS, PREDICTIONS * 4, delta=0.5),
        huber(PREDICTIONS * 4 - LABELS, 0.5),
    ),
    "log_loss": (
        lambda: tf.losses.log_loss(BINARY, PREDICTIONS),
        -BINARY * np.log(PREDICTIONS + 1e-7) - (1 - BINARY) * np.log(1 - PREDICTIONS + 1e-7),
    ),
    "hinge_loss": (
        lambda: tf.losses.hinge_loss(BINARY, LABELS - 3),
        np.maximum(0, 1 - (2 * BINARY - 1) * (LABELS - 3)),
    ),
    "sigmoid_cross_entropy_loss": (
        lambda: tf.losses.sigmoid_cross_entropy(BINARY, LABELS - 3),
        softplus(LABELS - 3) - (LABELS - 3) * BINARY,
    ),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_each_loss_is_the_mean_of_its_formula_by_default(name):
    build, elementwise = ELEMENTWISE[name]
    loss = build()
    assert loss.name == f"{name}/value:0"
    assert loss.dtype == tf.float32 and loss.shape.as_list() == []
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]
    np.testing.assert_allclose(run(loss), elementwise.astype(np.float64).mean(), rtol=1e-5)


def test_reductions_of_weighted_losses():
    weights = np.array([[1.0], [0.0]], dtype=np.float32)
    squared = (PREDICTIONS.astype(np.float64) - LABELS) ** 2
    weighted = squared * weights
    reduction = tf.losses.Reduction
    expected = {
        reduction.NONE: weighted,
        reduction.SUM: weighted.sum(),
        reduction.MEAN: weighted.sum() / (weights * np.ones((2, 3))).sum(),
        reduction.SUM_OVER_BATCH_SIZE: weighted.sum() / 6,
        reduction.SUM_BY_NONZERO_WEIGHTS: weighted.sum() / 3,
    }
    for key, value in expected.items():
        loss = tf.losses.mean_squared_error(LABELS, PREDICTIONS, weights=weights, reduction=key)
        np.testing.assert_allclose(run(loss), value, rtol=1e-5, err_msg=key)
    assert len(tf.losses.get_losses()) == len(expected)
    assert reduction.SUM_OVER_NONZERO_WEIGHTS == reduction.SUM_BY_NONZERO_WEIGHTS
    assert reduction.SUM_BY_NONZERO_WEIGHTS == "weighted_sum_by_nonzero_weights"


def test_mean_divides_by_the_sum_of_the_weights():
    weights = np.array([[0.5, 2.0, 0.0]], dtype=np.float32)
    loss = tf.losses.absolute_difference(
        LABELS, PREDICTIONS, weights=weights, reduction=tf.losses.Reduction.MEAN
    )
    errors = np.abs(PREDICTIONS.astype(np.float64) - LABELS)
    np.testing.assert_allclose(run(loss), (errors * weights).sum() / (weights.sum() * 2), rtol=1e-6)


def test_zero_weights_give_zero_not_nan():
    for weights in (0.0, np.zeros((2, 1), np.float32)):
        assert run(tf.losses.mean_squared_error(LABELS, PREDICTIONS, weights=weights)) == 0.0
    mean = tf.losses.mean_squared_error(
        LABELS, PREDICTIONS, weights=np.zeros((2, 3)), reduction=tf.losses.Reduction.MEAN
    )
    assert run(mean) == 0.0


def test_a_weight_tensor_can_be_fed_and_differentiated():
    weights = tf.placeholder(tf.float32, [2, 1])
    loss = tf.losses.mean_squared_error(LABELS, PREDICTIONS, weights=weights)
    grad = tf.gradients(loss, weights)[0]
    squared = (PREDICTIONS.astype(np.float64) - LABELS) ** 2
    with tf.Session() as session:
        value, grad_value = session.run([loss, grad], {weights: [[2.0], [1.0]]})
    np.testing.assert_allclose(value, (squared * [[2.0], [1.0]]).sum() / 6, rtol=1e-6)
    np.testing.assert_allclose(grad_value, squared.sum(axis=1, keepdims=True) / 6, rtol=1e-6)


def test_weights_that_cannot_broadcast_are_rejected_with_tensorflows_message():
    with pytest.raises(
        ValueError,
        match=r"weights can not be broadcast to values. "
        r"values.rank=2. weights.rank=1.",
    ):
        tf.losses.mean_squared_error(LABELS, PREDICTIONS, weights=[1.0, 0.0])
    with pytest.raises(
        ValueError,
        match=r"Mismatch at dim 1. values.shape=\[2 3\], "
        r"weights.shape=\[1 2\]",
    ):
        tf.losses.mean_squared_error(LABELS, PREDICTIONS, weights=[[1.0, 0.0]])


def test_argument_errors():
    with pytest.raises(ValueError, match="Argument `labels` must not be None."):
        tf.losses.mean_squared_error(None, PREDICTIONS)
    with pytest.raises(ValueError, match="Argument `logits` must not be None."):
        tf.losses.hinge_loss(BINARY, None)
    with pytest.raises(ValueError, match=r"Shapes \(3, 2\) and \(2, 3\) are incompatible"):
        tf.losses.mean_squared_error(LABELS, np.ones((3, 2), np.float32))
    with pytest.raises(ValueError, match="Invalid Reduction Key bad."):
        tf.losses.mean_squared_error(LABELS, PREDICTIONS, reduction="bad")


def test_softmax_cross_entropy_with_weights_and_label_smoothing():
    onehot = np.eye(3, dtype=np.float32)[[0, 2]]
    weights = np.array([2.0, 0.0], dtype=np.float32)
    loss = tf.losses.softmax_cross_entropy(onehot, LABELS, weights=weights)
    smoothed = tf.losses.softmax_cross_entropy(onehot, LABELS, label_smoothing=0.1)
    per_example = -(onehot * log_softmax(LABELS.astype(np.float64))).sum(axis=1)
    smooth_labels = onehot * 0.9 + 0.1 / 3
    smooth_example = -(smooth_labels * log_softmax(LABELS.astype(np.float64))).sum(axis=1)
    assert loss.name == "softmax_cross_entropy_loss/value:0"
    assert smoothed.name == "softmax_cross_entropy_loss_1/value:0"
    np.testing.assert_allclose(run(loss), (per_example * weights).sum() / 1, rtol=1e-5)
    np.testing.assert_allclose(run(smoothed), smooth_example.mean(), rtol=1e-5)


def test_softmax_cross_entropy_sends_no_gradient_into_the_labels():
    labels = tf.constant(np.eye(3, dtype=np.float32)[[0, 2]])
    logits = tf.constant(LABELS)
    loss = tf.losses.softmax_cross_entropy(labels, logits)
    labels_grad, logits_grad = tf.gradients(loss, [labels, logits])
    assert labels_grad is None
    probabilities = np.exp(log_softmax(LABELS.astype(np.float64)))
    np.testing.assert_allclose(
        run(logits_grad), (probabilities - np.eye(3)[[0, 2]]) / 2, rtol=1e-5, atol=1e-7
    )


def test_sparse_softmax_cross_entropy_squeezes_column_labels_and_weights():
    logits = LABELS.astype(np.float64)
    per_example = -log_softmax(logits)[[0, 1], [0, 1]]
    flat = tf.losses.sparse_softmax_cross_entropy([0, 1], LABELS, weights=[2.0, 1.0])
    column = tf.losses.sparse_softmax_cross_entropy([[0], [1]], LABELS, weights=[[2.0], [1.0]])
    assert flat.name == "sparse_softmax_cross_entropy_loss/value:0"
    expected = (per_example * [2.0, 1.0]).sum() / 2
    np.testing.assert_allclose(run(flat), expected, rtol=1e-5)
    np.testing.assert_allclose(run(column), expected, rtol=1e-5)


def test_sigmoid_cross_entropy_label_smoothing_moves_labels_towards_one_half():
    loss = tf.losses.sigmoid_cross_entropy(BINARY, LABELS, label_smoothing=0.2)
    labels = BINARY * 0.8 + 0.1
    logits = LABELS.astype(np.float64)
    np.testing.assert_allclose(run(loss), (softplus(logits) - logits * labels).mean(), rtol=1e-5)


def test_integer_labels_are_cast_to_float():
    loss = tf.losses.mean_squared_error(np.array([[1, 0]]), np.array([[0.5, 0.5]], np.float32))
    np.testing.assert_allclose(run(loss), 0.25)


def test_cosine_distance_needs_an_axis():
    unit = np.array([[0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    other = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    loss = tf.losses.cosine_distance(unit, other, axis=1)
    np.testing.assert_allclose(run(loss), ((1 - 0.8) + 0.0) / 2, rtol=1e-6)
    with pytest.raises(ValueError, match="You must specify argument `axis`."):
        tf.losses.cosine_distance(unit, other)


def test_compute_weighted_loss_and_collections():
    losses = tf.constant([1.0, 2.0, 3.0])
    loss = tf.losses.compute_weighted_loss(losses, weights=[0.0, 1.0, 1.0])
    hidden = tf.losses.compute_weighted_loss(losses, loss_collection=None)
    assert loss.name == "weighted_loss/value:0"
    np.testing.assert_allclose(run(loss), 2.5)
    np.testing.assert_allclose(run(hidden), 2.0)
    assert tf.losses.get_losses() == [loss]
    extra = tf.constant(1.5)
    tf.losses.add_loss(extra)
    assert tf.losses.get_losses() == [loss, extra]


def test_regularization_and_total_losses():
    assert run(tf.losses.get_regularization_loss()) == 0.0
    loss = tf.losses.absolute_difference(LABELS, PREDICTIONS)
    penalty = tf.constant(0.25)
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, penalty)
    assert tf.losses.get_regularization_losses() == [penalty]
    regularization = tf.losses.get_regularization_loss()
    total = tf.losses.get_total_loss()
    data_only = tf.losses.get_total_loss(add_regularization_losses=False, name="data_loss")
    assert regularization.name == "total_regularization_loss:0"
    assert total.name == "total_loss:0" and data_only.name == "data_loss:0"
    mean_error = np.abs(PREDICTIONS.astype(np.float64) - LABELS).mean()
    np.testing.assert_allclose(run(total), mean_error + 0.25, rtol=1e-6)
    np.testing.assert_allclose(run(data_only), run(loss))
    np.testing.assert_allclose(run(regularization), 0.25)


def test_total_loss_without_any_loss_is_an_error():
    with pytest.raises(ValueError):
        tf.losses.get_total_loss()
