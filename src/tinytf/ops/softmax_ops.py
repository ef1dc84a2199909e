"""Fused, numerically stable softmax, log-softmax and softmax cross-entropies.

Every kernel subtracts the row maximum before exponentiating, so logits of +-1e4 give
finite values and gradients. The cross-entropy ops return (loss, backprop) like
TensorFlow's: the backprop output, softmax - labels, is the logits' gradient, ready made.
"""

from __future__ import annotations

import functools

import numpy as np

from tinytf.framework import common_shapes, dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import dimension_mismatch, dims_text, rank_mismatch
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, math_ops
from tinytf.ops.constant_op import convert_to_tensor


def _checked_axis(axis, logits: Tensor) -> int:
    """`axis` as an int, validated against the logits' rank as TensorFlow does."""
    axis = -1 if axis is None else int(axis)
    rank = logits.shape.ndims
    if rank is not None and not -rank <= axis < rank:
        raise errors.InvalidArgumentError(
            None,
            None,
            f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the "
            f"number of dimensions in the input. Received: dim={axis}",
        )
    return axis


def _shifted(logits: np.ndarray, axis: int) -> np.ndarray:
    """logits - max(logits): a fresh array whose largest entry per row is 0."""
    return logits - np.max(logits, axis=axis, keepdims=True)


def _log_and_probabilities(logits: np.ndarray, axis: int):
    """(log_softmax, softmax) of `logits`, with one exp and two fresh arrays."""
    log_probabilities = _shifted(logits, axis)
    probabilities = np.exp(log_probabilities)
    sums = np.sum(probabilities, axis=axis, keepdims=True)
    probabilities /= sums
    log_probabilities -= np.log(sums)
    return log_probabilities, probabilities


def softmax(logits, axis=None, name=None, dim=None) -> Tensor:
    """exp(logits) / sum(exp(logits)) along `axis` (default -1; `dim` is its old name)."""
    axis = dim if axis is None else axis
    logits = convert_to_tensor(logits, name="logits")
    attrs = {"axis": _checked_axis(axis, logits)}
    return (
        get_default_graph().create_op("Softmax", [logits], attrs, name=name or "Softmax").outputs[0]
    )


def log_softmax(logits, axis=None, name=None, dim=None) -> Tensor:
    """logits - log(sum(exp(logits))) along `axis` (default -1)."""
    axis = dim if axis is None else axis
    logits = convert_to_tensor(logits, name="logits")
    attrs = {"axis": _checked_axis(axis, logits)}
    return (
        get_default_graph()
        .create_op("LogSoftmax", [logits], attrs, name=name or "LogSoftmax")
        .outputs[0]
    )


def _softmax_infer(inputs, attrs):
    logits = inputs[0]
    if not logits.dtype.is_floating:
        raise TypeError(
            f"Value passed to parameter 'logits' has DataType "
            f"{logits.dtype.name} not in list of allowed values: float16, "
            "bfloat16, float32, float64"
        )
    return logits.dtype, logits.shape


@register_op("Softmax", infer=_softmax_infer, fresh_outputs=True)
def _softmax_kernel(logits, axis):
    probabilities = _shifted(logits, axis)
    np.exp(probabilities, out=probabilities)
    probabilities /= np.sum(probabilities, axis=axis, keepdims=True)
    return probabilities


@RegisterGradient("Softmax")
def _softmax_grad(op, grad):
    probabilities, axis = op.outputs[0], op.get_attr("axis")
    inner = math_ops.reduce_sum(grad * probabilities, axis=axis, keepdims=True)
    return (grad - inner) * probabilities


@register_op("LogSoftmax", infer=_softmax_infer, fresh_outputs=True)
def _log_softmax_kernel(logits, axis):
    shifted = _shifted(logits, axis)
    shifted -= np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return shifted


@RegisterGradient("LogSoftmax")
def _log_softmax_grad(op, grad):
    log_probabilities, axis = op.outputs[0], op.get_attr("axis")
    total = math_ops.reduce_sum(grad, axis=axis, keepdims=True)
    return grad - total * math_ops.exp(log_probabilities)


def _softmax_second_order(logits: Tensor, grad_backprop, axis: int):
    """The logits' gradient through the backprop output (softmax - labels), or None.

    The executor passes zeros for an output nobody used; skipping them keeps a first-order
    gradient free of the extra softmax.
    """
    if grad_backprop is None or grad_backprop.op.type == "ZerosLike":
        return None
    probabilities = softmax(logits, axis=axis)
    inner = math_ops.reduce_sum(grad_backprop * probabilities, axis=axis, keepdims=True)
    return (grad_backprop - inner) * probabilities


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """-sum(labels * log_softmax(logits)) along `axis`; gradients reach labels too.

    Along the last axis it is built as TensorFlow builds it: logits and labels flattened
    to 2-D, the op, and the loss reshaped back (named `.../Reshape_2`); so the ops and
    names match, and the reshapes are views that cost next to nothing.
    """
    axis = dim if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(
            labels, dtype=logits.dtype if not isinstance(labels, Tensor) else None, name="labels"
        )
        # As TensorFlow: labels of another dtype (float64 one-hots, int32 counts) are cast.
        labels = math_ops.cast(labels, logits.dtype)
        axis = _checked_axis(axis, logits)
        rank = logits.shape.ndims
        if rank is None or axis % rank != rank - 1:
            return _cross_entropy_op(logits, labels, axis, scope)
        input_rank, input_shape = array_ops.rank(logits), array_ops.shape(logits)
        loss = _cross_entropy_op(
            _flatten_outer_dims(logits), _flatten_outer_dims(labels), -1, scope
        )
        output_shape = array_ops.slice(input_shape, [0], [math_ops.subtract(input_rank, 1)])
        loss = array_ops.reshape(loss, output_shape)
        loss.set_shape(logits.shape[:-1])
        return loss


