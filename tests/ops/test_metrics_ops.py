"""tf.metrics: streaming over several batches against scikit-learn, names, collections."""

import numpy as np
import pytest
from sklearn import metrics as sk

import tinytf as tf


def stream(metric, batches, feeds):
    """Runs `metric`'s update op once per batch (a tuple of arrays for the `feeds`
    placeholders) and returns its final value and the value of each update."""
    value, update_op = metric
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(value) == 0.0
        updates = [sess.run(update_op, dict(zip(feeds, batch, strict=True))) for batch in batches]
        return sess.run(value), updates


def split(*arrays, parts=3):
    return list(zip(*(np.array_split(array, parts) for array in arrays), strict=True))


@pytest.fixture
def classes(rng):
    labels = rng.integers(0, 3, size=60)
    predictions = np.where(rng.random(60) < 0.7, labels, rng.integers(0, 3, size=60))
    weights = rng.random(60)
    return labels, predictions, weights


def test_accuracy_streams_over_batches_like_sklearn(classes):
    labels, predictions, _ = classes
    label_input = tf.placeholder(tf.int64, [None])
    prediction_input = tf.placeholder(tf.int64, [None])
    metric = tf.metrics.accuracy(label_input, prediction_input)
    value, updates = stream(metric, split(labels, predictions), [label_input, prediction_input])
    assert value == pytest.approx(sk.accuracy_score(labels, predictions), rel=1e-6)
    assert updates[0] == pytest.approx(sk.accuracy_score(labels[:20], predictions[:20]))
    assert updates[-1] == pytest.approx(value)


def test_accuracy_variables_are_local_and_named_as_in_tensorflow():
    value, update_op = tf.metrics.accuracy([1, 2], [1, 3])
    assert value.name == "accuracy/value:0" and update_op.name == "accuracy/update_op:0"
    names = ["accuracy/total:0", "accuracy/count:0"]
    assert [v.name for v in tf.local_variables()] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)] == names
    assert tf.global_variables() == [] and tf.trainable_variables() == []
    second, _ = tf.metrics.accuracy([1], [1], name="accuracy")
    assert second.name == "accuracy_1/value:0"


def test_weighted_accuracy_and_column_predictions(classes):
    labels, predictions, weights = classes
    label_input = tf.placeholder(tf.int32, [None])
    prediction_input = tf.placeholder(tf.int32, [None, 1])
    weight_input = tf.placeholder(tf.float32, [None])
    metric = tf.metrics.accuracy(label_input, prediction_input, weights=weight_input)
    value, _ = stream(
        metric,
        split(labels, predictions[:, None], weights),
        [label_input, prediction_input, weight_input],
    )
    expected = sk.accuracy_score(labels, predictions, sample_weight=weights)
    assert value == pytest.approx(expected, rel=1e-5)


def test_weighted_mean_and_collections(rng):
    values = rng.normal(size=(12, 2))
    weights = rng.random((12, 1))
    value_input = tf.placeholder(tf.float64, [None, 2])
    weight_input = tf.placeholder(tf.float64, [None, 1])
    metric = tf.metrics.mean(
        value_input,
        weights=weight_input,
        metrics_collections=["means"],
        updates_collections=["updates"],
    )
    assert tf.get_collection("means") == [metric[0]]
    assert tf.get_collection("updates") == [metric[1]]
    assert [v.name for v in tf.local_variables()] == ["mean/total:0", "mean/count:0"]
    value, _ = stream(metric, split(values, weights), [value_input, weight_input])
    expected = np.average(values, weights=np.broadcast_to(weights, values.shape))
    assert value == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize(
    "metric_name, sklearn_score, miss_name",
    [
        ("precision", sk.precision_score, "false_positives"),
        ("recall", sk.recall_score, "false_negatives"),
    ],
)
def test_precision_and_recall_stream_like_sklearn(rng, metric_name, sklearn_score, miss_name):
    labels = rng.random(50) < 0.4
    predictions = rng.random(50) < 0.5
    weights = rng.random(50)
    label_input = tf.placeholder(tf.bool, [None])
    prediction_input = tf.placeholder(tf.bool, [None])
    weight_input = tf.placeholder(tf.float32, [None])
    metric_function = getattr(tf.metrics, metric_name)
    plain = metric_function(label_input, prediction_input)
    weighted = metric_function(label_input, prediction_input, weights=weight_input)
    assert [v.name for v in tf.local_variables()][:2] == [
        f"{metric_name}/true_positives/count:0",
        f"{metric_name}/{miss_name}/count:0",
    ]
    value, _ = stream(plain, split(labels, predictions), [label_input, prediction_input])
    assert value == pytest.approx(sklearn_score(labels, predictions), rel=1e-6)
    value, _ = stream(
        weighted, split(labels, predictions, weights), [label_input, prediction_input, weight_input]
    )
    expected = sklearn_score(labels, predictions, sample_weight=weights)
    assert value == pytest.approx(expected, rel=1e-5)


