"""Tensors made from indices and coordinates: one_hot, sequence_mask, meshgrid."""

from __future__ import annotations

import builtins

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.shape_ops import broadcast_to, create, expand_dims, reshape, size
from tinytf.ops.static_values import constant_int, int_tensor

_INDEX_DTYPES = (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64)


def one_hot(
    indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None
) -> Tensor:
    """`on_value` where the new `axis` (last by default) equals `indices`, else `off_value`.

    The dtype is `dtype`, else that of on/off_value, else float32; indices outside
    [0, depth) give a row of `off_value`.
    """
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        indices = convert_to_tensor(indices, name="indices")
        if indices.dtype not in _INDEX_DTYPES:
            raise TypeError(
                f"Value passed to parameter 'indices' has DataType "
                f"{indices.dtype.name} not in list of allowed values: uint8, int8, "
                "int32, int64"
            )
        given = {
            key: convert_to_tensor(value, name=key)
            for key, value in (("on_value", on_value), ("off_value", off_value))
            if value is not None
        }
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
            for key, value in given.items():
                if value.dtype is not dtype:
                    raise TypeError(
                        f"dtype {value.dtype.name} of {key} does not match dtype "
                        f"parameter {dtype.name}"
                    )
        elif given:
            dtype = next(iter(given.values())).dtype
        else:
            dtype = dtypes.float32
        if len(given) == 2 and given["on_value"].dtype is not given["off_value"].dtype:
            raise TypeError(
                f"dtype {given['on_value'].dtype.name} of on_value does not match "
                f"dtype {given['off_value'].dtype.name} of off_value"
            )
        on = given["on_value"] if "on_value" in given else constant(1, dtype, name="on_value")
        off = given["off_value"] if "off_value" in given else constant(0, dtype, name="off_value")
        inputs = [indices, int_tensor(depth, "depth"), on, off]
        return create("OneHot", inputs, {"axis": -1 if axis is None else int(axis)}, scope)


def _one_hot_infer(inputs, attrs):
    indices, depth = inputs[:2]
    dims = indices.shape.as_tuple()
    if dims is None:
        return inputs[2].dtype, TensorShape(None)
    axis = attrs["axis"]
    if not -1 <= axis <= len(dims):
        raise ValueError(
            f"Expected axis to be -1 or between [0, {len(dims) + 1}).  But "
            f"received: {axis} for 'OneHot'"
        )
    axis = len(dims) if axis == -1 else axis
    return inputs[2].dtype, TensorShape(dims[:axis] + (constant_int(depth),) + dims[axis:])


@register_op("OneHot", infer=_one_hot_infer)
def _one_hot_kernel(indices, depth, on_value, off_value, axis):
    if depth < 0:
        raise ValueError(f"depth must be non-negative, got: {depth}")
    hot = np.expand_dims(indices, -1) == np.arange(depth)
    out = np.where(hot, on_value, off_value)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


NotDifferentiable("OneHot")


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None) -> Tensor:
    """mask[i..., j] = j < lengths[i...], for j in [0, maxlen) (default max(lengths))."""
    from tinytf.ops import math_ops

    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = math_ops.reduce_max(lengths)
            maxlen = math_ops.maximum(constant(0, maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims not in (None, 0):
            raise ValueError("maxlen must be scalar for sequence_mask")
        # Broadcasting compares the row [0, 1, ..., maxlen-1] with each length as a column.
        row = create("Range", [constant(0, maxlen.dtype), maxlen, constant(1, maxlen.dtype)])
        column = math_ops.cast(expand_dims(lengths, -1), maxlen.dtype)
        mask = math_ops.less(row, column)
        return mask if dtypes.as_dtype(dtype) is dtypes.bool else math_ops.cast(mask, dtype)


def meshgrid(*args, **kwargs) -> list[Tensor]:
    """Coordinate grids of N 1-D tensors: `indexing="xy"` (Cartesian, the default) swaps
    the first two dimensions of the "ij" (matrix) layout."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with name_scope(name, "meshgrid", args):
        tensors = [convert_to_tensor(x) for x in args]
        count = len(tensors)
        axes = list(builtins.range(count))
        if indexing == "xy" and count > 1:
            axes[0], axes[1] = 1, 0
        sizes = [None] * count
        columns = []
        for tensor, axis in zip(tensors, axes, strict=True):
            layout = [1] * count
            layout[axis] = -1
            columns.append(reshape(tensor, layout))
            count_known = tensor.shape.num_elements()
            sizes[axis] = size(tensor) if count_known is None else count_known
        return [broadcast_to(column, sizes) for column in columns]
