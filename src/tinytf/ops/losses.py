"""`tf.losses`: weighted, reduced losses that register themselves in the LOSSES collection.

Every loss computes per-element losses, weights them (a scalar, or a tensor of the losses'
rank whose dimensions are 1 or equal to the losses'), reduces them by `reduction` and adds
the result to `loss_collection`. Composites only: gradients come from the ops they use.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, Tensor, add_to_collection, get_collection, name_scope
from tinytf.ops import array_ops, math_ops, nn_impl, nn_ops, softmax_ops
from tinytf.ops.constant_op import constant, convert_to_tensor, is_number


class Reduction:
    """How a weighted loss is reduced to what the loss function returns."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple:
        return (
            cls.NONE,
            cls.SUM,
            cls.MEAN,
            cls.SUM_OVER_BATCH_SIZE,
            cls.SUM_OVER_NONZERO_WEIGHTS,
            cls.SUM_BY_NONZERO_WEIGHTS,
        )

    @classmethod
    def validate(cls, key) -> None:
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _check_broadcastable(weights: Tensor, values: Tensor) -> None:
    """TensorFlow's rule: weights are a scalar, or have the values' rank with each
    dimension 1 or equal to the values' (checked where shapes are known)."""
    weights_dims, values_dims = weights.shape.as_tuple(), values.shape.as_tuple()
    if weights_dims is None or values_dims is None or not weights_dims:
        return
    received = f"Received weights={weights}, values={values}"
    if len(weights_dims) != len(values_dims):
        raise ValueError(
            f"weights can not be broadcast to values. values.rank="
            f"{len(values_dims)}. weights.rank={len(weights_dims)}. values.shape="
            f"{values.shape}. weights.shape={weights.shape}. {received}"
        )
    for axis, (weight, value) in enumerate(zip(weights_dims, values_dims, strict=True)):
        if weight not in (1, None) and value is not None and weight != value:
            raise ValueError(
                f"weights can not be broadcast to values. Mismatch at dim "
                f"{axis}. values.shape={_numpy_style(values_dims)}, "
                f"weights.shape={_numpy_style(weights_dims)}. {received}"
            )


def _numpy_style(dims) -> str:
    return "[" + " ".join(str(d) for d in dims) + "]"


def _safe_divide(total: Tensor, count: Tensor) -> Tensor:
    """total / count, or 0 where count is 0 (an empty or all-zero-weight batch)."""
    return math_ops.div_no_nan(total, count, name="value")


def _num_elements(losses: Tensor) -> Tensor:
    with name_scope(None, "num_elements", [losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), losses.dtype)


def _num_present(losses: Tensor, weights: Tensor) -> Tensor:
    """How many losses have a nonzero weight, once weights are broadcast to the losses."""
    with name_scope(None, "num_present", [losses, weights]) as scope:
        present = math_ops.cast(math_ops.not_equal(weights, 0.0), dtypes.float32)
        present = present * array_ops.ones_like(losses)
        return math_ops.reduce_sum(present, name=scope)


def compute_weighted_loss(
    losses,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """losses * weights, reduced by `reduction`, added to `loss_collection`."""
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", [losses, weights]):
        losses = convert_to_tensor(losses, name="losses")
        input_dtype = losses.dtype
        losses = math_ops.cast(losses, dtypes.float32)
        weights_are_one_number = is_number(weights) and weights != 0
        weights = math_ops.cast(convert_to_tensor(weights, name="weights"), dtypes.float32)
        _check_broadcastable(weights, losses)
        weighted_losses = math_ops.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted_losses
        else:
            loss = math_ops.reduce_sum(weighted_losses)
            if reduction == Reduction.MEAN:
                loss = _safe_divide(
                    loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights)
                )
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                count = (
                    _num_elements(losses)
                    if weights_are_one_number
                    else _num_present(losses, weights)
                )
                loss = _safe_divide(loss, count)
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_divide(loss, _num_elements(losses))
        loss = math_ops.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _loss_scope(labels, predictions, weights, scope, default_name: str, second="predictions"):
    """The loss's name scope, once both inputs are known to be given."""
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if predictions is None:
        raise ValueError(f"Argument `{second}` must not be None.")
    return name_scope(scope, default_name, [predictions, labels, weights])


