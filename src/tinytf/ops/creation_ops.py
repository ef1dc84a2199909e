"""Tensors made from a description: fill, zeros, ones, eye, diag, range, linspace (one_hot,
sequence_mask and meshgrid are in one_hot_ops)."""

from __future__ import annotations

import builtins
import math

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import (
    dimension_mismatch,
    dims_text,
    rank_at_least,
    rank_required,
    shapes_text,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.joining_ops import _contains_tensor, concat
from tinytf.ops.one_hot_ops import one_hot
from tinytf.ops.shape_ops import broadcast_to, create, shape
from tinytf.ops.static_values import constant_int, int_tensor, shape_from_tensor

# Above this many elements, zeros() and ones() use a Fill op instead of a constant, as TF.
_MAX_CONSTANT_SIZE = 1000


def fill(dims, value, name=None) -> Tensor:
    """A tensor of shape `dims` with every element `value`."""
    with name_scope(name, "Fill", [dims, value]) as scope:
        dims = int_tensor(dims, "dims")
        return create("Fill", [dims, convert_to_tensor(value, name="value")], name=scope)


def _fill_infer(inputs, attrs):
    dims, value = inputs
    if value.shape.ndims not in (None, 0):
        raise ValueError(
            f"{rank_required(0, value.shape.ndims)} for 'Fill' "
            f"with input shapes: {shapes_text(inputs)}."
        )
    return value.dtype, shape_from_tensor(dims)


@register_op("Fill", infer=_fill_infer)
def _fill_kernel(dims, value):
    for d in dims:
        if d < 0:
            raise ValueError(f"Dimension {d} must be >= 0")
    return np.full(tuple(dims), value, dtype=value.dtype)


@RegisterGradient("Fill")
def _fill_grad(op, grad):
    from tinytf.ops.math_ops import reduce_sum

    return None, reduce_sum(grad)


def _filled(shape, value: int, dtype, name: str) -> Tensor:
    """zeros/ones: a constant when `shape` is static and small, else a Fill op."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name) as scope:
        if not _contains_tensor(shape):
            shape = (
                TensorShape(shape).as_list()
                if isinstance(shape, TensorShape)
                else [int(d) for d in np.ravel(shape)]
            )
            if math.prod(shape) < _MAX_CONSTANT_SIZE:
                return constant(np.full(shape, value, dtype.as_numpy_dtype), name=scope)
        element = constant(np.array(value, dtype.as_numpy_dtype))  # False for bools
        return fill(int_tensor(shape, "shape_as_tensor"), element, name=scope)


def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(shape, 0, dtype, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(shape, 1, dtype, name or "ones")


def zeros_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    """Zeros of `tensor`'s shape: a constant when that shape is static (with `optimize`)."""
    with name_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        dtype = dtypes.as_dtype(dtype or tensor.dtype)
        if optimize and tensor.shape.is_fully_defined() and dtype is not dtypes.variant:
            return zeros(tensor.shape, dtype, name=scope)  # (a TensorList's zeros are a list)
        if dtype is not tensor.dtype:
            return zeros(shape(tensor), dtype, name=scope)
        return create("ZerosLike", [tensor], name=scope)


def ones_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    with name_scope(name, "ones_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        return ones(shape(tensor), dtype or tensor.dtype, name=scope)


@register_op(
    "ZerosLike",
    infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape),
    shape_only_inputs=(0,),
)
def _zeros_like_kernel(x):
    if isinstance(x, list):  # a TensorList (tensor_list_ops): each element set as zeros
        return x.copy_with([None if element is None else np.zeros_like(element) for element in x])
    return np.zeros_like(x)


NotDifferentiable("ZerosLike")


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None) -> Tensor:
    """Identity matrices of shape batch_shape + [num_rows, num_columns]."""
    dtype = dtypes.as_dtype(dtype)
    num_columns = num_rows if num_columns is None else num_columns
    batch_shape = [] if batch_shape is None else batch_shape
    arguments = [num_rows, num_columns, batch_shape]
    if not any(isinstance(a, Tensor) for a in arguments):
        if num_rows < 0 or num_columns < 0:
            raise ValueError(
                f"num_rows and num_columns must be >= 0, got {num_rows} and {num_columns}"
            )
        value = np.broadcast_to(
            np.eye(num_rows, num_columns, dtype=dtype.as_numpy_dtype),
            [*batch_shape, num_rows, num_columns],
        )
        return constant(value, name=name or "eye")
    with name_scope(name, "eye", arguments) as scope:
        # Row i holds a one in column i: one_hot of 0..num_rows-1 over num_columns.
        matrix = one_hot(range(num_rows), num_columns, dtype=dtype)
        if isinstance(batch_shape, Tensor) or batch_shape:
            target = concat([batch_shape, shape(matrix)], 0)
            return broadcast_to(matrix, target, name=scope)
        return matrix


def diag(diagonal, name=None) -> Tensor:
    """A tensor of rank 2k with `diagonal` (rank k) on its diagonal and zeros elsewhere."""
    with name_scope(name, "Diag", [diagonal]) as scope:
        return create("Diag", [convert_to_tensor(diagonal, name="diagonal")], name=scope)


