"""Streaming metrics (tf.metrics): accuracy, mean, precision, recall and AUC.

Each metric keeps running totals in local variables (LOCAL_VARIABLES and
METRIC_VARIABLES collections, named like "accuracy/total:0") and returns two tensors: the
metric's value from the totals so far, and an update op that adds one batch to the totals
and returns the new value. Run `tf.local_variables_initializer()` to reset them.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, add_to_collections, control_dependencies, name_scope
from tinytf.ops import array_ops, math_ops, state_ops
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.variables import Variable

_AUC_EPSILON = 1e-6
_THRESHOLD_MARGIN = 1e-7


def metric_variable(shape, dtype, validate_shape=True, name=None) -> Variable:
    """A zero-initialised local variable holding one running total of a metric."""
    return Variable(
        lambda: array_ops.zeros(shape, dtype),
        trainable=False,
        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        validate_shape=validate_shape,
        name=name,
    )


def _add_to(collections, tensor) -> None:
    if collections:
        add_to_collections(collections, tensor)


def _remove_squeezable_dimensions(predictions, labels, weights):
    """Drops a trailing size-1 axis that makes predictions, labels or weights differ in
    rank by one (a [batch, 1] column against a [batch] vector)."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels = convert_to_tensor(labels)
        prediction_rank, label_rank = predictions.shape.ndims, labels.shape.ndims
        if prediction_rank is not None and label_rank is not None:
            if prediction_rank == label_rank + 1 and _last_is_one(predictions):
                predictions = array_ops.squeeze(predictions, [-1])
            elif label_rank == prediction_rank + 1 and _last_is_one(labels):
                labels = array_ops.squeeze(labels, [-1])
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    weight_rank, prediction_rank = weights.shape.ndims, predictions.shape.ndims
    if weight_rank and prediction_rank is not None:
        if weight_rank == prediction_rank + 1:
            weights = array_ops.squeeze(weights, [-1])
        elif prediction_rank == weight_rank + 1:
            weights = array_ops.expand_dims(weights, -1)
    return predictions, labels, weights


def _last_is_one(tensor) -> bool:
    return tensor.shape.as_tuple()[-1] in (1, None)


def _broadcast_weights(weights, values):
    """`weights` broadcast to the shape of `values`."""
    if weights.shape.is_fully_defined() and weights.shape == values.shape:
        return weights
    with name_scope(None, "broadcast_weights", [weights, values]) as scope:
        return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)


def _safe_ratio(numerator, denominator, name):
    """numerator / denominator, 0 where denominator <= 0."""
    return math_ops.div_no_nan(numerator, math_ops.maximum(denominator, 0), name=name)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of all `values` seen so far: total / count."""
    with name_scope(name, "mean", [values, weights]):
        values = math_ops.cast(values, dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            count_in_batch = math_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = _broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
            values = math_ops.multiply(values, weights)
            count_in_batch = math_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, math_ops.reduce_sum(values))
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, count_in_batch)
        value = _safe_ratio(total, count, "value")
        update_op = _safe_ratio(update_total, update_count, "update_op")
    _add_to(metrics_collections, value)
    _add_to(updates_collections, update_op)
    return value, update_op


def accuracy(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The fraction of predictions equal to their labels (weighted if `weights`)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    if labels.dtype != predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def _count_condition(condition, weights):
    """A running count of the true elements of the boolean `condition`, weighted."""
    count = metric_variable([], dtypes.float32, name="count")
    condition = math_ops.cast(condition, dtypes.float32)
    if weights is not None:
        condition = math_ops.multiply(condition, math_ops.cast(weights, dtypes.float32))
    value = array_ops.identity(count)
    return value, state_ops.assign_add(count, math_ops.reduce_sum(condition))


def _confusion_count(
    default_name: str, labels, predictions, weights, label_is: bool, prediction_is: bool
):
    """Counts elements whose label is `label_is` and whose prediction is `prediction_is`
    (true_positives, false_positives, false_negatives)."""
    with name_scope(None, default_name, [predictions, labels, weights]):
        condition = math_ops.logical_and(
            math_ops.equal(labels, label_is), math_ops.equal(predictions, prediction_is)
        )
        return _count_condition(condition, weights)


def _as_bool_inputs(labels, predictions, weights):
    return _remove_squeezable_dimensions(
        math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights
    )


def _positive_fraction(hits, misses, name):
    """hits / (hits + misses), 0 when both are 0."""
    total = hits + misses
    return math_ops.where(
        math_ops.greater(total, 0), math_ops.truediv(hits, total), constant(0.0), name=name
    )


def precision(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false positives), over all batches seen."""
    return _ratio_metric(
        "precision",
        labels,
        predictions,
        weights,
        metrics_collections,
        updates_collections,
        name,
        ("false_positives", False, True),
    )


