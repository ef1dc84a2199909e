"""Products and transposes: matmul (batched too), tensordot, transpose, matrix_transpose."""

from __future__ import annotations

import math

import numpy as np

from tinytf.framework import common_shapes, dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import (
    dimension_mismatch,
    dims_text,
    rank_at_least,
    rank_required,
    shapes_text,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import FLOATS, check_dtype, constant_axis, create, is_tensor_like
from tinytf.ops.sum_to_shape_ops import sum_to_shape

_MATMUL_DTYPES = (*FLOATS, dtypes.int32, dtypes.int64)


def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    name=None,
) -> Tensor:
    """a @ b over the last two axes; leading (batch) axes broadcast as in NumPy.

    Rank-2 inputs make a "MatMul" op, others a "BatchMatMulV2", as TensorFlow does. For
    real numbers adjoint is transpose; the sparsity hints are ignored.
    """
    if transpose_a and adjoint_a:
        raise ValueError("Only one of transpose_a and adjoint_a can be True.")
    if transpose_b and adjoint_b:
        raise ValueError("Only one of transpose_b and adjoint_b can be True.")
    with name_scope(name, "MatMul", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype=None if is_tensor_like(b) else a.dtype, name="b")
        flip_a, flip_b = bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)
        if (
            a.shape.ndims is not None
            and b.shape.ndims is not None
            and max(a.shape.ndims, b.shape.ndims) <= 2
        ):
            attrs = {"transpose_a": flip_a, "transpose_b": flip_b}
            return create("MatMul", [a, b], attrs, scope)
        return create("BatchMatMulV2", [a, b], {"adj_x": flip_a, "adj_y": flip_b}, scope)


def _matrix_dims(shape: TensorShape, transposed: bool) -> list:
    rows, columns = shape.as_list()[-2:]
    return [columns, rows] if transposed else [rows, columns]


def _check_inner_dims(op_type, a, b, a_dims, b_dims) -> None:
    inner_a, inner_b = a_dims[1], b_dims[0]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError(
            f"{dimension_mismatch(inner_a, inner_b)} for "
            f"'{op_type}' with input shapes: {dims_text(a.shape)}, "
            f"{dims_text(b.shape)}."
        )


def _matmul_infer(inputs, attrs):
    a, b = inputs
    dtype = common_shapes.check_same_dtype("MatMul", inputs, ("a", "b"))
    check_dtype("MatMul", a, _MATMUL_DTYPES, "a")
    for tensor in inputs:
        if tensor.shape.ndims not in (None, 2):
            raise ValueError(
                f"{rank_required(2, tensor.shape.ndims)} for "
                f"'MatMul' with input shapes: {dims_text(a.shape)}, "
                f"{dims_text(b.shape)}."
            )
    a_dims = _matrix_dims(a.shape.with_rank(2), attrs["transpose_a"])
    b_dims = _matrix_dims(b.shape.with_rank(2), attrs["transpose_b"])
    _check_inner_dims("MatMul", a, b, a_dims, b_dims)
    return dtype, TensorShape([a_dims[0], b_dims[1]])


@register_op("MatMul", infer=_matmul_infer, fresh_outputs=True)
def _matmul_kernel(a, b, transpose_a, transpose_b):
    return np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)


def _batch_matmul_infer(inputs, attrs):
    x, y = inputs
    dtype = common_shapes.check_same_dtype("BatchMatMulV2", inputs)
    check_dtype("BatchMatMulV2", x, _MATMUL_DTYPES)
    if x.shape.ndims is None or y.shape.ndims is None:
        return dtype, TensorShape(None)
    for tensor in inputs:
        if tensor.shape.ndims < 2:
            raise ValueError(
                f"{rank_at_least(2, tensor.shape.ndims)} for 'BatchMatMulV2' with input "
                f"shapes: {shapes_text(inputs)}."
            )
    batch = common_shapes.broadcast_shapes(x.shape[:-2], y.shape[:-2], "BatchMatMulV2")
    x_dims, y_dims = _matrix_dims(x.shape, attrs["adj_x"]), _matrix_dims(y.shape, attrs["adj_y"])
    _check_inner_dims("BatchMatMulV2", x, y, x_dims, y_dims)
    return dtype, TensorShape(batch.as_list() + [x_dims[0], y_dims[1]])


@register_op("BatchMatMulV2", infer=_batch_matmul_infer, fresh_outputs=True)
def _batch_matmul_kernel(x, y, adj_x, adj_y):
    return np.matmul(np.swapaxes(x, -1, -2) if adj_x else x, np.swapaxes(y, -1, -2) if adj_y else y)


def _matmul_grads(a, b, grad, flip_a, flip_b):
    """Gradients of matmul(a, b) with a and/or b transposed, as matmuls (no transposes)."""
    if not flip_a and not flip_b:
        return matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True)
    if not flip_a and flip_b:
        return matmul(grad, b), matmul(grad, a, transpose_a=True)
    if flip_a and not flip_b:
        return matmul(b, grad, transpose_b=True), matmul(a, grad)
    return (
        matmul(b, grad, transpose_a=True, transpose_b=True),
        matmul(grad, a, transpose_a=True, transpose_b=True),
    )


@RegisterGradient("MatMul")
def _matmul_grad(op, grad):
    a, b = op.inputs
    return _matmul_grads(a, b, grad, op.get_attr("transpose_a"), op.get_attr("transpose_b"))


