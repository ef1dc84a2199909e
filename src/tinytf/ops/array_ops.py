"""TensorFlow's array_ops in one place: the array ops of the modules below.

The ops live in modules by idea, each importing only the ones before it:
shape_ops <- joining_ops <- creation_ops <- slicing_ops <- pad_ops, gather_ops. This module
re-exports them, so `array_ops.concat` works as in TensorFlow.
"""

from __future__ import annotations

from tinytf.ops.creation_ops import (
    diag,
    diag_part,
    eye,
    fill,
    linspace,
    ones,
    ones_like,
    range,
    zeros,
    zeros_like,
)
from tinytf.ops.gather_ops import (
    boolean_mask,
    gather,
    gather_nd,
    scatter_nd,
    top_k,
    unique,
    unsorted_segment_sum,
)
from tinytf.ops.joining_ops import _autopack, concat, split, stack, tile, unstack
from tinytf.ops.one_hot_ops import meshgrid, one_hot, sequence_mask
from tinytf.ops.pad_ops import pad
from tinytf.ops.shape_ops import (
    broadcast_to,
    expand_dims,
    identity,
    rank,
    reshape,
    shape,
    shape_n,
    size,
    squeeze,
    stop_gradient,
)
from tinytf.ops.slicing_ops import _slice_helper, newaxis, reverse, slice, strided_slice

__all__ = [
    "_autopack",
    "_slice_helper",
    "boolean_mask",
    "broadcast_to",
    "concat",
    "diag",
    "diag_part",
    "expand_dims",
    "eye",
    "fill",
    "gather",
    "gather_nd",
    "identity",
    "linspace",
    "meshgrid",
    "newaxis",
    "one_hot",
    "ones",
    "ones_like",
    "pad",
    "range",
    "rank",
    "reshape",
    "reverse",
    "scatter_nd",
    "sequence_mask",
    "shape",
    "shape_n",
    "size",
    "slice",
    "split",
    "squeeze",
    "stack",
    "stop_gradient",
    "strided_slice",
    "tile",
    "top_k",
    "unique",
    "unsorted_segment_sum",
    "unstack",
    "zeros",
    "zeros_like",
]

# TensorFlow's array_ops also holds these; tinytf's live in math_ops, which imports this
# module, so they are looked up when first used.
_FROM_MATH_OPS = frozenset(
    {"matrix_diag", "matrix_diag_part", "matrix_set_diag", "matrix_transpose", "transpose", "where"}
)


def __getattr__(name: str):
    if name in _FROM_MATH_OPS:
        from tinytf.ops import math_ops

        return getattr(math_ops, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
