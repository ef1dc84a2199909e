"""Reductions: reduce_sum ... reduce_logsumexp, count_nonzero and trace (argmax: argmax_ops).

As in TensorFlow, the axes to reduce are the op's second input: a Const the builder makes
(`Sum/reduction_indices`, or `Const` holding every axis), or for every axis of an input of
unknown rank, `range(0, rank(x))`. Kernels read constant axes once, when a plan is built.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import common_shapes, dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops import array_ops
from tinytf.ops.comparison_ops import equal, is_finite, not_equal, select
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.creation_ops import range as range_op
from tinytf.ops.linalg_ops import transpose
from tinytf.ops.math_common import (
    BOOL,
    NUMBERS,
    check_dtype,
    constant_axis,
    create,
)
from tinytf.ops.matrix_ops import matrix_diag_part
from tinytf.ops.scan_ops import cumprod
from tinytf.ops.shape_ops import rank as rank_op
from tinytf.ops.unary_ops import cast, exp, log


def _reduce(
    op_type: str, input_tensor, axis, keepdims, name, reduction_indices, keep_dims
) -> Tensor:
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_indices'")
        axis = reduction_indices
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
        keepdims = keep_dims
    if axis is None:
        # TensorFlow makes every-axis indices before the op's scope: `Const`, or `range`.
        indices = _every_axis(input_tensor)
    with name_scope(name, op_type, [input_tensor]) as scope:
        x = convert_to_tensor(input_tensor, name="input")
        if axis is not None:
            axis = constant_axis(axis, op_type)
            common_shapes.normalize_axis(axis, x.shape.ndims, op_type)  # raises if invalid
            indices = constant(axis, dtypes.int32, name="reduction_indices")
        return create(op_type, [x, indices], {"keep_dims": bool(keepdims)}, scope)


def _every_axis(values) -> Tensor:
    """The indices of every axis of `values`: a Const where it is a tensor of known rank
    (and not 0, as TensorFlow tests it), else computed from its rank."""
    shape = getattr(values, "shape", None)
    known_rank = shape.ndims if isinstance(shape, TensorShape) else None
    if known_rank:
        return constant(np.arange(known_rank, dtype=np.int32))
    return range_op(0, rank_op(values))


def reduction_axes(op) -> tuple | None:
    """The non-negative axes a reduction `op` reduces, in order; None for every axis of an
    input whose rank is unknown (the indices are then computed when the graph runs)."""
    return _constant_axes(op.inputs[0], op.inputs[1], op.type)


def _constant_axes(x: Tensor, indices: Tensor, op_type: str) -> tuple | None:
    """`reduction_axes` from the reduction's inputs; ValueError for an axis out of range."""
    value = constant_value(indices)
    if value is None:
        return None
    axes = common_shapes.normalize_axis(np.ravel(value).tolist(), x.shape.ndims, op_type)
    return () if x.shape.ndims == 0 else axes


def _reduction_infer(op_type: str, allowed):
    def infer(inputs, attrs):
        x, indices = inputs
        check_dtype(op_type, x, allowed, "input")
        axes = _constant_axes(x, indices, op_type)
        if axes is None:
            return x.dtype, TensorShape(None)
        return x.dtype, common_shapes.reduced_shape(x.shape, axes, attrs["keep_dims"])

    return infer


def _reduction(op_type: str, allowed):
    """Registers a reduction whose kernel is `reduce(x, axes, keepdims)`."""

    def register(reduce):
        def bind(op, session):
            keepdims = op.get_attr("keep_dims")
            axes = reduction_axes(op)
            if axes is not None:
                return lambda x, indices: reduce(x, axes, keepdims)
            return lambda x, indices: reduce(x, tuple(np.ravel(indices).tolist()), keepdims)

        register_op(op_type, infer=_reduction_infer(op_type, allowed), bind=True)(bind)
        return reduce

    return register


def reduce_sum(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    """The mean; for integers, truncated toward zero as in TensorFlow."""
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    return _reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


@_reduction("Sum", NUMBERS)
def _sum(x, axis, keepdims):
    return np.asarray(np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype))


@_reduction("Mean", NUMBERS)
def _mean(x, axis, keepdims):
    if x.dtype.kind in "iu":
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
        count = x.size // max(np.size(total), 1)
        return np.asarray(np.trunc(total / max(count, 1)).astype(x.dtype))
    return np.asarray(np.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype))


def _extremum(reduce, identity):
    """np.max or np.min; an empty reduction gives the identity (-inf for max), as in TF."""

    def kernel(x, axis, keepdims):
        initial = identity(x.dtype) if x.size == 0 else np._NoValue
        return np.asarray(reduce(x, axis=axis, keepdims=keepdims, initial=initial))

    return kernel


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


_reduction("Max", NUMBERS)(_extremum(np.max, _lowest))
_reduction("Min", NUMBERS)(_extremum(np.min, _highest))


@_reduction("Prod", NUMBERS)
def _prod(x, axis, keepdims):
    return np.asarray(np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype))


@_reduction("Any", BOOL)
def _any(x, axis, keepdims):
    return np.asarray(np.any(x, axis=axis, keepdims=keepdims))