def _float_pair(labels, predictions):
    """Both as float32 tensors; ValueError if their shapes cannot match."""
    predictions = math_ops.cast(convert_to_tensor(predictions), dtypes.float32)
    labels = math_ops.cast(convert_to_tensor(labels), dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return labels, predictions


def absolute_difference(
    labels,
    predictions,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """|predictions - labels|, weighted and reduced."""
    with _loss_scope(labels, predictions, weights, scope, "absolute_difference") as scope:
        labels, predictions = _float_pair(labels, predictions)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def mean_squared_error(
    labels,
    predictions,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """(predictions - labels) ** 2, weighted and reduced."""
    with _loss_scope(labels, predictions, weights, scope, "mean_squared_error") as scope:
        labels, predictions = _float_pair(labels, predictions)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def huber_loss(
    labels,
    predictions,
    weights=1.0,
    delta=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """0.5 e ** 2 for |e| <= delta, else delta (|e| - 0.5 delta), with e the error."""
    with _loss_scope(labels, predictions, weights, scope, "huber_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        absolute_error = math_ops.abs(math_ops.subtract(predictions, labels))
        # Splitting |e| into min(|e|, delta) and the rest needs no branch and no where.
        quadratic = math_ops.minimum(absolute_error, delta)
        linear = math_ops.subtract(absolute_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(0.5, math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear),
        )
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def log_loss(
    labels,
    predictions,
    weights=1.0,
    epsilon=1e-7,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """-y log(p + epsilon) - (1 - y) log(1 - p + epsilon) for probabilities p."""
    with _loss_scope(labels, predictions, weights, scope, "log_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        losses = -math_ops.multiply(
            labels, math_ops.log(predictions + epsilon)
        ) - math_ops.multiply(1 - labels, math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def hinge_loss(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """max(0, 1 - (2 y - 1) logits) for labels y in {0, 1}."""
    with _loss_scope(labels, logits, weights, scope, "hinge_loss", "logits") as scope:
        labels, logits = _float_pair(labels, logits)
        all_ones = array_ops.ones_like(labels)
        signs = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(signs, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def cosine_distance(
    labels,
    predictions,
    axis=None,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
    dim=None,
):
    """1 - sum(labels * predictions, axis) for unit-normalised labels and predictions."""
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    with _loss_scope(labels, predictions, weights, scope, "cosine_distance_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        products = math_ops.multiply(predictions, labels)
        losses = 1 - math_ops.reduce_sum(products, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def _logits_and_labels(labels, logits):
    logits = convert_to_tensor(logits, name="logits")
    labels = math_ops.cast(convert_to_tensor(labels, name="labels"), logits.dtype)
    logits.shape.assert_is_compatible_with(labels.shape)
    return labels, logits


def sigmoid_cross_entropy(
    multi_class_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Sigmoid cross-entropy; label smoothing moves labels towards 1/2."""
    with _loss_scope(
        multi_class_labels, logits, weights, scope, "sigmoid_cross_entropy_loss", "logits"
    ) as scope:
        labels, logits = _logits_and_labels(multi_class_labels, logits)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_impl.sigmoid_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def softmax_cross_entropy(
    onehot_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Softmax cross-entropy per example; no gradient flows into the labels.

    Label smoothing s turns the labels into labels * (1 - s) + s / num_classes.
    """
    with _loss_scope(
        onehot_labels, logits, weights, scope, "softmax_cross_entropy_loss", "logits"
    ) as scope:
        labels, logits = _logits_and_labels(onehot_labels, logits)
        if label_smoothing > 0:
            num_classes = labels.shape[-1].value
            if num_classes is None:
                num_classes = math_ops.cast(array_ops.shape(labels)[-1], logits.dtype)
            labels = labels * (1 - label_smoothing) + label_smoothing / num_classes
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        losses = softmax_ops.softmax_cross_entropy_with_logits_v2(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sparse_softmax_cross_entropy(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Softmax cross-entropy against class indices; labels [batch, 1] are squeezed."""
    with _loss_scope(
        labels, logits, weights, scope, "sparse_softmax_cross_entropy_loss", "logits"
    ) as scope:
        labels = convert_to_tensor(labels, name="labels")
        logits = convert_to_tensor(logits, name="logits")
        weights = convert_to_tensor(weights, name="weights")
        labels, weights = _squeeze_trailing_unit(labels, logits, weights)
        losses = softmax_ops.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def _squeeze_trailing_unit(labels: Tensor, logits: Tensor, weights: Tensor):
    """Drops a size-1 last axis from labels (and weights) of the logits' rank."""
    labels_rank, logits_rank = labels.shape.ndims, logits.shape.ndims
    if labels_rank is not None and labels_rank == logits_rank and labels.shape[-1] == 1:
        labels = array_ops.squeeze(labels, [-1])
        labels_rank -= 1
    weights_rank = weights.shape.ndims
    if labels_rank is not None and weights_rank == labels_rank + 1:
        weights = array_ops.squeeze(weights, [-1])
    return labels, weights


def add_loss(loss, loss_collection=GraphKeys.LOSSES) -> None:
    if loss_collection:
        add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES) -> list:
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope=None) -> list:
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss") -> Tensor:
    """The sum of the regularization losses, or a constant 0.0 if there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None) -> Tensor:
    """The sum of the LOSSES collection, plus the regularization losses by default."""
    losses = get_losses(scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope)
    return math_ops.add_n(losses, name=name)
