"""Element-wise functions of one tensor: sign, powers, exponentials, trigonometry, rounding, casts.

Each op stands as builder, kernel and gradient together. Gradients use the Tensor operators,
which convert Python numbers to the tensor's dtype, so float32 stays float32.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from tinytf.framework import common_shapes, dtypes, errors
from tinytf.framework.graph import Tensor, control_dependencies, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import FLOATS, NUMBERS, SIGNED, check_dtype, create, elementwise, unary


def negative(x, name=None) -> Tensor:
    return unary("Neg", x, name)


def abs(x, name=None) -> Tensor:  # noqa: A001 - TensorFlow's name
    return unary("Abs", x, name)


def sign(x, name=None) -> Tensor:
    return unary("Sign", x, name)


def square(x, name=None) -> Tensor:
    return unary("Square", x, name)


def sqrt(x, name=None) -> Tensor:
    return unary("Sqrt", x, name)


def rsqrt(x, name=None) -> Tensor:
    return unary("Rsqrt", x, name)


def reciprocal(x, name=None) -> Tensor:
    return unary("Reciprocal", x, name)


def exp(x, name=None) -> Tensor:
    return unary("Exp", x, name)


def expm1(x, name=None) -> Tensor:
    return unary("Expm1", x, name)


def log(x, name=None) -> Tensor:
    return unary("Log", x, name)


def log1p(x, name=None) -> Tensor:
    return unary("Log1p", x, name)


def sin(x, name=None) -> Tensor:
    return unary("Sin", x, name)


def cos(x, name=None) -> Tensor:
    return unary("Cos", x, name)


def tan(x, name=None) -> Tensor:
    return unary("Tan", x, name)


def tanh(x, name=None) -> Tensor:
    return unary("Tanh", x, name)


def sigmoid(x, name=None) -> Tensor:
    return unary("Sigmoid", x, name)


def erf(x, name=None) -> Tensor:
    return unary("Erf", x, name)


def floor(x, name=None) -> Tensor:
    return unary("Floor", x, name)


def ceil(x, name=None) -> Tensor:
    return unary("Ceil", x, name)


def round(x, name=None) -> Tensor:  # noqa: A001
    """Rounds half to even (banker's rounding), as TensorFlow does."""
    return unary("Round", x, name)


for _op_type, _kernel, _allowed in (
    ("Neg", np.negative, SIGNED),
    ("Abs", np.abs, SIGNED),
    ("Sign", np.sign, SIGNED),
    ("Square", np.square, NUMBERS),
    ("Sqrt", np.sqrt, FLOATS),
    ("Reciprocal", np.reciprocal, SIGNED),
    ("Exp", np.exp, FLOATS),
    ("Expm1", np.expm1, FLOATS),
    ("Log", np.log, FLOATS),
    ("Log1p", np.log1p, FLOATS),
    ("Sin", np.sin, FLOATS),
    ("Cos", np.cos, FLOATS),
    ("Tan", np.tan, FLOATS),
    ("Tanh", np.tanh, FLOATS),
    ("Floor", np.floor, FLOATS),
    ("Ceil", np.ceil, FLOATS),
    ("Round", np.round, SIGNED),
):
    register_op(_op_type, infer=elementwise(_op_type, _allowed))(_kernel)


@register_op("Rsqrt", infer=elementwise("Rsqrt", FLOATS))
def _rsqrt_kernel(x):
    out = np.sqrt(x, out=np.empty_like(x))  # empty_like: an array even for a 0-d input
    return np.reciprocal(out, out=out)


@register_op("Sigmoid", infer=elementwise("Sigmoid", FLOATS), fresh_outputs=True)
def _sigmoid_kernel(x):
    # 1 / (1 + exp(-x)) keeps its relative precision everywhere: for x < 0, exp(-x) is
    # large and its reciprocal exact to an ulp (sigmoid(-20) = 2.1e-9); below -88 exp
    # overflows to inf and the result is 0, as the true value is below float32's normal
    # range. Four passes over x: the LSTM's gates spend most of their time here.
    if x.dtype == np.float16:  # exp overflows from -11 on: computed in float32
        return _sigmoid_kernel(x.astype(np.float32)).astype(np.float16)
    out = np.negative(x, out=np.empty_like(x))
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    np.add(out, 1, out=out)
    return np.reciprocal(out, out=out)


def sigmoid_grad(y, dy, name=None) -> Tensor:
    """dy * y * (1 - y): the gradient through a sigmoid whose output is `y` (TF's SigmoidGrad)."""
    return create("SigmoidGrad", [y, dy], name=name)


def tanh_grad(y, dy, name=None) -> Tensor:
    """dy * (1 - y * y): the gradient through a tanh whose output is `y` (TF's TanhGrad)."""
    return create("TanhGrad", [y, dy], name=name)


def _activation_grad_infer(op_type: str):
    """TensorFlow's shape rule for SigmoidGrad and TanhGrad: y's shape (the kernel checks
    that dy has as many elements); y and dy share a float dtype."""

    def infer(inputs, attrs):
        dtype = common_shapes.check_same_dtype(op_type, inputs, names=("y", "dy"))
        check_dtype(op_type, inputs[0], FLOATS, "y")
        return dtype, inputs[0].shape

    return infer


def _activation_grad_op(op_type: str, factor_into):
    """Registers `op_type`(y, dy) = dy * factor(y), where `factor_into(y, out)` writes
    factor(y) into the new array `out`. Float16 is computed as it is: y lies in [-1, 1],
    so no step overflows (sigmoid's exp needs float32, its gradient does not)."""

    def bind(op, session):
        def kernel(y, dy):
            if y.shape != dy.shape:
                # TensorFlow's kernels read both as flat arrays of the same length.
                if y.size != dy.size:
                    raise errors.InvalidArgumentError(
                        None,
                        op,
                        "The two arguments to a cwise op must have same number of "
                        f"elements, got {y.size} and {dy.size}",
                    )
                dy = dy.reshape(y.shape)
            out = factor_into(y, np.empty_like(y))  # empty_like: an array even for 0-d y
            return np.multiply(out, dy, out=out)

        return kernel

    register_op(op_type, infer=_activation_grad_infer(op_type), bind=True, fresh_outputs=True)(bind)


def _one_minus_y_times_y(y, out):
    np.subtract(1, y, out=out)
    return np.multiply(out, y, out=out)


def _one_minus_y_squared(y, out):
    np.multiply(y, y, out=out)
    return np.subtract(1, out, out=out)


# Three passes over one new array each. No in-place variant: the factor of y needs a
# buffer of its own, so writing into dy would save no allocation.
_activation_grad_op("SigmoidGrad", _one_minus_y_times_y)
_activation_grad_op("TanhGrad", _one_minus_y_squared)


# Beyond 6, erf(x) rounds to 1 in float64; below 2, erf(x) = x * near(x**2) avoids the
# cancellation that 1 - erfc(x) suffers for small x.
_ERF_NEAR_LIMIT, _ERF_ONE = 2.0, 6.0


@functools.cache
def _erf_polynomials():
    """Polynomials fitted once to the standard library's erf, at Chebyshev nodes.

    For |x| <= 2, erf(x) = x * near(x**2); for |x| > 2, erf(x) = sign(x) * (1 -
    exp(-x**2) * far(1 / |x|)). Both agree with math.erf to about 1e-14 relative.
    """
    from numpy.polynomial import chebyshev

    def fit(function, low, high, degree):
        middle, half_width = (low + high) / 2, (high - low) / 2
        samples = lambda t: np.array([function(middle + half_width * v) for v in t])
        return chebyshev.cheb2poly(chebyshev.chebinterpolate(samples, degree)), middle, half_width

    def near(z):
        return math.erf(math.sqrt(z)) / math.sqrt(z) if z > 0 else 2 / math.sqrt(math.pi)

    def far(u):
        return math.erfc(1 / u) * math.exp(1 / u**2)

    return (fit(near, 0.0, _ERF_NEAR_LIMIT**2, 14), fit(far, 1 / _ERF_ONE, 1 / _ERF_NEAR_LIMIT, 20))


def _evaluate(polynomial, values: np.ndarray) -> np.ndarray:
    """polynomial(values) by Horner's rule; overwrites `values`, a fresh float64 array."""
    coefficients, middle, half_width = polynomial
    values -= middle
    values /= half_width
    out = np.full_like(values, coefficients[-1])
    for coefficient in coefficients[-2::-1]:
        out *= values
        out += coefficient
    return out


@register_op("Erf", infer=elementwise("Erf", FLOATS))
def _erf_kernel(x):
    near, far = _erf_polynomials()
    x64 = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x64)
    magnitude = np.abs(x64)
    small = magnitude <= _ERF_NEAR_LIMIT
    inner = x64[small]
    out[small] = inner * _evaluate(near, np.square(inner))
    large = ~small
    outer = np.minimum(magnitude[large], _ERF_ONE)
    tail = _evaluate(far, np.reciprocal(outer))
    tail *= np.exp(-np.square(outer))
    out[large] = np.copysign(1 - tail, x64[large])
    return out.astype(x.dtype, copy=False)


