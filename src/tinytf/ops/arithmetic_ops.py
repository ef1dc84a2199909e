"""Broadcasting arithmetic of two tensors (add ... pow, maximum, minimum), and add_n.

Each op stands as builder, kernel and gradient together. The gradient for a broadcast input
is summed back to that input's shape by `sum_to_shape` (sum_to_shape_ops.py).
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import dims_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.comparison_ops import greater, greater_equal, less_equal, select
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import (
    FLOATS,
    NUMBERS,
    binary,
    broadcasting,
    check_dtype,
    convert_pair,
    create,
    is_tensor_like,
)
from tinytf.ops.sum_to_shape_ops import sum_to_shape
from tinytf.ops.unary_ops import cast, log, negative


def _broadcast_gradient_args_infer(inputs, attrs):
    vector = TensorShape([None])
    return [(inputs[0].dtype, vector), (inputs[0].dtype, vector)]


@register_op("BroadcastGradientArgs", infer=_broadcast_gradient_args_infer)
def _broadcast_gradient_args_kernel(s0, s1):
    """TensorFlow's form of sum_to_shape (in graphs it wrote, or tinytf's exported): the axes
    along which inputs of shapes s0 and s1 were broadcast, to be summed in their gradients."""
    rank = max(len(s0), len(s1))
    padded = [np.concatenate([np.ones(rank - len(s), s.dtype), s]) for s in (s0, s1)]
    for a, b in zip(*padded, strict=True):
        if a != b and a != 1 and b != 1:
            raise errors.InvalidArgumentError(
                None,
                None,
                f"Incompatible shapes: {dims_text(s0.tolist())} vs. {dims_text(s1.tolist())}",
            )
    if list(s0) == list(s1):
        return np.zeros(0, s0.dtype), np.zeros(0, s0.dtype)
    # An axis of size 1 is summed, even where the other shape has 1 too (TensorFlow's rule).
    return tuple(np.flatnonzero(shape == 1).astype(s0.dtype) for shape in padded)


NotDifferentiable("BroadcastGradientArgs")


def add(x, y, name=None) -> Tensor:
    return binary("AddV2", x, y, name, default_name="Add")


def subtract(x, y, name=None) -> Tensor:
    return binary("Sub", x, y, name)


def multiply(x, y, name=None) -> Tensor:
    return binary("Mul", x, y, name)


def scalar_mul(scalar, x, name=None) -> Tensor:
    """`scalar * x` for a scalar (a number or a 0-d tensor) of x's dtype."""
    x = convert_to_tensor(x, name="x")
    scalar = convert_to_tensor(
        scalar, dtype=None if is_tensor_like(scalar) else x.dtype, name="scalar"
    )
    if scalar.shape.ndims != 0:
        raise ValueError(f"Only scalar multiply works, got shape {scalar.shape}")
    return multiply(scalar, x, name=name)


def squared_difference(x, y, name=None) -> Tensor:
    return binary("SquaredDifference", x, y, name)


def maximum(x, y, name=None) -> Tensor:
    return binary("Maximum", x, y, name)


def minimum(x, y, name=None) -> Tensor:
    return binary("Minimum", x, y, name)


def pow(x, y, name=None) -> Tensor:  # noqa: A001 - TensorFlow's name
    return binary("Pow", x, y, name)


for _op_type, _kernel in (
    ("AddV2", np.add),
    ("Sub", np.subtract),
    ("Mul", np.multiply),
    ("Maximum", np.maximum),
    ("Minimum", np.minimum),
    ("Pow", np.power),
):
    register_op(_op_type, infer=broadcasting(_op_type, NUMBERS))(_kernel)


def _output_for(x, y) -> np.ndarray:
    """A fresh array for the broadcast result of x and y (an array even when both are 0-d)."""
    return np.empty(np.broadcast_shapes(np.shape(x), np.shape(y)), dtype=x.dtype)


@register_op(
    "SquaredDifference", infer=broadcasting("SquaredDifference", NUMBERS), fresh_outputs=True
)
def _squared_difference_kernel(x, y):
    out = np.subtract(x, y, out=_output_for(x, y))
    return np.multiply(out, out, out=out)


