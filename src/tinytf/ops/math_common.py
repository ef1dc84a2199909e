"""What the math op modules share: op builders with TF's conversions, and dtype constraints."""

from __future__ import annotations

import numpy as np

from tinytf.framework import common_shapes, dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import convert_to_tensor

FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
SIGNED = (*FLOATS, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64)
NUMBERS = (*SIGNED, dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64)
BOOL = (dtypes.bool,)


def is_tensor_like(value) -> bool:
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def create(op_type: str, inputs, attrs=None, name=None) -> Tensor:
    """Adds one op of `op_type` to the default graph and returns its first output."""
    op = get_default_graph().create_op(op_type, inputs, attrs, name=name or op_type)
    return op.outputs[0]


def unary(op_type: str, x, name=None, attrs=None) -> Tensor:
    """An op of one input, named `name` or by default its op type."""
    with name_scope(name, op_type, [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return create(op_type, [x], attrs, scope)


def binary(op_type: str, x, y, name=None, default_name=None) -> Tensor:
    """An op of two inputs; a Python or NumPy `y` is converted to x's dtype, as in TF."""
    with name_scope(name, default_name or op_type, [x, y]) as scope:
        x, y = convert_pair(x, y)
        return create(op_type, [x, y], name=scope)


def convert_pair(x, y) -> tuple[Tensor, Tensor]:
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, dtype=None if is_tensor_like(y) else x.dtype, name="y")
    return x, y


def constant_axis(axis, op_type: str):
    """`axis` as None, an int or a list of ints; a tensor must have a constant value.

    NumPy integers and arrays (0-d too) become Python ints, as TensorFlow accepts them.
    """
    if is_tensor_like(axis):
        value = constant_value(convert_to_tensor(axis))
        if value is None:
            raise NotImplementedError(
                f"tinytf's {op_type} needs an axis known when the graph "
                "is built (a constant), not a computed tensor."
            )
        axis = value
    if isinstance(axis, (np.ndarray, np.generic)):
        axis = axis.tolist()
    return axis


def check_dtype(op_type: str, tensor: Tensor, allowed, parameter: str = "x") -> None:
    """TF's TypeError when `tensor` has a dtype that op `op_type` does not accept."""
    dtype = tensor.dtype
    if dtype in allowed:
        return
    if allowed == BOOL:
        raise TypeError(
            f"Input '{parameter}' of '{op_type}' Op has type {dtype.name} that does "
            "not match expected type of bool."
        )
    names = ", ".join(allowed_dtype.name for allowed_dtype in allowed)
    raise TypeError(
        f"Value passed to parameter '{parameter}' has DataType {dtype.name} not in "
        f"list of allowed values: {names}"
    )


def elementwise(op_type: str, allowed, out_dtype=None):
    """Shape rule of an element-wise op of one input whose dtype is among `allowed`."""

    def infer(inputs, attrs):
        check_dtype(op_type, inputs[0], allowed)
        return out_dtype or inputs[0].dtype, inputs[0].shape

    return infer


def broadcasting(op_type: str, allowed, out_dtype=None):
    """Shape rule of a broadcasting op of two inputs of one dtype among `allowed`."""
    same_dtype_rule = common_shapes.broadcast_binary(op_type, out_dtype)

    def infer(inputs, attrs):
        result = same_dtype_rule(inputs, attrs)
        check_dtype(op_type, inputs[0], allowed)
        return result

    return infer