@RegisterGradient("BatchMatMulV2")
def _batch_matmul_grad(op, grad):
    x, y = op.inputs
    x_grad, y_grad = _matmul_grads(x, y, grad, op.get_attr("adj_x"), op.get_attr("adj_y"))
    # Batch axes that were broadcast are summed back to each input's own batch shape.
    return sum_to_shape(x_grad, x), sum_to_shape(y_grad, y)


def tensordot(a, b, axes, name=None) -> Tensor:
    """Sums products of a and b over `axes`: an int N (a's last N axes with b's first N)
    or a pair of axis lists. One matmul between reshaped (and transposed) inputs.

    tinytf needs the ranks known, and the shapes known except for one free dimension.
    """
    with name_scope(name, "Tensordot", [a, b, axes]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, b, axes)
        a_matrix, a_free = _as_matrix(a, a_axes, contracted_first=False)
        b_matrix, b_free = _as_matrix(b, b_axes, contracted_first=True)
        product = matmul(a_matrix, b_matrix)
        dims = a_free + b_free
        if product.shape.as_list() == dims:
            return product
        if dims.count(None) > 1:
            raise NotImplementedError(
                "tinytf's tensordot needs static shapes except for one "
                f"free dimension; the result would be {dims}."
            )
        return array_ops.reshape(product, [-1 if d is None else d for d in dims], name=scope)


def _tensordot_axes(a: Tensor, b: Tensor, axes) -> tuple[list, list]:
    a_rank, b_rank = a.shape.ndims, b.shape.ndims
    if a_rank is None or b_rank is None:
        raise NotImplementedError("tinytf's tensordot needs inputs of known rank.")
    axes = constant_axis(axes, "Tensordot")
    if isinstance(axes, int):
        if not 0 <= axes <= min(a_rank, b_rank):
            raise ValueError(f"'axes' must be at most {min(a_rank, b_rank)}, got {axes}.")
        return list(range(a_rank - axes, a_rank)), list(range(axes))
    if len(axes) != 2:
        raise ValueError(f"'axes' must be an integer or have length 2, got {axes}.")
    a_axes, b_axes = ([axis] if isinstance(axis, int) else list(axis) for axis in axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(
            f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != {len(b_axes)}."
        )
    return [x % a_rank for x in a_axes], [x % b_rank for x in b_axes]


def _as_matrix(tensor: Tensor, axes: list, contracted_first: bool) -> tuple[Tensor, list]:
    """`tensor` as a [free, contracted] matrix (or [contracted, free]), and its free dims."""
    dims = tensor.shape.as_list()
    free = [axis for axis in range(len(dims)) if axis not in axes]
    free_dims, contracted_dims = [dims[i] for i in free], [dims[i] for i in axes]
    if None in contracted_dims:
        raise NotImplementedError("tinytf's tensordot needs the contracted dimensions known.")
    order = axes + free if contracted_first else free + axes
    if order != list(range(len(dims))):
        tensor = transpose(tensor, order)
    free_size = -1 if None in free_dims else math.prod(free_dims)
    shape = [math.prod(contracted_dims), free_size]
    if not contracted_first:
        shape.reverse()
    if tensor.shape.as_list() != shape:
        tensor = array_ops.reshape(tensor, shape)
    return tensor, free_dims


def transpose(a, perm=None, name="transpose", conjugate=False) -> Tensor:
    """Permutes the axes of `a`: output axis i is input axis perm[i] (reversed by default)."""
    with name_scope(name, "transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            rank = a.shape.ndims
            perm = None if rank is None else tuple(range(rank - 1, -1, -1))
        else:
            perm = tuple(int(p) for p in np.ravel(constant_axis(perm, "Transpose")))
        return create("Transpose", [a], {"perm": perm}, scope)


def matrix_transpose(a, name="matrix_transpose", conjugate=False) -> Tensor:
    """Swaps the last two axes of `a`."""
    with name_scope(name, "matrix_transpose", [a]):
        a = convert_to_tensor(a, name="a")
        rank = a.shape.ndims
        if rank is None or rank < 2:
            raise ValueError(
                f"Argument 'a' should be a (batch) matrix with rank >= 2.  Found: {a.shape}"
            )
        return transpose(a, [*range(rank - 2), rank - 1, rank - 2])


def adjoint(matrix, name=None) -> Tensor:
    """The conjugate transpose of the innermost matrices: for real numbers, the transpose."""
    with name_scope(name, "adjoint", [matrix]):
        return matrix_transpose(matrix)


def _transpose_infer(inputs, attrs):
    a, perm = inputs[0], attrs["perm"]
    if perm is None:
        return a.dtype, TensorShape(None)
    dims = a.shape.as_tuple()
    if dims is not None and len(perm) != len(dims):
        raise ValueError(
            f"Dimension must be {len(dims)} but is {len(perm)} for 'Transpose' "
            f"with input shapes: {dims_text(a.shape)}, "
            f"[{len(perm)}]."
        )
    if sorted(p % len(perm) for p in perm) != list(range(len(perm))):
        raise ValueError(
            f"{list(perm)} is not a permutation of the axes 0..{len(perm) - 1} for 'Transpose'."
        )
    if dims is None:
        return a.dtype, TensorShape([None] * len(perm))
    return a.dtype, TensorShape([dims[p] for p in perm])


@register_op("Transpose", infer=_transpose_infer)
def _transpose_kernel(a, perm):
    # A view, not a copy: consumers read it and never write to it.
    return np.transpose(a, perm)


@RegisterGradient("Transpose")
def _transpose_grad(op, grad):
    perm = op.get_attr("perm")
    return transpose(grad, None if perm is None else np.argsort(perm).tolist())