@RegisterGradient("AddV2")
def _add_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(grad, y)


@RegisterGradient("Sub")
def _sub_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(-grad, y)


@RegisterGradient("Mul")
def _mul_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad * y, x), sum_to_shape(x * grad, y)


@RegisterGradient("SquaredDifference")
def _squared_difference_grad(op, grad):
    x, y = op.inputs
    x_grad = 2 * grad * (x - y)
    return sum_to_shape(x_grad, x), sum_to_shape(-x_grad, y)


def _maximum_minimum_grad(op, grad, x_wins):
    """The gradient goes to whichever input won; on a tie, to x (as in TensorFlow)."""
    x, y = op.inputs
    x_mask = x_wins(x, y)
    zeros = array_ops.zeros_like(grad)
    return (
        sum_to_shape(select(x_mask, grad, zeros), x),
        sum_to_shape(select(x_mask, zeros, grad), y),
    )


@RegisterGradient("Maximum")
def _maximum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, greater_equal)


@RegisterGradient("Minimum")
def _minimum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, less_equal)


@RegisterGradient("Pow")
def _pow_grad(op, grad):
    x, y = op.inputs
    z = op.outputs[0]
    x_grad = grad * y * pow(x, y - 1)
    # d/dy x**y = x**y * log(x), taken as 0 where x <= 0 (as TensorFlow does).
    positive = greater(x, 0)
    safe_x = select(positive, x, array_ops.ones_like(x))
    log_x = select(positive, log(safe_x), array_ops.zeros_like(x))
    return sum_to_shape(x_grad, x), sum_to_shape(grad * z * log_x, y)


def _true_divide_dtype(dtype):
    """TF's truediv casts integers to floats: 8/16-bit to float32, 32/64-bit to float64."""
    if dtype.is_integer:
        return dtypes.float32 if dtype.size <= 2 else dtypes.float64
    return None


def _floating_division(op_type: str, x, y, scope: str) -> Tensor:
    """An `op_type` division of x by y in floating point: integers are cast to float."""
    x, y = convert_pair(x, y)
    if x.dtype is not y.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
    float_dtype = _true_divide_dtype(x.dtype)
    if float_dtype is not None:
        x, y = cast(x, float_dtype), cast(y, float_dtype)
    return create(op_type, [x, y], name=scope)


def truediv(x, y, name=None) -> Tensor:
    """x / y in floating point: integer inputs are cast to float first."""
    with name_scope(name, "truediv", [x, y]) as scope:
        return _floating_division("RealDiv", x, y, scope)


def div_no_nan(x, y, name=None) -> Tensor:
    """x / y, and 0 wherever y is 0 (whatever x is); integers are divided as floats."""
    with name_scope(name, "div_no_nan", [x, y]) as scope:
        return _floating_division("DivNoNan", x, y, scope)


def divide(x, y, name=None) -> Tensor:
    """`x / y`; a Python `x` takes the dtype of a tensor `y`."""
    if not is_tensor_like(x) and is_tensor_like(y):
        x = convert_to_tensor(x, dtype=convert_to_tensor(y).dtype, name="x")
    return truediv(x, y, name=name or "truediv")


def realdiv(x, y, name=None) -> Tensor:
    return binary("RealDiv", x, y, name)


def floordiv(x, y, name=None) -> Tensor:
    """x / y rounded down (toward -inf); TensorFlow's integer division."""
    return binary("FloorDiv", x, y, name, default_name="floordiv")


def floor_div(x, y, name=None) -> Tensor:
    return binary("FloorDiv", x, y, name)


def div(x, y, name=None) -> Tensor:
    """Python 2 division: floor division for integers, true division for floats."""
    with name_scope(name, "div", [x, y]) as scope:
        x, y = convert_pair(x, y)
        if x.dtype is not y.dtype:
            raise TypeError(f"x and y must have the same dtype, got {x.dtype!r} != {y.dtype!r}")
        op_type = "RealDiv" if x.dtype.is_floating else "FloorDiv"
        return create(op_type, [x, y], name=scope)


def truncatediv(x, y, name=None) -> Tensor:
    """x / y rounded toward zero (C's integer division)."""
    return binary("TruncateDiv", x, y, name)


