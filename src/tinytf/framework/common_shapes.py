"""Shape rules shared by many op types (the `infer` functions of the registry)."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.shape_text import dimension_mismatch, dims_text
from tinytf.framework.tensor_shape import TensorShape


def broadcast_shapes(a: TensorShape, b: TensorShape, op_type: str = "") -> TensorShape:
    """NumPy broadcasting of two static shapes; None dims stay unknown where undecidable."""
    x, y = a.as_tuple(), b.as_tuple()
    if x is None or y is None:
        return TensorShape(None)
    rank = max(len(x), len(y))
    x = (1,) * (rank - len(x)) + x
    y = (1,) * (rank - len(y)) + y
    out = []
    for p, q in zip(x, y, strict=False):
        if p == 1:
            out.append(q)
        elif q == 1:
            out.append(p)
        elif p is None:
            out.append(q)
        elif q is None or p == q:
            out.append(p)
        else:
            raise ValueError(
                f"{dimension_mismatch(p, q)} for '{op_type}' "
                f"with input shapes: {dims_text(a)}, {dims_text(b)}."
            )
    return TensorShape(out)


def check_same_dtype(op_type: str, inputs, names=("x", "y")) -> dtypes.DType:
    """The common dtype of `inputs`; TypeError naming both if they differ (TF's message)."""
    first = inputs[0].dtype
    for name, tensor in zip(names[1:], inputs[1:], strict=False):
        if tensor.dtype is not first:
            raise TypeError(
                f"Input '{name}' of '{op_type}' Op has type {tensor.dtype.name} "
                f"that does not match type {first.name} of argument "
                f"'{names[0]}'."
            )
    return first


def unchanged(inputs, attrs):
    """The output has the first input's dtype and shape (element-wise unary ops)."""
    return inputs[0].dtype, inputs[0].shape


def broadcast_binary(op_type: str, out_dtype=None):
    """Shape rule for a broadcasting binary op whose inputs share a dtype."""

    def infer(inputs, attrs):
        dtype = check_same_dtype(op_type, inputs)
        shape = broadcast_shapes(inputs[0].shape, inputs[1].shape, op_type)
        return (out_dtype or dtype), shape

    return infer


def normalize_axis(axis, rank: int | None, op_type: str = "") -> tuple | None:
    """A tuple of non-negative axes (None means all); ValueError if out of range."""
    if axis is None:
        return None
    if isinstance(axis, (np.ndarray, np.generic)):
        axis = axis.tolist()
    axes = (axis,) if isinstance(axis, int) else tuple(int(a) for a in axis)
    if rank is None:
        return axes
    out = []
    for a in axes:
        if not -rank <= a < max(rank, 1):
            raise ValueError(
                f"Invalid reduction dimension {a} for input with {rank} dimensions. for '{op_type}'"
            )
        out.append(a % rank if rank else 0)
    return tuple(out)


def reduced_shape(shape: TensorShape, axis, keepdims: bool) -> TensorShape:
    """The static shape of a reduction of `shape` over `axis` (None: all axes)."""
    dims = shape.as_tuple()
    if dims is None:
        return TensorShape(None)
    axes = range(len(dims)) if axis is None else [a % len(dims) for a in axis] if dims else []
    if keepdims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])
