"""Linear solves and the Cholesky factor: matrix_solve, matrix_triangular_solve,
cholesky and matrix_band_part, with TensorFlow's gradients (linalg_grad.py).

Each works on the innermost two dimensions (a batch of matrices).
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import errors, shape_text
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.linalg_ops import adjoint, matmul
from tinytf.ops.math_common import FLOATS, check_dtype
from tinytf.ops.matrix_ops import matrix_diag_part, matrix_inverse, matrix_set_diag


def _op(op_type: str, inputs, attrs, name) -> list[Tensor]:
    graph = inputs[0].graph
    return graph.create_op(op_type, inputs, attrs, name=name).outputs


def _matrices(op_type: str, x: Tensor, square: bool = True) -> tuple:
    check_dtype(op_type, x, FLOATS, "input")
    dims = x.shape.as_tuple()
    if dims is None:
        return None
    if len(dims) < 2:
        raise ValueError(
            f"{shape_text.rank_at_least(2, len(dims))} for '{op_type}' with "
            f"input shapes: {shape_text.dims_text(x.shape)}."
        )
    rows, columns = dims[-2:]
    if square and None not in (rows, columns) and rows != columns:
        raise ValueError(
            f"{shape_text.dimension_mismatch(rows, columns)} for '{op_type}' with "
            f"input shapes: {shape_text.dims_text(x.shape)}."
        )
    return dims


def matrix_band_part(input, num_lower, num_upper, name=None) -> Tensor:  # noqa: A002
    """Keeps `num_lower` diagonals below the main one and `num_upper` above (-1: all)."""
    with name_scope(name, "MatrixBandPart", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        lower = convert_to_tensor(num_lower, dtype="int64", name="num_lower")
        upper = convert_to_tensor(num_upper, dtype="int64", name="num_upper")
        return _op("MatrixBandPart", [x, lower, upper], {}, scope)[0]


@register_op("MatrixBandPart", infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape))
def _matrix_band_part_kernel(x, num_lower, num_upper):
    rows, columns = x.shape[-2:]
    offset = np.arange(columns)[None, :] - np.arange(rows)[:, None]  # column - row
    keep = np.ones((rows, columns), bool)
    if num_lower >= 0:
        keep &= offset >= -num_lower
    if num_upper >= 0:
        keep &= offset <= num_upper
    return np.where(keep, x, np.zeros((), x.dtype))


@RegisterGradient("MatrixBandPart")
def _matrix_band_part_grad(op, grad):
    return matrix_band_part(grad, op.inputs[1], op.inputs[2]), None, None


def cholesky(input, name=None) -> Tensor:  # noqa: A002
    """The lower-triangular L with L L^T = input (which must be symmetric positive
    definite; only its lower triangle is read)."""
    with name_scope(name, "Cholesky", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return _op("Cholesky", [x], {}, scope)[0]


def _same_shape_infer(op_type: str):
    def infer(inputs, attrs):
        _matrices(op_type, inputs[0])
        return inputs[0].dtype, inputs[0].shape

    return infer


@register_op("Cholesky", infer=_same_shape_infer("Cholesky"), bind=True)
def _cholesky_kernel(op, session):
    def factor(x):
        try:
            return np.linalg.cholesky(x)  # reads the lower triangle only, as TensorFlow
        except np.linalg.LinAlgError:
            raise errors.InvalidArgumentError(
                None,
                op,
                "Cholesky decomposition was not successful. The input might not be valid.",
            ) from None

    return factor


@RegisterGradient("Cholesky")
def _cholesky_grad(op, grad):
    factor = op.outputs[0]
    factor_inverse = matrix_inverse(factor)
    middle = matmul(factor, grad, adjoint_a=True)
    middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
    middle = matrix_band_part(middle, -1, 0)
    grad_a = matmul(matmul(factor_inverse, middle, adjoint_a=True), factor_inverse)
    return 0.5 * (grad_a + adjoint(grad_a))


def matrix_solve(matrix, rhs, adjoint=False, name=None) -> Tensor:
    """X with matrix @ X = rhs (adjoint(matrix) @ X = rhs with `adjoint`)."""
    with name_scope(name, "MatrixSolve", [matrix, rhs]) as scope:
        a = convert_to_tensor(matrix, name="matrix")
        b = convert_to_tensor(rhs, dtype=a.dtype, name="rhs")
        return _op("MatrixSolve", [a, b], {"adjoint": bool(adjoint)}, scope)[0]


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None) -> Tensor:
    """matrix_solve for a triangular matrix: only its lower (or upper) triangle is read."""
    with name_scope(name, "triangular_solve", [matrix, rhs]):
        a = convert_to_tensor(matrix, name="matrix")
        b = convert_to_tensor(rhs, dtype=a.dtype, name="rhs")
        attrs = {"lower": bool(lower), "adjoint": bool(adjoint)}
        return _op("MatrixTriangularSolve", [a, b], attrs, "MatrixTriangularSolve")[0]


def _solve_infer(op_type: str):
    def infer(inputs, attrs):
        a_dims = _matrices(op_type, inputs[0])
        b_dims = _matrices(op_type, inputs[1], square=False)
        if a_dims and b_dims and None not in (a_dims[-1], b_dims[-2]):
            if a_dims[-1] != b_dims[-2]:
                raise ValueError(
                    f"{shape_text.dimension_mismatch(a_dims[-1], b_dims[-2])} for "
                    f"'{op_type}' with input shapes: {shape_text.dims_text(inputs[0].shape)}"
                    f", {shape_text.dims_text(inputs[1].shape)}."
                )
        return inputs[1].dtype, inputs[1].shape

    return infer


def _solve(op, a, b):
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, op, "Input matrix is not invertible.") from None


@register_op("MatrixSolve", infer=_solve_infer("MatrixSolve"), bind=True)
def _matrix_solve_kernel(op, session):
    flip = op.get_attr("adjoint")
    return lambda a, b: _solve(op, np.swapaxes(a, -1, -2) if flip else a, b)


@register_op("MatrixTriangularSolve", infer=_solve_infer("MatrixTriangularSolve"), bind=True)
def _matrix_triangular_solve_kernel(op, session):
    lower, flip = op.get_attr("lower"), op.get_attr("adjoint")

    def solve(a, b):
        a = np.tril(a) if lower else np.triu(a)
        return _solve(op, np.swapaxes(a, -1, -2) if flip else a, b)

    return solve


def _solve_grads(op, grad, solver, **options):
    a, solution = op.inputs[0], op.outputs[0]
    flip = op.get_attr("adjoint")
    grad_b = solver(a, grad, adjoint=not flip, **options)
    if flip:
        grad_a = -matmul(solution, grad_b, adjoint_b=True)
    else:
        grad_a = -matmul(grad_b, solution, adjoint_b=True)
    return grad_a, grad_b


@RegisterGradient("MatrixSolve")
def _matrix_solve_grad(op, grad):
    return _solve_grads(op, grad, matrix_solve)


@RegisterGradient("MatrixTriangularSolve")
def _matrix_triangular_solve_grad(op, grad):
    lower = op.get_attr("lower")
    grad_a, grad_b = _solve_grads(op, grad, matrix_triangular_solve, lower=lower)
    return matrix_band_part(grad_a, -1, 0) if lower else matrix_band_part(grad_a, 0, -1), grad_b
