"""TensorFlow's math_ops in one place: the math ops of the modules below, and Tensor operators.

The ops live in modules by idea, each importing only the ones before it:
math_common <- unary_ops <- comparison_ops <- arithmetic_ops <- linalg_ops <- matrix_ops,
scan_ops <- reduction_ops <- clip_ops. This module sits on top and re-exports them, so
`from tinytf.ops.math_ops import reduce_sum` works as in TensorFlow.
"""

from __future__ import annotations

from tinytf.framework.graph import name_scope
from tinytf.framework.tensor import define_operators
from tinytf.ops.argmax_ops import arg_max, arg_min, argmax, argmin
from tinytf.ops.arithmetic_ops import (
    add,
    add_n,
    div,
    div_no_nan,
    divide,
    floor_div,
    floordiv,
    floormod,
    maximum,
    minimum,
    mod,
    multiply,
    pow,
    realdiv,
    scalar_mul,
    squared_difference,
    subtract,
    truediv,
    truncatediv,
    truncatemod,
)
from tinytf.ops.clip_ops import clip_by_global_norm, clip_by_norm, clip_by_value, global_norm
from tinytf.ops.comparison_ops import (
    check_numerics,
    equal,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    not_equal,
    select,
    where,
)
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.linalg_ops import adjoint, matmul, matrix_transpose, tensordot, transpose
from tinytf.ops.math_common import is_tensor_like
from tinytf.ops.matrix_ops import (
    matrix_determinant,
    matrix_diag,
    matrix_diag_part,
    matrix_inverse,
    matrix_set_diag,
)
from tinytf.ops.reduction_ops import (
    count_nonzero,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    trace,
)
from tinytf.ops.scan_ops import cumprod, cumsum
from tinytf.ops.slicing_ops import _slice_helper
from tinytf.ops.sum_to_shape_ops import sum_to_shape
from tinytf.ops.unary_ops import (
    abs,
    cast,
    ceil,
    cos,
    erf,
    exp,
    expm1,
    floor,
    log,
    log1p,
    negative,
    reciprocal,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    tan,
    tanh,
    to_double,
    to_float,
    to_int32,
    to_int64,
)

__all__ = [
    "abs",
    "add",
    "add_n",
    "adjoint",
    "arg_max",
    "arg_min",
    "argmax",
    "argmin",
    "cast",
    "ceil",
    "check_numerics",
    "clip_by_global_norm",
    "clip_by_norm",
    "clip_by_value",
    "cos",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "div",
    "div_no_nan",
    "divide",
    "equal",
    "erf",
    "exp",
    "expm1",
    "floor",
    "floor_div",
    "floordiv",
    "floormod",
    "global_norm",
    "greater",
    "greater_equal",
    "is_finite",
    "is_inf",
    "is_nan",
    "less",
    "less_equal",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "matmul",
    "matrix_determinant",
    "matrix_diag",
    "matrix_diag_part",
    "matrix_inverse",
    "matrix_set_diag",
    "matrix_transpose",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "not_equal",
    "pow",
    "realdiv",
    "reciprocal",
    "reduce_all",
    "reduce_any",
    "reduce_logsumexp",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_sum",
    "round",
    "rsqrt",
    "scalar_mul",
    "select",
    "sigmoid",
    "sign",
    "sin",
    "sqrt",
    "square",
    "squared_difference",
    "subtract",
    "sum_to_shape",
    "tan",
    "tanh",
    "tensordot",
    "to_double",
    "to_float",
    "to_int32",
    "to_int64",
    "trace",
    "transpose",
    "truediv",
    "truncatediv",
    "truncatemod",
    "where",
]


def _binary_operator(function, op_name: str, tensor, other, reflected: bool):
    """`tensor (op) other`, under a scope named as TF names it; `other` takes the tensor's
    dtype, also when it is the left operand (`2.0 * x`)."""
    with name_scope(None, op_name, [tensor, other]) as scope:
        if not is_tensor_like(other):
            other = convert_to_tensor(other, dtype=tensor.dtype, name="x" if reflected else "y")
        x, y = (other, tensor) if reflected else (tensor, other)
        return function(x, y, name=scope)


def _add_operator(x, y, reflected=False):
    return _binary_operator(add, "add", x, y, reflected)


def _sub_operator(x, y, reflected=False):
    return _binary_operator(subtract, "sub", x, y, reflected)


def _mul_operator(x, y, reflected=False):
    return _binary_operator(multiply, "mul", x, y, reflected)


def _truediv_operator(x, y, reflected=False):
    return _binary_operator(truediv, "truediv", x, y, reflected)


def _floordiv_operator(x, y, reflected=False):
    return _binary_operator(floordiv, "floordiv", x, y, reflected)


def _mod_operator(x, y, reflected=False):
    return _binary_operator(floormod, "mod", x, y, reflected)


def _pow_operator(x, y, reflected=False):
    return _binary_operator(pow, "pow", x, y, reflected)


def _matmul_operator(x, y, reflected=False):
    return _binary_operator(matmul, "matmul", x, y, reflected)


def _and_operator(x, y, reflected=False):
    return _binary_operator(logical_and, "and", x, y, reflected)


def _or_operator(x, y, reflected=False):
    return _binary_operator(logical_or, "or", x, y, reflected)


def _xor_operator(x, y, reflected=False):
    return _binary_operator(logical_xor, "xor", x, y, reflected)


# Comparisons have no reflected forms: Python turns `2 < x` into `x > 2`.
def _less_operator(x, y, reflected=False):
    return less(x, y)


def _less_equal_operator(x, y, reflected=False):
    return less_equal(x, y)


def _greater_operator(x, y, reflected=False):
    return greater(x, y)


def _greater_equal_operator(x, y, reflected=False):
    return greater_equal(x, y)


def _negative_operator(x):
    return negative(x, name="Neg")


def _absolute_operator(x):
    return abs(x, name="Abs")


def _invert_operator(x):
    return logical_not(x, name="LogicalNot")


# Tensor's Python operators (framework/tensor.py) build their ops with these.
define_operators(
    _add_operator=_add_operator,
    _sub_operator=_sub_operator,
    _mul_operator=_mul_operator,
    _truediv_operator=_truediv_operator,
    _floordiv_operator=_floordiv_operator,
    _mod_operator=_mod_operator,
    _pow_operator=_pow_operator,
    _matmul_operator=_matmul_operator,
    _and_operator=_and_operator,
    _or_operator=_or_operator,
    _xor_operator=_xor_operator,
    _less_operator=_less_operator,
    _less_equal_operator=_less_equal_operator,
    _greater_operator=_greater_operator,
    _greater_equal_operator=_greater_equal_operator,
    getitem=_slice_helper,
    negative=_negative_operator,
    absolute=_absolute_operator,
    invert=_invert_operator,
)
