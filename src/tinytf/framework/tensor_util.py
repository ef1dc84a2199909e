"""Static evaluation of small tensors (shapes, axes) at graph-construction time."""

from __future__ import annotations

import numpy as np

from tinytf.framework.tensor_shape import TensorShape


def constant_value(tensor):
    """The value of `tensor` if it is known without running the graph, else None."""
    op = tensor.op
    if op.type == "Const":
        return op.get_attr("value")
    if op.type == "Shape":
        shape = op.inputs[0].shape
        if shape.is_fully_defined():
            return np.array(shape.as_list(), dtype=tensor.dtype.as_numpy_dtype)
    if op.type == "Size":
        count = op.inputs[0].shape.num_elements()
        if count is not None:
            return np.array(count, dtype=tensor.dtype.as_numpy_dtype)
    if op.type == "Rank":
        rank = op.inputs[0].shape.ndims
        if rank is not None:
            return np.array(rank, dtype=np.int32)
    if op.type == "Identity":
        return constant_value(op.inputs[0])
    if op.type == "Pack":
        values = [constant_value(t) for t in op.inputs]
        if all(v is not None for v in values):
            return np.stack(values, axis=op.get_attr("axis"))
    if op.type == "Range":
        values = [constant_value(t) for t in op.inputs]
        if all(v is not None for v in values):
            return np.arange(*values, dtype=tensor.dtype.as_numpy_dtype)
    if op.type == "ConcatV2":  # the transposition tf.nn.dynamic_rnn computes
        values = [constant_value(t) for t in op.inputs]
        if all(v is not None for v in values):
            return np.concatenate(values[:-1], axis=int(values[-1]))
    if op.type == "Cast":
        value = constant_value(op.inputs[0])
        if value is not None:
            return value.astype(tensor.dtype.as_numpy_dtype)
    return None


def constant_value_as_shape(tensor) -> TensorShape:
    """The partial shape that a 1-D int tensor (a shape vector) is known to describe."""
    if tensor.op.type == "Shape":
        return tensor.op.inputs[0].shape
    value = constant_value(tensor)
    if value is not None:
        return TensorShape([None if d < 0 else int(d) for d in np.ravel(value)])
    if tensor.op.type == "Pack":
        dims = []
        for element in tensor.op.inputs:
            element_value = constant_value(element)
            dims.append(None if element_value is None or element_value < 0 else int(element_value))
        return TensorShape(dims)
    length = tensor.shape[0].value if tensor.shape.ndims == 1 else None
    return TensorShape(None if length is None else [None] * length)