@RegisterGradient("Neg")
def _neg_grad(op, grad):
    return negative(grad)


@RegisterGradient("Abs")
def _abs_grad(op, grad):
    return grad * sign(op.inputs[0])


@RegisterGradient("Sign")
def _sign_grad(op, grad):
    return array_ops.zeros_like(op.inputs[0])


@RegisterGradient("Square")
def _square_grad(op, grad):
    return grad * (op.inputs[0] * 2)


@RegisterGradient("Sqrt")
def _sqrt_grad(op, grad):
    return grad * 0.5 / op.outputs[0]


@RegisterGradient("Rsqrt")
def _rsqrt_grad(op, grad):
    y = op.outputs[0]
    return grad * -0.5 * (square(y) * y)


@RegisterGradient("Reciprocal")
def _reciprocal_grad(op, grad):
    return -grad * square(op.outputs[0])


@RegisterGradient("Exp")
def _exp_grad(op, grad):
    return grad * op.outputs[0]


@RegisterGradient("Expm1")
def _expm1_grad(op, grad):
    return grad * exp(op.inputs[0])


@RegisterGradient("Log")
def _log_grad(op, grad):
    return grad * reciprocal(op.inputs[0])


@RegisterGradient("Log1p")
def _log1p_grad(op, grad):
    return grad * reciprocal(1 + op.inputs[0])