def _cross_entropy_op(logits: Tensor, labels: Tensor, axis: int, name: str) -> Tensor:
    return (
        get_default_graph()
        .create_op("SoftmaxCrossEntropyWithLogits", [logits, labels], {"axis": axis}, name=name)
        .outputs[0]
    )


def _flatten_outer_dims(tensor: Tensor) -> Tensor:
    """`tensor` as a matrix [-1, last dimension], with TensorFlow's ops and names."""
    rank = array_ops.rank(tensor)
    last_dim = array_ops.slice(array_ops.shape(tensor), [math_ops.subtract(rank, 1)], [1])
    matrix = array_ops.reshape(tensor, array_ops.concat([[-1], last_dim], 0))
    dims = tensor.shape.as_tuple()
    if dims is not None:  # the static shape, so that mismatches fail when the graph is built
        rows = None if None in dims[:-1] else int(np.prod(dims[:-1], dtype=np.int64))
        matrix.set_shape([rows, dims[-1]])
    return matrix


def _ensure_named_arguments(function: str, sentinel, labels, logits) -> None:
    if sentinel is not None:
        raise ValueError(
            f"Only call `{function}` with named arguments (labels=..., logits=..., ...)"
        )
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def softmax_cross_entropy_with_logits(
    _sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None
):
    """TF 1.x's deprecated form: named arguments only, and no gradient into `labels`."""
    _ensure_named_arguments("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    axis = dim if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        return softmax_cross_entropy_with_logits_v2(labels, logits, axis=axis, name=scope)


def _softmax_cross_entropy_infer(inputs, attrs):
    logits, labels = inputs
    dtype = common_shapes.check_same_dtype(
        "SoftmaxCrossEntropyWithLogits", inputs, ("features", "labels")
    )
    _check_same_shape(logits.shape, labels.shape)
    shape = logits.shape.merge_with(labels.shape)
    dims = shape.as_tuple()
    if dims is not None and not dims:
        raise ValueError("`logits` cannot be a scalar.")
    loss_shape = TensorShape(
        None
        if dims is None
        else dims[: attrs["axis"] % len(dims)] + dims[attrs["axis"] % len(dims) + 1 :]
    )
    return [(dtype, loss_shape), (dtype, shape)]


def _check_same_shape(logits: TensorShape, labels: TensorShape) -> None:
    """ValueError with TensorFlow's message if labels cannot have the logits' shape."""
    shapes = f"{dims_text(logits)}, {dims_text(labels)}"
    where = f"for 'SoftmaxCrossEntropyWithLogits' with input shapes: {shapes}."
    if logits.ndims is None or labels.ndims is None:
        return
    if logits.ndims != labels.ndims:
        raise ValueError(f"{rank_mismatch(logits.ndims, labels.ndims)} {where}")
    for a, b in zip(logits.as_tuple(), labels.as_tuple(), strict=True):
        if a is not None and b is not None and a != b:
            raise ValueError(f"{dimension_mismatch(a, b)} {where}")


@register_op(
    "SoftmaxCrossEntropyWithLogits", infer=_softmax_cross_entropy_infer, fresh_outputs=True
)
def _softmax_cross_entropy_kernel(logits, labels, axis):
    log_probabilities, backprop = _log_and_probabilities(logits, axis)
    # An array even for 1-D logits, whose sum NumPy returns as a scalar.
    loss = np.negative(np.sum(labels * log_probabilities, axis=axis, keepdims=True))
    backprop -= labels
    return np.squeeze(loss, axis), backprop


@RegisterGradient("SoftmaxCrossEntropyWithLogits")
def _softmax_cross_entropy_grad(op, grad_loss, grad_backprop):
    logits, axis = op.inputs[0], op.get_attr("axis")
    grad_loss = array_ops.expand_dims(grad_loss, axis)
    logits_grad = grad_loss * op.outputs[1]
    labels_grad = grad_loss * math_ops.negative(log_softmax(logits, axis=axis))
    second_order = _softmax_second_order(logits, grad_backprop, axis)
    if second_order is not None:
        logits_grad += second_order
        labels_grad -= grad_backprop
    return logits_grad, labels_grad


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """-log_softmax(logits)[labels] along the last axis; labels are int32 or int64.

    A label outside [0, classes) raises InvalidArgumentError when the graph runs.
    Unlike TensorFlow, the gradient can itself be differentiated.
    """
    _ensure_named_arguments("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels, name="labels")
        logits = convert_to_tensor(logits, name="logits")
        return (
            get_default_graph()
            .create_op(
                "SparseSoftmaxCrossEntropyWithLogits",
                [logits, labels],
                name=name or "SparseSoftmaxCrossEntropyWithLogits",
            )
            .outputs[0]
        )


def _sparse_softmax_cross_entropy_infer(inputs, attrs):
    logits, labels = inputs
    if labels.dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(
            f"Value passed to parameter 'labels' has DataType "
            f"{labels.dtype.name} not in list of allowed values: int32, int64"
        )
    logits_rank, labels_rank = logits.shape.ndims, labels.shape.ndims
    if logits_rank == 0:
        raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}`")
    if logits_rank is not None and labels_rank is not None:
        if labels_rank != logits_rank - 1:
            raise ValueError(
                f"`labels.shape.rank` must equal `logits.shape.rank - 1`. "
                f"Received: labels.shape={labels.shape} of rank {labels_rank} "
                f"and logits.shape={logits.shape} of rank {logits_rank}"
            )
        if not labels.shape.is_compatible_with(logits.shape[:-1]):
            raise ValueError(
                f"`labels.shape` must equal `logits.shape` except for the last "
                f"dimension. Received: labels.shape={labels.shape} and "
                f"logits.shape={logits.shape}"
            )
    loss_shape = labels.shape
    if logits_rank is not None:
        loss_shape = loss_shape.merge_with(logits.shape[:-1])
    return [(logits.dtype, loss_shape), (logits.dtype, logits.shape)]


def _sparse_softmax_cross_entropy_gradient_only(op, session):
    # The same backprop without the loss, for a plan that reads the loss only for its
    # shape (a mean's gradient): the labels, of the loss's shape, stand in for it.
    return functools.partial(_sparse_softmax_cross_entropy_kernel(op, session), with_loss=False)


@register_op(
    "SparseSoftmaxCrossEntropyWithLogits",
    infer=_sparse_softmax_cross_entropy_infer,
    bind=True,
    fresh_outputs=True,
    gradient_only=(1, _sparse_softmax_cross_entropy_gradient_only),
)
def _sparse_softmax_cross_entropy_kernel(op, session):
    # Viewed as unsigned, a negative label is huge: one maximum checks both bounds.
    unsigned = np.dtype(op.inputs[1].dtype.as_numpy_dtype).str.replace("i", "u")
    last_offsets = [(0, 0, np.arange(0))]  # the last batch's row offsets, reused by the next

    def cross_entropy(logits, labels, with_loss: bool = True):
        count, classes = labels.size, logits.shape[-1]
        if logits.shape[:-1] != labels.shape:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"logits and labels must have the same first dimension, got logits shape "
                f"{dims_text(logits.shape)} and labels shape {dims_text(labels.shape)}",
            )
        flat_labels = labels.reshape(count)
        if count and np.maximum.reduce(flat_labels.view(unsigned)) >= classes:
            bad = flat_labels[(flat_labels < 0) | (flat_labels >= classes)][0]
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Received a label value of {bad} which is outside the valid range "
                f"of [0, {classes}).  Label values: {' '.join(map(str, labels.flat))}",
            )
        cached_count, cached_classes, offsets = last_offsets[0]
        if (cached_count, cached_classes) != (count, classes):
            offsets = np.arange(count) * classes
            last_offsets[0] = (count, classes, offsets)
        picked = offsets + flat_labels  # the labelled entries' positions in the flat logits
        # One row per class: reductions over classes become element-wise operations
        # between rows, which NumPy vectorises (its reductions along short rows are slow).
        by_class = np.array(logits.reshape(count, classes).T, order="C")  # always a copy
        largest = np.maximum.reduce(by_class, axis=0)
        by_class -= largest
        np.exp(by_class, out=by_class)
        sums = np.add.reduce(by_class, axis=0)
        by_class /= sums
        backprop = np.ascontiguousarray(by_class.T)
        backprop.reshape(-1)[picked] -= 1
        backprop = backprop.reshape(logits.shape)
        if not with_loss:
            return None, backprop
        # -log_softmax at the label: log(sum(exp(shifted))) - shifted[label].
        loss = np.log(sums)
        loss -= logits.reshape(-1)[picked] - largest
        return loss.reshape(labels.shape), backprop

    return cross_entropy


@RegisterGradient("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_cross_entropy_grad(op, grad_loss, grad_backprop):
    logits = op.inputs[0]
    logits_grad = array_ops.expand_dims(grad_loss, -1) * op.outputs[1]
    second_order = _softmax_second_order(logits, grad_backprop, -1)
    if second_order is not None:
        logits_grad += second_order
    return logits_grad, None