@_reduction("All", BOOL)
def _all(x, axis, keepdims):
    return np.asarray(np.all(x, axis=axis, keepdims=keepdims))


NotDifferentiable("Any")
NotDifferentiable("All")


def _with_reduced_dims(tensor: Tensor, op) -> Tensor:
    """`tensor` (shaped like the reduction's output) with the reduced axes kept as 1s."""
    x = op.inputs[0]
    if op.get_attr("keep_dims"):
        return tensor
    axes, rank = reduction_axes(op), x.shape.ndims
    if axes is None or (rank is not None and len(set(axes)) == rank):
        return array_ops.reshape(tensor, array_ops.ones_like(array_ops.shape(x)))
    if rank is None and any(a < 0 for a in axes):
        raise NotImplementedError(
            "tinytf cannot differentiate a reduction over negative axes "
            "of a tensor of unknown rank."
        )
    for a in sorted(axes):
        tensor = array_ops.expand_dims(tensor, a)
    return tensor


def _unreduce(grad: Tensor, op) -> Tensor:
    """Broadcasts the gradient of a reduction back to the reduced input's shape."""
    return array_ops.broadcast_to(_with_reduced_dims(grad, op), array_ops.shape(op.inputs[0]))


@RegisterGradient("Sum")
def _sum_grad(op, grad):
    return _unreduce(grad, op), None


@RegisterGradient("Mean")
def _mean_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    in_count, out_count = x.shape.num_elements(), y.shape.num_elements()
    if in_count is not None and out_count is not None:
        scale = in_count // max(out_count, 1)
    else:
        scale = cast(array_ops.size(x), x.dtype) / cast(array_ops.size(y), x.dtype)
    return _unreduce(grad / scale, op), None


def _extremum_grad(op, grad):
    """The gradient is shared equally among the elements equal to the extremum."""
    x = op.inputs[0]
    y = _with_reduced_dims(op.outputs[0], op)
    indicators = cast(equal(y, x), grad.dtype)
    axes = reduction_axes(op)
    count = reduce_sum(indicators, None if axes is None else list(axes), keepdims=True)
    return indicators / count * _with_reduced_dims(grad, op), None


RegisterGradient("Max")(_extremum_grad)
RegisterGradient("Min")(_extremum_grad)


@RegisterGradient("Prod")
def _prod_grad(op, grad):
    """d prod / d x_i is the product of all the other elements of x_i's reduced group.

    Reduced axes go in front and are flattened into one, so that two exclusive cumulative
    products (from the start and from the end) give that product without dividing by x_i,
    which may be zero.
    """
    x = op.inputs[0]
    rank = x.shape.ndims
    if rank is None:
        raise NotImplementedError("tinytf differentiates reduce_prod for a known rank only.")
    reduced = sorted(reduction_axes(op))
    order = reduced + [a for a in range(rank) if a not in reduced]
    grouped = transpose(x, order)
    kept_count = array_ops.size(op.outputs[0])
    flat = array_ops.reshape(grouped, array_ops.stack([-1, kept_count]))
    before = cumprod(flat, axis=0, exclusive=True)
    after = cumprod(flat, axis=0, exclusive=True, reverse=True)
    others = array_ops.reshape(before * after, array_ops.shape(grouped))
    return transpose(others, np.argsort(order).tolist()) * _unreduce(grad, op), None


def trace(x, name=None) -> Tensor:
    """The sum of the main diagonal of each innermost matrix."""
    with name_scope(name, "Trace", [x]) as scope:
        return reduce_sum(matrix_diag_part(x), [-1], name=scope)


def reduce_logsumexp(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
) -> Tensor:
    """log(sum(exp(x))), computed stably by shifting x by its (finite) maximum."""
    if keep_dims is not None:
        keepdims = keep_dims
    axis = reduction_indices if axis is None else axis
    with name_scope(name, "ReduceLogSumExp", [input_tensor]) as scope:
        x = convert_to_tensor(input_tensor, name="input_tensor")
        raw_max = reduce_max(x, axis=axis, keepdims=True)
        shift = array_ops.stop_gradient(
            select(is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max))
        )
        result = log(reduce_sum(exp(x - shift), axis=axis, keepdims=keepdims))
        if not keepdims:
            shift = array_ops.reshape(shift, array_ops.shape(result))
        return create("AddV2", [result, shift], name=scope)


def count_nonzero(
    input_tensor=None,
    axis=None,
    keepdims=None,
    dtype=dtypes.int64,
    name=None,
    reduction_indices=None,
    keep_dims=None,
    input=None,
) -> Tensor:  # noqa: A002
    """The number of non-zero (or true) elements along `axis`."""
    input_tensor = input if input_tensor is None else input_tensor
    with name_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        zero = array_ops.zeros([], dtype=x.dtype)
        nonzero = cast(not_equal(x, zero), dtypes.int64)
        counts = reduce_sum(
            nonzero,
            axis=axis,
            keepdims=keepdims,
            reduction_indices=reduction_indices,
            keep_dims=keep_dims,
        )
        return cast(counts, dtype)
