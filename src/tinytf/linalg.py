"""`tf.linalg`: matrix products, transposes, inverses, determinants, diagonals and traces."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.ops.array_ops import eye
from tinytf.ops.decomposition_ops import cholesky
from tinytf.ops.decomposition_ops import matrix_band_part as band_part
from tinytf.ops.decomposition_ops import matrix_solve as solve
from tinytf.ops.decomposition_ops import matrix_triangular_solve as triangular_solve
from tinytf.ops.factorization_ops import cross, qr, svd
from tinytf.ops.factorization_ops import self_adjoint_eig as eigh
from tinytf.ops.factorization_ops import self_adjoint_eigvals as eigvalsh
from tinytf.ops.math_ops import (
    adjoint,
    global_norm,
    matmul,
    matrix_transpose,
    tensordot,
    trace,
    transpose,
)
from tinytf.ops.math_ops import matrix_determinant as det
from tinytf.ops.math_ops import matrix_diag as diag
from tinytf.ops.math_ops import matrix_diag_part as diag_part
from tinytf.ops.math_ops import matrix_inverse as inv
from tinytf.ops.math_ops import matrix_set_diag as set_diag

__all__ = [
    "band_part",
    "cholesky",
    "cross",
    "eigh",
    "eigvalsh",
    "qr",
    "solve",
    "svd",
    "triangular_solve",
    "adjoint",
    "det",
    "diag",
    "diag_part",
    "eye",
    "global_norm",
    "inv",
    "matmul",
    "matrix_transpose",
    "set_diag",
    "tensordot",
    "trace",
    "transpose",
]

__getattr__ = _unsupported_hook("tf.linalg", globals())
