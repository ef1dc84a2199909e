"""SumToShape: a gradient summed over the axes along which an input was broadcast, so that
it has that input's shape; every broadcasting op's gradient ends with it."""

from __future__ import annotations

import functools
import math

import numpy as np

from tinytf.framework.graph import Tensor
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.ops import array_ops
from tinytf.ops.math_common import create


def sum_to_shape(grad: Tensor, x: Tensor) -> Tensor:
    """Sums `grad` over the axes along which `x` was broadcast, giving x's shape."""
    if grad.shape.is_fully_defined() and grad.shape == x.shape:
        return grad
    return create("SumToShape", [grad, x])


def _sum_to_shape_forwards_input(op) -> bool:
    grad, x = op.inputs
    return grad.shape.is_fully_defined() and grad.shape.as_tuple() == x.shape.as_tuple()


def _sum_to_static_shape_kernel(op):
    """SumToShape towards a shape known when the plan is built: the summed axes are fixed
    (the same sums as the general kernel's, which finds them on every run)."""
    grad, x = op.inputs
    target, dims = x.shape.as_tuple(), grad.shape.as_tuple()
    if (
        not x.shape.is_fully_defined()
        or dims is None
        or len(dims) < len(target)
        or not grad.dtype.is_floating
    ):
        return None
    lead = len(dims) - len(target)
    summed = [lead + i for i, d in enumerate(target) if d == 1 and dims[lead + i] != 1]
    if not lead and not summed:
        return None
    axes = tuple(range(lead)) + tuple(summed)
    columns = math.prod(target)
    if summed or not columns:
        return lambda grad, x: sum_over_axes(grad, axes, target)

    def sum_rows_to_static_shape(grad, x):
        # A bias gradient: its rows summed, by one matrix-vector product whose shape alone
        # is left to find (the general path, which finds the axes too, costs about 1.4x
        # as much on a 128x16 gradient: 6-8 us against 4-6).
        if grad.flags.c_contiguous and grad.dtype.char in "fd":  # else as sum_over_axes
            return _sum_rows(grad, grad.size // columns, columns, target)
        return sum_over_axes(grad, axes, target)

    return sum_rows_to_static_shape


@register_op(
    "SumToShape",
    infer=lambda inputs, attrs: (inputs[0].dtype, inputs[1].shape),
    shape_only_inputs=(1,),
    forwards_input=_sum_to_shape_forwards_input,
    static_kernel=_sum_to_static_shape_kernel,
)
def _sum_to_shape_kernel(grad, x):
    shape = x.shape if type(x) is np.ndarray else np.shape(x)  # np.shape costs a call
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and grad.shape[lead + i] != 1
    )
    return sum_over_axes(grad, axes, shape)


def sum_over_axes(grad: np.ndarray, axes: tuple, shape: tuple) -> np.ndarray:
    """`grad` summed over `axes`, in `shape` (a new array).

    Sums over leading axes of a float array (a bias gradient: the rows of a matrix, or the
    batch and pixels of an image's channels) are one matrix-vector product with ones: BLAS
    does it 6x faster than NumPy's reduction, which adds runs of only C values at a time.
    """
    leading = axes == tuple(range(len(axes)))
    if leading and axes and grad.dtype.char in "fd" and grad.flags.c_contiguous:
        rows, columns = math.prod(grad.shape[: len(axes)]), math.prod(grad.shape[len(axes) :])
        return _sum_rows(grad, rows, columns, shape)
    return np.sum(grad, axis=axes, keepdims=True).reshape(shape)


def _sum_rows(grad: np.ndarray, rows: int, columns: int, shape: tuple) -> np.ndarray:
    """The rows of contiguous float `grad`, seen as a [rows, columns] matrix, summed by
    BLAS, in `shape`. Both counts are given: with one of them 0, -1 would be ambiguous."""
    matrix = grad.reshape(rows, columns)
    return np.matmul(_ones(rows, grad.dtype.char), matrix).reshape(shape)


@functools.lru_cache(maxsize=16)
def _ones(count: int, dtype: str) -> np.ndarray:
    ones = np.ones(count, dtype)
    ones.flags.writeable = False
    return ones


@RegisterGradient("SumToShape")
def _sum_to_shape_grad(op, grad):
    return array_ops.broadcast_to(grad, array_ops.shape(op.inputs[0])), None