def floormod(x, y, name=None) -> Tensor:
    """The remainder of floordiv: it has the sign of `y`, as Python's `%`."""
    return binary("FloorMod", x, y, name)


mod = floormod


def truncatemod(x, y, name=None) -> Tensor:
    """The remainder of truncatediv: it has the sign of `x`, as C's `fmod`."""
    return binary("TruncateMod", x, y, name)


def _truncate_divide_integers(x, y):
    # x - fmod(x, y) is an exact multiple of y, so floor division of it truncates exactly.
    return np.floor_divide(np.subtract(x, np.fmod(x, y)), y)


def _floor_divide_floats(x, y):
    out = np.true_divide(x, y, out=_output_for(x, y))
    return np.floor(out, out=out)


def _truncate_divide_floats(x, y):
    out = np.true_divide(x, y, out=_output_for(x, y))
    return np.trunc(out, out=out)


def _division(op_type, float_kernel, integer_kernel):
    """Registers a division: IEEE rules for floats; integers raise on a zero divisor."""

    def bind(op, session):
        if not op.outputs[0].dtype.is_integer:
            return float_kernel

        def divide_integers(x, y):
            if not np.all(y):
                raise errors.InvalidArgumentError(None, op, "Integer division by zero")
            return integer_kernel(x, y)

        return divide_integers

    register_op(op_type, infer=broadcasting(op_type, NUMBERS), bind=True)(bind)


_division("RealDiv", np.true_divide, _truncate_divide_integers)
_division("FloorDiv", _floor_divide_floats, np.floor_divide)
_division("TruncateDiv", _truncate_divide_floats, _truncate_divide_integers)
_division("FloorMod", np.mod, np.mod)
_division("TruncateMod", np.fmod, np.fmod)


@RegisterGradient("RealDiv")
def _real_div_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad / y, x), sum_to_shape(grad * (-x / y / y), y)


def _divide_no_nan_kernel(x, y):
    zero = y == 0
    # The quotient is computed with 1 for the zero divisors, then replaced by 0 there.
    out = np.true_divide(x, np.where(zero, np.ones_like(y), y))
    return np.where(zero, np.zeros_like(out), out)


register_op("DivNoNan", infer=broadcasting("DivNoNan", FLOATS))(_divide_no_nan_kernel)


@RegisterGradient("DivNoNan")
def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    return (
        sum_to_shape(div_no_nan(grad, y), x),
        sum_to_shape(grad * div_no_nan(div_no_nan(negative(x), y), y), y),
    )


@RegisterGradient("FloorMod")
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(grad * negative(floor_div(x, y)), y)


@RegisterGradient("TruncateMod")
def _truncate_mod_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(grad * negative(truncatediv(x, y)), y)


# Quotients are piecewise constant: TensorFlow sends no gradient through them.
NotDifferentiable("FloorDiv")
NotDifferentiable("TruncateDiv")


def add_n(inputs, name=None) -> Tensor:
    """Sums a list of tensors of the same shape and dtype."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError(
            "inputs must be a list of at least one Tensor with the same dtype and shape"
        )
    inputs = [convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return create("AddN", inputs, name=name)


def _add_n_infer(inputs, attrs):
    dtype = inputs[0].dtype
    shape = inputs[0].shape
    for index, tensor in enumerate(inputs[1:], 1):
        if tensor.dtype is not dtype:
            raise TypeError(
                f"Input 'inputs' of 'AddN' Op has type {tensor.dtype.name} at "
                f"index {index} that does not match type {dtype.name} at index 0."
            )
        if not shape.is_compatible_with(tensor.shape):
            raise ValueError(
                f"Shapes must be equal for 'AddN', but input {index} has shape "
                f"{tensor.shape} and input 0 has shape {inputs[0].shape}."
            )
        shape = shape.merge_with(tensor.shape)
    check_dtype("AddN", inputs[0], NUMBERS, "inputs")
    return dtype, shape


@register_op("AddN", infer=_add_n_infer)
def _add_n_kernel(*inputs):
    total = np.add(inputs[0], inputs[1], out=np.empty_like(inputs[0]))
    for value in inputs[2:]:
        total += value
    return total


@RegisterGradient("AddN")
def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)
