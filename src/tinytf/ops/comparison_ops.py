"""Comparisons, logic, NaN/Inf tests, `where` (select and coordinates) and check_numerics."""

from __future__ import annotations

import numpy as np

from tinytf.framework import common_shapes, dtypes, errors
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import dimension_in_both_mismatch, dims_text, rank_mismatch
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import (
    BOOL,
    FLOATS,
    NUMBERS,
    binary,
    broadcasting,
    check_dtype,
    convert_pair,
    create,
    elementwise,
    unary,
)


def equal(x, y, name=None) -> Tensor:
    return binary("Equal", x, y, name)


def not_equal(x, y, name=None) -> Tensor:
    return binary("NotEqual", x, y, name)


def less(x, y, name=None) -> Tensor:
    return binary("Less", x, y, name)


def less_equal(x, y, name=None) -> Tensor:
    return binary("LessEqual", x, y, name)


def greater(x, y, name=None) -> Tensor:
    return binary("Greater", x, y, name)


def greater_equal(x, y, name=None) -> Tensor:
    return binary("GreaterEqual", x, y, name)


def logical_and(x, y, name=None) -> Tensor:
    return binary("LogicalAnd", x, y, name)


def logical_or(x, y, name=None) -> Tensor:
    return binary("LogicalOr", x, y, name)


def logical_not(x, name=None) -> Tensor:
    return unary("LogicalNot", x, name)


def logical_xor(x, y, name="LogicalXor") -> Tensor:
    """(x or y) and not (x and y), built from three ops as TensorFlow does."""
    x, y = convert_pair(x, y)
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def is_nan(x, name=None) -> Tensor:
    return unary("IsNan", x, name)


def is_inf(x, name=None) -> Tensor:
    return unary("IsInf", x, name)


def is_finite(x, name=None) -> Tensor:
    return unary("IsFinite", x, name)


_any_dtype = common_shapes.broadcast_binary
for _op_type, _kernel, _infer in (
    ("Equal", np.equal, _any_dtype("Equal", dtypes.bool)),
    ("NotEqual", np.not_equal, _any_dtype("NotEqual", dtypes.bool)),
    ("Less", np.less, broadcasting("Less", NUMBERS, dtypes.bool)),
    ("LessEqual", np.less_equal, broadcasting("LessEqual", NUMBERS, dtypes.bool)),
    ("Greater", np.greater, broadcasting("Greater", NUMBERS, dtypes.bool)),
    ("GreaterEqual", np.greater_equal, broadcasting("GreaterEqual", NUMBERS, dtypes.bool)),
    ("LogicalAnd", np.logical_and, broadcasting("LogicalAnd", BOOL)),
    ("LogicalOr", np.logical_or, broadcasting("LogicalOr", BOOL)),
    ("LogicalNot", np.logical_not, elementwise("LogicalNot", BOOL)),
    ("IsNan", np.isnan, elementwise("IsNan", FLOATS, dtypes.bool)),
    ("IsInf", np.isinf, elementwise("IsInf", FLOATS, dtypes.bool)),
    ("IsFinite", np.isfinite, elementwise("IsFinite", FLOATS, dtypes.bool)),
):
    register_op(_op_type, infer=_infer)(_kernel)
    NotDifferentiable(_op_type)


def where(condition, x=None, y=None, name=None) -> Tensor:
    """TF 1.x `tf.where`.

    With `x` and `y`: elements of x where condition is true, else of y. `condition` has x's
    shape, or is a vector that picks whole rows (slices along x's first dimension).
    Alone: the coordinates of condition's true (non-zero) elements, an int64 [n, rank] matrix.
    """
    if x is None and y is None:
        with name_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=dtypes.bool, name="condition")
            return create("Where", [condition], name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return select(condition, x, y, name=name)


def select(condition, x, y, name=None) -> Tensor:
    with name_scope(name, "Select", [condition, x, y]) as scope:
        condition = convert_to_tensor(condition, name="condition")
        x, y = convert_pair(x, y)
        return create("Select", [condition, x, y], name=scope)


def _merge_shapes(a: TensorShape, b: TensorShape, op_type: str) -> TensorShape:
    """a and b merged into one shape, with TF's errors if they differ."""
    if a.ndims is not None and b.ndims is not None:
        if a.ndims != b.ndims:
            raise ValueError(f"{rank_mismatch(a.ndims, b.ndims)} for '{op_type}'")
        for index, (p, q) in enumerate(zip(a.as_tuple(), b.as_tuple(), strict=True)):
            if p is not None and q is not None and p != q:
                raise ValueError(
                    f"{dimension_in_both_mismatch(index, p, q)}. "
                    f"Shapes are {dims_text(a)} and "
                    f"{dims_text(b)}. for '{op_type}'"
                )
    return a.merge_with(b)


def _select_infer(inputs, attrs):
    condition, x, y = inputs
    check_dtype("Select", condition, BOOL, "condition")
    dtype = common_shapes.check_same_dtype("Select", [x, y], ("t", "e"))
    shape = _merge_shapes(x.shape, y.shape, "Select")
    if condition.shape.ndims == 1 and (shape.ndims or 0) > 1:
        _merge_shapes(condition.shape, TensorShape(shape.as_list()[:1]), "Select")
    else:
        shape = _merge_shapes(condition.shape, shape, "Select")
    return dtype, shape


@register_op("Select", infer=_select_infer)
def _select_kernel(condition, x, y):
    if np.shape(x) != np.shape(y):
        raise ValueError(
            f"'then' and 'else' must have the same size. but received: "
            f"{list(np.shape(x))} vs. {list(np.shape(y))}"
        )
    if np.ndim(condition) == 1 and np.ndim(x) > 1:
        condition = condition.reshape((-1,) + (1,) * (np.ndim(x) - 1))
    elif np.shape(condition) != np.shape(x):
        raise ValueError(
            f"'condition' must have the same shape as 'then' or be a vector "
            f"matching its first dimension, but received: "
            f"{list(np.shape(condition))} vs. {list(np.shape(x))}"
        )
    return np.where(condition, x, y)


@RegisterGradient("Select")
def _select_grad(op, grad):
    condition = op.inputs[0]
    zeros = array_ops.zeros_like(grad)
    return None, select(condition, grad, zeros), select(condition, zeros, grad)


def _where_infer(inputs, attrs):
    return dtypes.int64, TensorShape([None, inputs[0].shape.ndims])


@register_op("Where", infer=_where_infer)
def _where_kernel(condition):
    return np.argwhere(condition).astype(np.int64, copy=False)


NotDifferentiable("Where")


def check_numerics(tensor, message, name=None) -> Tensor:
    """`tensor` itself; running it raises InvalidArgumentError if it holds a NaN or an Inf."""
    return unary("CheckNumerics", tensor, name, attrs={"message": str(message)})


@register_op("CheckNumerics", infer=elementwise("CheckNumerics", FLOATS), bind=True)
def _check_numerics_kernel(op, session):
    message = op.get_attr("message")

    def check(tensor):
        if np.isfinite(tensor).all():
            return tensor
        found = [
            kind for kind, test in (("Inf", np.isinf), ("NaN", np.isnan)) if test(tensor).any()
        ]
        raise errors.InvalidArgumentError(
            None, op, f"{message} : Tensor had {' and '.join(found)} values"
        )

    return check


@RegisterGradient("CheckNumerics")
def _check_numerics_grad(op, grad):
    return check_numerics(
        grad,
        "Not a number (NaN) or infinity (Inf) values detected in "
        f"gradient. {op.get_attr('message')}",
    )
