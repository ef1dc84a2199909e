"""Eigen-, singular-value and QR decompositions, and the cross product, with TensorFlow's
gradients (linalg_grad.py, math_grad.py).

The gradients of eigenvectors and singular vectors are infinite where eigen- or singular
values repeat, as in TensorFlow. Singular vectors and eigenvectors are unique up to sign:
tinytf's (LAPACK's, through NumPy) may differ in sign from TensorFlow's.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.decomposition_ops import _matrices, _op, matrix_band_part, matrix_triangular_solve
from tinytf.ops.linalg_ops import adjoint, matmul
from tinytf.ops.matrix_ops import matrix_diag, matrix_diag_part, matrix_set_diag
from tinytf.ops.unary_ops import reciprocal, square


def _pairwise_reciprocals(values: Tensor) -> Tensor:
    """1 / (values[j] - values[i]) off the diagonal, 0 on it."""
    differences = array_ops.expand_dims(values, -2) - array_ops.expand_dims(values, -1)
    return matrix_set_diag(reciprocal(differences), array_ops.zeros_like(values))


def self_adjoint_eig(tensor, name=None) -> tuple:
    """(e, v): the eigenvalues in ascending order and the eigenvectors (columns) of each
    symmetric matrix, read from its lower triangle."""
    x = convert_to_tensor(tensor, name="tensor")
    return tuple(_op("SelfAdjointEigV2", [x], {"compute_v": True}, name or "SelfAdjointEigV2"))


def self_adjoint_eigvals(tensor, name=None) -> Tensor:
    """The eigenvalues of each symmetric matrix, ascending."""
    x = convert_to_tensor(tensor, name="tensor")
    return _op("SelfAdjointEigV2", [x], {"compute_v": False}, name or "SelfAdjointEigV2")[0]


def _eig_infer(inputs, attrs):
    dims = _matrices("SelfAdjointEigV2", inputs[0])
    values = TensorShape(None if dims is None else dims[:-1])
    vectors = inputs[0].shape if attrs["compute_v"] else TensorShape([0])
    return [(inputs[0].dtype, values), (inputs[0].dtype, vectors)]


@register_op("SelfAdjointEigV2", infer=_eig_infer)
def _self_adjoint_eig_kernel(x, compute_v):
    if compute_v:
        return np.linalg.eigh(x)
    return np.linalg.eigvalsh(x), np.zeros(0, x.dtype)


@RegisterGradient("SelfAdjointEigV2")
def _self_adjoint_eig_grad(op, grad_e, grad_v):
    values = op.outputs[0]
    if op.get_attr("compute_v"):
        vectors = op.outputs[1]
        mixed = _pairwise_reciprocals(values) * matmul(vectors, grad_v, adjoint_a=True)
        inner = matrix_diag(grad_e) + mixed
    else:
        _, vectors = self_adjoint_eig(op.inputs[0])
        inner = matrix_diag(grad_e)
    grad_a = matmul(vectors, matmul(inner, vectors, adjoint_b=True))
    # The op reads the lower triangle only: fold the upper part's gradient onto it.
    grad_a = matrix_band_part(grad_a + adjoint(grad_a), -1, 0)
    return matrix_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a))


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """(s, u, v) with tensor = u @ diag(s) @ adjoint(v), s descending; only s when not
    `compute_uv`. Note the order: TensorFlow's, not NumPy's (u, s, vh)."""
    with name_scope(name, "Svd", [tensor]) as scope:
        x = convert_to_tensor(tensor, name="tensor")
        attrs = {"compute_uv": bool(compute_uv), "full_matrices": bool(full_matrices)}
        s, u, v = _op("Svd", [x], attrs, scope)
        return (s, u, v) if compute_uv else s


def _svd_infer(inputs, attrs):
    dims = _matrices("Svd", inputs[0], square=False)
    dtype = inputs[0].dtype
    if dims is None:
        return [(dtype, TensorShape(None))] * 3
    *batch, rows, columns = dims
    small = None if None in (rows, columns) else min(rows, columns)
    s = TensorShape([*batch, small])
    if not attrs["compute_uv"]:
        return [(dtype, s), (dtype, TensorShape([0])), (dtype, TensorShape([0]))]
    u_columns, v_columns = (rows, columns) if attrs["full_matrices"] else (small, small)
    return [
        (dtype, s),
        (dtype, TensorShape([*batch, rows, u_columns])),
        (dtype, TensorShape([*batch, columns, v_columns])),
    ]


@register_op("Svd", infer=_svd_infer)
def _svd_kernel(x, compute_uv, full_matrices):
    if not compute_uv:
        empty = np.zeros(0, x.dtype)
        return np.linalg.svd(x, compute_uv=False), empty, empty
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return s, u, np.swapaxes(vh, -1, -2)


@RegisterGradient("Svd")
def _svd_grad(op, grad_s, grad_u, grad_v):
    x = op.inputs[0]
    if not op.get_attr("compute_uv"):
        _, u, v = svd(x, compute_uv=True)
        return matmul(u, matmul(matrix_diag(grad_s), v, adjoint_b=True))
    rows, columns = x.shape.as_list()[-2:]
    if op.get_attr("full_matrices") and rows != columns:
        raise NotImplementedError(
            "SVD gradient is not implemented for full_matrices=True with a non-square input "
            "(tinytf); use full_matrices=False"
        )
    s, u, v = op.outputs
    wide = rows is not None and columns is not None and rows < columns
    if wide:  # the transposed problem: x^T = v diag(s) u^T
        u, v, grad_u, grad_v = v, u, grad_v, grad_u
    with name_scope("SvdGrad"):
        pairs = _pairwise_reciprocals(square(s))
        s_matrix = matrix_diag(s)
        u_grad_u = pairs * matmul(u, grad_u, adjoint_a=True)
        v_grad_v = pairs * matmul(v, grad_v, adjoint_a=True)
        inner = (
            matrix_diag(grad_s)
            + matmul(u_grad_u + adjoint(u_grad_u), s_matrix)
            + matmul(s_matrix, v_grad_v + adjoint(v_grad_v))
        )
        grad_x = matmul(u, matmul(inner, v, adjoint_b=True))
        # A tall input's columns of u beyond its rank get the rest of grad_u.
        outside = grad_u - matmul(u, matmul(u, grad_u, adjoint_a=True))
        grad_x += matmul(outside, matmul(matrix_diag(reciprocal(s)), v, adjoint_b=True))
    return adjoint(grad_x) if wide else grad_x


def qr(input, full_matrices=False, name=None) -> tuple:  # noqa: A002
    """(q, r): q with orthonormal columns and upper-triangular r, input = q @ r."""
    with name_scope(name, "Qr", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return tuple(_op("Qr", [x], {"full_matrices": bool(full_matrices)}, scope))


def _qr_infer(inputs, attrs):
    dims = _matrices("Qr", inputs[0], square=False)
    dtype = inputs[0].dtype
    if dims is None:
        return [(dtype, TensorShape(None))] * 2
    *batch, rows, columns = dims
    small = None if None in (rows, columns) else min(rows, columns)
    inner = rows if attrs["full_matrices"] else small
    return [
        (dtype, TensorShape([*batch, rows, inner])),
        (dtype, TensorShape([*batch, inner, columns])),
    ]


@register_op("Qr", infer=_qr_infer)
def _qr_kernel(x, full_matrices):
    return np.linalg.qr(x, mode="complete" if full_matrices else "reduced")


@RegisterGradient("Qr")
def _qr_grad(op, grad_q, grad_r):
    q, r = op.outputs
    rows, columns = op.inputs[0].shape.as_list()[-2:]
    if (
        rows is None
        or columns is None
        or rows < columns
        or (op.get_attr("full_matrices") and rows != columns)
    ):
        raise NotImplementedError(
            "QrGrad not implemented when ncols > nrows or full_matrices is true and ncols != nrows."
        )

    def solve_by_r(value):  # value @ adjoint(inverse(r))
        return adjoint(matrix_triangular_solve(r, adjoint(value), lower=False, adjoint=False))

    q_grad_q = matmul(q, grad_q, adjoint_a=True)
    r_grad_r = matmul(r, grad_r, adjoint_b=True)
    lower = matrix_band_part(q_grad_q - adjoint(q_grad_q) + r_grad_r - adjoint(r_grad_r), -1, 0)
    grad_a = matmul(q, grad_r + solve_by_r(lower))
    return grad_a + solve_by_r(grad_q - matmul(q, q_grad_q))


def cross(a, b, name=None) -> Tensor:
    """The cross products of the 3-vectors along the last axis."""
    with name_scope(name, "Cross", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype=a.dtype, name="b")
        return _op("Cross", [a, b], {}, scope)[0]


def _cross_infer(inputs, attrs):
    a, b = inputs
    shape = a.shape.merge_with(b.shape)
    dims = shape.as_tuple()
    if dims is not None and (not dims or dims[-1] not in (None, 3)):
        raise ValueError(
            f"Dimension must be 3 but is {dims[-1] if dims else 'missing'} for 'Cross' with "
            f"input shapes: {a.shape}, {b.shape}."
        )
    return a.dtype, shape


@register_op("Cross", infer=_cross_infer)
def _cross_kernel(a, b):
    return np.cross(a, b)


@RegisterGradient("Cross")
def _cross_grad(op, grad):
    a, b = op.inputs
    return cross(b, grad), cross(grad, a)
