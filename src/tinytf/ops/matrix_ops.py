"""Square-matrix functions (inverse, determinant) and diagonals (diag, diag_part, set_diag)."""

from __future__ import annotations

import numpy as np

from tinytf.framework import common_shapes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import dimension_mismatch, dims_text, rank_at_least
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.linalg_ops import matmul
from tinytf.ops.math_common import FLOATS, check_dtype, create


def matrix_inverse(input, adjoint=False, name=None) -> Tensor:  # noqa: A002
    """The inverse of each innermost square matrix (of its adjoint, if `adjoint`)."""
    with name_scope(name, "MatrixInverse", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return create("MatrixInverse", [x], {"adjoint": bool(adjoint)}, scope)


def matrix_determinant(input, name=None) -> Tensor:  # noqa: A002
    with name_scope(name, "MatrixDeterminant", [input]) as scope:
        return create("MatrixDeterminant", [convert_to_tensor(input, name="input")], None, scope)


def _square_matrices_infer(op_type: str, drop_matrix_dims: bool):
    def infer(inputs, attrs):
        x = inputs[0]
        check_dtype(op_type, x, FLOATS, "input")
        dims = x.shape.as_tuple()
        if dims is None:
            return x.dtype, TensorShape(None)
        if len(dims) < 2:
            raise ValueError(
                f"{rank_at_least(2, len(dims))} for '{op_type}' with input shapes: "
                f"{dims_text(x.shape)}."
            )
        rows, columns = dims[-2:]
        if rows is not None and columns is not None and rows != columns:
            raise ValueError(
                f"{dimension_mismatch(rows, columns)} for "
                f"'{op_type}' with input shapes: "
                f"{dims_text(x.shape)}."
            )
        return x.dtype, TensorShape(dims[:-2] if drop_matrix_dims else dims)

    return infer


@register_op("MatrixInverse", infer=_square_matrices_infer("MatrixInverse", False))
def _matrix_inverse_kernel(x, adjoint):
    try:
        inverse = np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise ValueError("Input is not invertible.") from None
    return np.swapaxes(inverse, -1, -2) if adjoint else inverse


@RegisterGradient("MatrixInverse")
def _matrix_inverse_grad(op, grad):
    inverse = op.outputs[0]
    if op.get_attr("adjoint"):
        return -matmul(inverse, matmul(grad, inverse, transpose_a=True))
    return -matmul(inverse, matmul(grad, inverse, transpose_b=True), transpose_a=True)


@register_op("MatrixDeterminant", infer=_square_matrices_infer("MatrixDeterminant", True))
def _matrix_determinant_kernel(x):
    return np.asarray(np.linalg.det(x))


@RegisterGradient("MatrixDeterminant")
def _matrix_determinant_grad(op, grad):
    # d det(A) / dA = det(A) * inverse(A)^T
    scale = array_ops.expand_dims(array_ops.expand_dims(grad * op.outputs[0], -1), -1)
    return scale * matrix_inverse(op.inputs[0], adjoint=True)


def matrix_diag_part(input, name="diag_part") -> Tensor:  # noqa: A002
    """The main diagonal of each innermost matrix (of length min(rows, columns))."""
    with name_scope(name, "diag_part", [input]) as scope:
        return create("MatrixDiagPartV3", [convert_to_tensor(input, name="input")], None, scope)


def matrix_diag(diagonal, name="diag") -> Tensor:
    """Square matrices with `diagonal` (its last axis) on their main diagonal, zeros off it."""
    with name_scope(name, "diag", [diagonal]) as scope:
        return create("MatrixDiagV3", [convert_to_tensor(diagonal, name="diagonal")], None, scope)


def matrix_set_diag(input, diagonal, name="set_diag") -> Tensor:  # noqa: A002
    """A copy of `input` whose innermost matrices have `diagonal` on their main diagonal."""
    with name_scope(name, "set_diag", [input, diagonal]) as scope:
        x = convert_to_tensor(input, name="input")
        diagonal = convert_to_tensor(diagonal, name="diagonal")
        return create("MatrixSetDiagV3", [x, diagonal], None, scope)


def _diag_part_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return inputs[0].dtype, TensorShape(None)
    if len(dims) < 2:
        raise ValueError(f"{rank_at_least(2, len(dims))} for 'MatrixDiagPartV3'.")
    rows, columns = dims[-2:]
    length = None if rows is None or columns is None else min(rows, columns)
    return inputs[0].dtype, TensorShape(dims[:-2] + (length,))


def _diag_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return inputs[0].dtype, TensorShape(None)
    if not dims:
        raise ValueError(f"{rank_at_least(1, 0)} for 'MatrixDiagV3'.")
    return inputs[0].dtype, TensorShape(dims + dims[-1:])


def _set_diag_infer(inputs, attrs):
    x, diagonal = inputs
    common_shapes.check_same_dtype("MatrixSetDiagV3", inputs, ("input", "diagonal"))
    expected = _diag_part_infer([x], attrs)[1]
    if not expected.is_compatible_with(diagonal.shape):
        raise ValueError(
            f"The diagonal of shape {diagonal.shape} does not fit the diagonal "
            f"of the matrices of shape {x.shape}: expected {expected}."
        )
    return x.dtype, x.shape


@register_op("MatrixDiagPartV3", infer=_diag_part_infer)
def _matrix_diag_part_kernel(x):
    return np.diagonal(x, axis1=-2, axis2=-1)


@register_op("MatrixDiagV3", infer=_diag_infer)
def _matrix_diag_kernel(diagonal):
    size = diagonal.shape[-1]
    out = np.zeros(diagonal.shape + (size,), dtype=diagonal.dtype)
    out[..., np.arange(size), np.arange(size)] = diagonal
    return out


@register_op("MatrixSetDiagV3", infer=_set_diag_infer)
def _matrix_set_diag_kernel(x, diagonal):
    out = np.array(x, copy=True)
    positions = np.arange(min(x.shape[-2:]))
    out[..., positions, positions] = diagonal
    return out


@RegisterGradient("MatrixDiagPartV3")
def _matrix_diag_part_grad(op, grad):
    return matrix_set_diag(array_ops.zeros_like(op.inputs[0]), grad)


@RegisterGradient("MatrixDiagV3")
def _matrix_diag_grad(op, grad):
    return matrix_diag_part(grad)


@RegisterGradient("MatrixSetDiagV3")
def _matrix_set_diag_grad(op, grad):
    diagonal = op.inputs[1]
    return matrix_set_diag(grad, array_ops.zeros_like(diagonal)), matrix_diag_part(grad)