def test_precision_without_positive_predictions_is_zero():
    value, update_op = tf.metrics.precision([True, False], [False, False])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update_op) == 0.0 and sess.run(value) == 0.0


def thresholded_counts(labels, scores, weights, num_thresholds=200):
    """TensorFlow's confusion counts at its evenly spaced float32 thresholds."""
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    thresholds = np.array([-1e-7] + inner + [1 + 1e-7], dtype=np.float32)
    positive = scores.astype(np.float32)[None, :] > thresholds[:, None]
    labelled = labels.astype(bool)[None, :]
    return tuple(
        (mask * weights).sum(axis=1)
        for mask in (
            positive & labelled,
            ~positive & labelled,
            ~positive & ~labelled,
            positive & ~labelled,
        )
    )


def numpy_auc(labels, scores, weights, curve):
    """The area TF's tf.metrics.auc computes: trapezoids between its thresholds."""
    tp, fn, tn, fp = thresholded_counts(labels, scores, weights)
    recall = (tp + 1e-6) / (tp + fn + 1e-6)
    if curve == "ROC":
        x, y = fp / (fp + tn + 1e-6), recall
    else:
        x, y = recall, (tp + 1e-6) / (tp + fp + 1e-6)
    return np.sum((x[:-1] - x[1:]) * (y[:-1] + y[1:]) / 2)


@pytest.fixture
def scored(rng):
    labels = rng.random(300) < 0.3
    scores = np.clip(0.35 * labels + rng.random(300) * 0.65, 0.0, 1.0)
    weights = rng.random(300)
    return labels, scores, weights


@pytest.mark.parametrize("curve", ["ROC", "PR"])
def test_auc_streams_tensorflow_trapezoids(scored, curve):
    labels, scores, weights = scored
    label_input = tf.placeholder(tf.bool, [None])
    score_input = tf.placeholder(tf.float32, [None])
    weight_input = tf.placeholder(tf.float32, [None])
    metric = tf.metrics.auc(label_input, score_input, weights=weight_input, curve=curve)
    value, _ = stream(
        metric, split(labels, scores, weights, parts=4), [label_input, score_input, weight_input]
    )
    assert value == pytest.approx(numpy_auc(labels, scores, weights, curve), rel=1e-5)
    if curve == "ROC":
        exact = sk.roc_auc_score(labels, scores, sample_weight=weights)
        assert value == pytest.approx(exact, abs=5e-3)


def test_auc_variables_are_named_as_in_tensorflow():
    tf.metrics.auc([True, False], [0.8, 0.3])
    assert [v.name for v in tf.local_variables()] == [
        "auc/true_positives:0",
        "auc/false_negatives:0",
        "auc/true_negatives:0",
        "auc/false_positives:0",
    ]
    assert tf.local_variables()[0].shape.as_list() == [200]


def test_careful_interpolation_of_the_pr_curve(scored):
    labels, scores, _ = scored
    ones = np.ones_like(scores)
    value, update_op = tf.metrics.auc(
        labels, scores, curve="PR", summation_method="careful_interpolation"
    )
    tp, fn, _, fp = thresholded_counts(labels, scores, ones)
    predicted = tp + fp
    tp_step, predicted_step = tp[:-1] - tp[1:], predicted[:-1] - predicted[1:]
    slope = np.divide(tp_step, predicted_step, out=np.zeros_like(tp_step), where=predicted_step > 0)
    intercept = tp[1:] - slope * predicted[1:]
    both = (predicted[:-1] > 0) & (predicted[1:] > 0)
    ratio = np.where(both, predicted[:-1] / np.where(both, predicted[1:], 1), 1)
    increments = slope * (tp_step + intercept * np.log(ratio))
    expected = np.sum(
        np.divide(
            increments, tp[1:] + fn[1:], out=np.zeros_like(increments), where=tp[1:] + fn[1:] > 0
        )
    )
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update_op) == pytest.approx(expected, rel=1e-5)
    assert value.name == "auc/interpolate_pr_auc:0"
    assert expected == pytest.approx(sk.average_precision_score(labels, scores), abs=0.03)


def test_minoring_and_majoring_bound_the_trapezoids(scored):
    labels, scores, _ = scored
    results = {}
    for method in ("minoring", "trapezoidal", "majoring"):
        _, results[method] = tf.metrics.auc(labels, scores, summation_method=method, name=method)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        low, middle, high = sess.run(
            [results["minoring"], results["trapezoidal"], results["majoring"]]
        )
    assert low < middle < high


def test_auc_rejects_unknown_curves_and_summations():
    with pytest.raises(ValueError, match="Curve must be either ROC or PR. Curve XY is unknown."):
        tf.metrics.auc([True], [0.5], curve="XY")
    with pytest.raises(ValueError, match="Invalid summation_method: simpson"):
        tf.metrics.auc([True], [0.5], summation_method="simpson")