def recall(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false negatives), over all batches seen."""
    return _ratio_metric(
        "recall",
        labels,
        predictions,
        weights,
        metrics_collections,
        updates_collections,
        name,
        ("false_negatives", True, False),
    )


def _ratio_metric(
    default_name,
    labels,
    predictions,
    weights,
    metrics_collections,
    updates_collections,
    name,
    misses,
):
    with name_scope(name, default_name, [predictions, labels, weights]):
        predictions, labels, weights = _as_bool_inputs(labels, predictions, weights)
        hits, update_hits = _confusion_count(
            "true_positives", labels, predictions, weights, True, True
        )
        miss_name, label_is, prediction_is = misses
        missed, update_missed = _confusion_count(
            miss_name, labels, predictions, weights, label_is, prediction_is
        )
        value = _positive_fraction(hits, missed, "value")
        update_op = _positive_fraction(update_hits, update_missed, "update_op")
    _add_to(metrics_collections, value)
    _add_to(updates_collections, update_op)
    return value, update_op


def auc(
    labels,
    predictions,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    curve="ROC",
    name=None,
    summation_method="trapezoidal",
    thresholds=None,
):
    """The area under the ROC curve (`curve="ROC"`) or the precision-recall curve ("PR").

    The curve is sampled at `num_thresholds` thresholds evenly spaced over [0, 1]
    (or at `thresholds`), as TensorFlow does, so the area is an approximation:
    trapezoids by default, "minoring" or "majoring" rectangles, or for PR
    "careful_interpolation" (Davis and Goadrich's interpolation between thresholds).
    `predictions` are probabilities in [0, 1]; tinytf does not check that range.
    """
    if curve not in ("ROC", "PR"):
        raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
    if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
        raise ValueError(
            f"Invalid summation_method: {summation_method} summation_method "
            "should be 'trapezoidal', 'careful_interpolation', 'minoring', or "
            "'majoring'."
        )
    if thresholds is not None:
        inner_thresholds = sorted(thresholds)
    else:
        inner_thresholds = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    # The outer thresholds put every prediction, even 0 and 1, on the curve's ends.
    thresholds = [-_THRESHOLD_MARGIN] + inner_thresholds + [1.0 + _THRESHOLD_MARGIN]
    with name_scope(name, "auc", [labels, predictions, weights]):
        totals, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)
        value = _area(totals, curve, summation_method, "value")
        update_op = _area(updates, curve, summation_method, "update_op")
    _add_to(metrics_collections, value)
    _add_to(updates_collections, update_op)
    return value, update_op


def _confusion_at_thresholds(labels, predictions, thresholds, weights):
    """Running counts of true/false positives/negatives at each threshold (a prediction
    is positive above it): {"tp": variable, ...} and the matching update ops."""
    predictions, labels, weights = _remove_squeezable_dimensions(
        math_ops.cast(predictions, dtypes.float32), math_ops.cast(labels, dtypes.bool), weights
    )
    # [thresholds, 1] against [1, examples]: broadcasting gives every pair.
    column_of_thresholds = constant([[threshold] for threshold in thresholds], dtypes.float32)
    predicted_positive = math_ops.greater(
        array_ops.reshape(predictions, [1, -1]), column_of_thresholds
    )
    predicted_negative = math_ops.logical_not(predicted_positive)
    labelled_positive = array_ops.reshape(labels, [1, -1])
    labelled_negative = math_ops.logical_not(labelled_positive)
    if weights is not None:
        weights = _broadcast_weights(math_ops.cast(weights, dtypes.float32), predictions)
        weights = array_ops.reshape(weights, [1, -1])
    totals, updates = {}, {}
    for key, variable_name, label_side, prediction_side in (
        ("tp", "true_positives", labelled_positive, predicted_positive),
        ("fn", "false_negatives", labelled_positive, predicted_negative),
        ("tn", "true_negatives", labelled_negative, predicted_negative),
        ("fp", "false_positives", labelled_negative, predicted_positive),
    ):
        total = metric_variable([len(thresholds)], dtypes.float32, name=variable_name)
        matches = math_ops.cast(math_ops.logical_and(label_side, prediction_side), dtypes.float32)
        if weights is not None:
            matches = matches * weights
        updates[key] = state_ops.assign_add(total, math_ops.reduce_sum(matches, 1))
        totals[key] = total
    return totals, updates


def _area(counts, curve: str, summation_method: str, name: str):
    """The area under the curve through the points of `counts`, from the highest
    threshold back to the lowest."""
    tp, fn, tn, fp = (convert_to_tensor(counts[key]) for key in ("tp", "fn", "tn", "fp"))
    if curve == "PR" and summation_method == "careful_interpolation":
        return _interpolated_pr_area(tp, fp, fn)
    recall_at = math_ops.divide(tp + _AUC_EPSILON, tp + fn + _AUC_EPSILON)
    if curve == "ROC":
        x = math_ops.divide(fp, fp + tn + _AUC_EPSILON)
        y = recall_at
    else:
        x = recall_at
        y = math_ops.divide(tp + _AUC_EPSILON, tp + fp + _AUC_EPSILON)
    widths = x[:-1] - x[1:]
    if summation_method == "minoring":
        heights = math_ops.minimum(y[:-1], y[1:])
    elif summation_method == "majoring":
        heights = math_ops.maximum(y[:-1], y[1:])
    else:
        heights = (y[:-1] + y[1:]) / 2.0
    return math_ops.reduce_sum(math_ops.multiply(widths, heights), name=name)


def _interpolated_pr_area(tp, fp, fn):
    """PR area with precision interpolated between thresholds along the true-positive
    count, integrated exactly in each interval (Davis and Goadrich, 2006)."""
    tp_step = tp[:-1] - tp[1:]
    predicted = tp + fp
    slope = math_ops.div_no_nan(
        tp_step, math_ops.maximum(predicted[:-1] - predicted[1:], 0), name="prec_slope"
    )
    intercept = tp[1:] - math_ops.multiply(slope, predicted[1:])
    both_positive = math_ops.logical_and(predicted[:-1] > 0, predicted[1:] > 0)
    ratio = math_ops.where(
        both_positive,
        math_ops.div_no_nan(
            predicted[:-1], math_ops.maximum(predicted[1:], 0), name="recall_relative_ratio"
        ),
        array_ops.ones_like(predicted[1:]),
    )
    increments = math_ops.div_no_nan(
        slope * (tp_step + intercept * math_ops.log(ratio)),
        math_ops.maximum(tp[1:] + fn[1:], 0),
        name="pr_auc_increment",
    )
    return math_ops.reduce_sum(increments, name="interpolate_pr_auc")