def diag_part(input, name=None) -> Tensor:  # noqa: A002
    """The diagonal of a tensor of rank 2k: the inverse of `diag`."""
    with name_scope(name, "DiagPart", [input]) as scope:
        return create("DiagPart", [convert_to_tensor(input, name="input")], name=scope)


def _diag_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is not None and not dims:
        raise ValueError(
            f"{rank_at_least(1, 0)} for 'Diag' with input shapes: {shapes_text(inputs)}."
        )
    return inputs[0].dtype, TensorShape(None if dims is None else dims + dims)


def _diag_part_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return inputs[0].dtype, TensorShape(None)
    half = len(dims) // 2
    if not dims or len(dims) % 2:
        raise ValueError(
            f"Input must have even and non-zero rank, input rank is {len(dims)} "
            f"for 'DiagPart' with input shapes: {shapes_text(inputs)}."
        )
    out = []
    for a, b in zip(dims[:half], dims[half:], strict=True):
        if a is not None and b is not None and a != b:
            raise ValueError(
                f"{dimension_mismatch(a, b)} for 'DiagPart' "
                f"with input shapes: {shapes_text(inputs)}."
            )
        out.append(a if a is not None else b)
    return inputs[0].dtype, TensorShape(out)


@register_op("Diag", infer=_diag_infer)
def _diag_kernel(diagonal):
    count = diagonal.size
    matrix = np.zeros((count, count), dtype=diagonal.dtype)
    np.fill_diagonal(matrix, diagonal.reshape(-1))
    return matrix.reshape(diagonal.shape * 2)


@register_op("DiagPart", infer=_diag_part_infer)
def _diag_part_kernel(input):  # noqa: A002
    half = input.ndim // 2
    for i in builtins.range(half):
        if input.shape[i] != input.shape[half + i]:
            raise ValueError(
                f"Invalid shape {dims_text(input.shape)}: dimensions {i} and "
                f"{half + i} do not match."
            )
    count = math.prod(input.shape[:half])
    return np.diagonal(input.reshape(count, count)).reshape(input.shape[:half])


@RegisterGradient("Diag")
def _diag_grad(op, grad):
    return diag_part(grad)


@RegisterGradient("DiagPart")
def _diag_part_grad(op, grad):
    return diag(grad)


_RANGE_DTYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # noqa: A001
    """The numbers start, start + delta, ... up to but excluding `limit`, as Python's."""
    from tinytf.ops.math_ops import cast

    if limit is None:
        start, limit = 0, start
    with name_scope(name, "Range", [start, limit, delta]) as scope:
        labels = ("start", "limit", "delta")
        arguments = [
            value
            if isinstance(value, Tensor)
            else convert_to_tensor(value, dtype=dtype, name=label)
            for value, label in zip((start, limit, delta), labels, strict=True)
        ]
        if dtype is None:
            for argument in arguments:
                if argument.dtype not in _RANGE_DTYPES:
                    raise TypeError(
                        f"tf.range takes int32, int64, float32 or float64 "
                        f"arguments, got {argument.dtype.name}"
                    )
            dtype = max((a.dtype for a in arguments), key=_RANGE_DTYPES.index)
        arguments = [cast(a, dtype) for a in arguments]
        return create("Range", arguments, name=scope)


def _range_length(start, limit, delta) -> int:
    if delta == 0:
        raise ValueError("Requires delta != 0")
    if delta > 0 and start > limit:
        raise ValueError(f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and start < limit:
        raise ValueError(f"Requires start >= limit when delta < 0: {start}/{limit}")
    return math.ceil(abs((limit - start) / delta))


def _range_infer(inputs, attrs):
    values = [constant_value(t) for t in inputs]
    if any(v is None for v in values):
        return inputs[0].dtype, TensorShape([None])
    try:
        length = _range_length(*[v.item() for v in values])
    except ValueError as error:
        raise ValueError(f"{error} for 'Range' with input shapes: {shapes_text(inputs)}.") from None
    return inputs[0].dtype, TensorShape([length])


@register_op("Range", infer=_range_infer)
def _range_kernel(start, limit, delta):
    length = _range_length(start.item(), limit.item(), delta.item())
    return start + np.arange(length, dtype=start.dtype) * delta


def linspace(start, stop, num, name=None) -> Tensor:
    """`num` evenly spaced values from `start` to `stop` inclusive (floats only, as TF 1.x)."""
    with name_scope(name, "LinSpace", [start, stop, num]) as scope:
        start = convert_to_tensor(start, name="start")
        stop = convert_to_tensor(stop, dtype=start.dtype, name="stop")
        if not start.dtype.is_floating:
            raise TypeError(
                f"Value passed to parameter 'start' has DataType "
                f"{start.dtype.name} not in list of allowed values: float16, "
                "float32, float64"
            )
        return create("LinSpace", [start, stop, int_tensor(num, "num")], name=scope)


def _linspace_infer(inputs, attrs):
    count = constant_int(inputs[2])
    if count is not None and count <= 0:
        raise ValueError(f"Requires num > 0: {count} for 'LinSpace'")
    return inputs[0].dtype, TensorShape([count])


@register_op("LinSpace", infer=_linspace_infer)
def _linspace_kernel(start, stop, num):
    if num <= 0:
        raise ValueError(f"Requires num > 0: {num}")
    return np.linspace(start, stop, int(num), dtype=start.dtype)


NotDifferentiable("Range")
NotDifferentiable("LinSpace")
