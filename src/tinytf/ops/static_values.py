"""What is known of small integer tensors (shapes, axes) while a graph is built: their
values, or the known part of them, found by running the ops that only move elements."""

from __future__ import annotations

import numpy as np

from tinytf.framework import registry
from tinytf.framework.graph import Tensor
from tinytf.framework.tensor_shape import TensorShape, dimension_value
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import convert_to_tensor


def int_tensor(value, name: str) -> Tensor:
    """A shape-like argument as a tensor; Python ints become int32, Dimensions their ints."""
    if isinstance(value, TensorShape):
        value = value.as_list()
    if isinstance(value, (list, tuple)):
        value = [
            [dimension_value(d) for d in v] if isinstance(v, (list, tuple)) else dimension_value(v)
            for v in value
        ] or np.zeros(0, np.int32)
    return convert_to_tensor(value, name=name)


# These ops only move elements around: their kernels, run on object arrays that hold None
# for unknown elements, tell what is known of their result (say, one dim of tf.shape(x)).
# Each maps to how many of its leading inputs are such data (None: all); the inputs after
# them (begin, axis, shape...) must be known exactly.
_STRUCTURAL_OPS = {
    "Identity": 1,
    "Pack": None,
    "ConcatV2": -1,
    "StridedSlice": 1,
    "Slice": 1,
    "Reshape": 1,
    "ExpandDims": 1,
    "Squeeze": 1,
    "GatherV2": 1,
    "ReverseV2": 1,
}


def _fully_known(value) -> bool:
    return value.dtype != object or all(element is not None for element in value.flat)


def partial_value(tensor: Tensor):
    """What is known of an integer tensor's value at build time: an array, with None for
    the unknown elements (object dtype), or None if not even its shape is known."""
    value = constant_value(tensor)
    if value is not None:
        return value
    op = tensor.op
    if op.type == "Shape" and op.inputs[0].shape.ndims is not None:
        return np.array(op.inputs[0].shape.as_tuple(), dtype=object)
    if op.type in _STRUCTURAL_OPS and tensor.dtype.is_integer:
        inputs = [partial_value(t) for t in op.inputs]
        data_count = _STRUCTURAL_OPS[op.type]
        parameters = inputs[data_count:] if data_count is not None else []
        if all(v is not None for v in inputs) and all(_fully_known(v) for v in parameters):
            kernel = registry.get_op_def(op.type).kernel
            try:
                return np.asarray(kernel(*inputs, **op._attrs), dtype=object)
            except (IndexError, ValueError):
                pass  # the op fails when run, and its kernel reports it there
    if tensor.shape.is_fully_defined():
        return np.full(tensor.shape.as_list(), None, dtype=object)
    return None


def constant_int(tensor: Tensor):
    """The Python int value of a scalar tensor if known at build time, else None."""
    value = partial_value(tensor)
    if value is None or np.ndim(value) != 0 or value[()] is None:
        return None
    return int(value[()])


def partial_ints(tensor: Tensor) -> list | None:
    """The elements of a 1-D int tensor as ints or None (unknown); None if its length is."""
    value = partial_value(tensor)
    if value is None or np.ndim(value) != 1:
        return None
    return [None if v is None else int(v) for v in value]


def shape_from_tensor(tensor: Tensor) -> TensorShape:
    """The partial shape that a shape vector describes (negative entries are unknown)."""
    dims = partial_ints(tensor)
    if dims is None:
        return TensorShape(None)
    return TensorShape([None if d is None or d < 0 else d for d in dims])