@RegisterGradient("Sin")
def _sin_grad(op, grad):
    return grad * cos(op.inputs[0])


@RegisterGradient("Cos")
def _cos_grad(op, grad):
    return -grad * sin(op.inputs[0])


@RegisterGradient("Tan")
def _tan_grad(op, grad):
    return grad * square(reciprocal(cos(op.inputs[0])))


# As TensorFlow's math_grad.py: one SigmoidGrad or TanhGrad op, built under a control
# dependency on `grad` (which adds control inputs only to the constants of the second order).
@RegisterGradient("Tanh")
def _tanh_grad(op, grad):
    with control_dependencies([grad]):
        return tanh_grad(op.outputs[0], grad)


@RegisterGradient("Sigmoid")
def _sigmoid_grad(op, grad):
    with control_dependencies([grad]):
        return sigmoid_grad(op.outputs[0], grad)


@RegisterGradient("TanhGrad")
def _tanh_grad_grad(op, grad):
    with control_dependencies([grad]):
        y, dy = op.inputs
        return grad * -2.0 * dy * y, tanh_grad(y, grad)


@RegisterGradient("SigmoidGrad")
def _sigmoid_grad_grad(op, grad):
    with control_dependencies([grad]):
        y, dy = op.inputs
        grad_dy = grad * dy
        return grad_dy - 2.0 * grad_dy * y, sigmoid_grad(y, grad)


@RegisterGradient("Erf")
def _erf_grad(op, grad):
    return grad * (2 / math.sqrt(math.pi)) * exp(-square(op.inputs[0]))


# Rounding is flat almost everywhere: TensorFlow sends no gradient through it.
for _op_type in ("Floor", "Ceil", "Round"):
    NotDifferentiable(_op_type)


def cast(x, dtype, name=None) -> Tensor:
    """`x` as `dtype`; a tensor that already has it is returned as it is (no op)."""
    dtype = dtypes.as_dtype(dtype)
    if isinstance(x, Tensor) and x.dtype is dtype:
        return x
    with name_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype is dtype:
            return x
        return create("Cast", [x], {"dtype": dtype}, scope)


def to_float(x, name="ToFloat") -> Tensor:
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble") -> Tensor:
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32") -> Tensor:
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64") -> Tensor:
    return cast(x, dtypes.int64, name=name)


def _cast_forwards_input(op) -> bool:
    return op.inputs[0].dtype == op.outputs[0].dtype


@register_op(
    "Cast",
    infer=lambda inputs, attrs: (attrs["dtype"], inputs[0].shape),
    fresh_outputs=True,
    forwards_input=_cast_forwards_input,
)
def _cast_kernel(x, dtype):
    # astype copies even to the same dtype: `fresh_outputs` relies on it.
    return np.asarray(x).astype(dtype.as_numpy_dtype)


@RegisterGradient("Cast")
def _cast_grad(op, grad):
    source = op.inputs[0].dtype
    if source.is_floating and op.outputs[0].dtype.is_floating:
        return cast(grad, source)
    return None
