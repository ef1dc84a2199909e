"""Catalogue cases for the solves and decompositions (ops/decomposition_ops.py and
ops/factorization_ops.py). Eigen- and singular vectors are checked through their squares,
which do not depend on the sign LAPACK picks."""

import numpy as np

import tinytf as tf
from tests.ops.catalogue.case import Case

WELL_CONDITIONED = 3 * np.eye(3)


def _flat(*tensors):
    return tf.concat([tf.reshape(t, [-1]) for t in tensors], 0)


def _symmetric(x):
    return x + tf.matrix_transpose(x)


def _eig(x):
    values, vectors = tf.self_adjoint_eig(_symmetric(x))
    return _flat(values, vectors * vectors)


def _svd(x):
    s, u, v = tf.svd(x)
    return _flat(s, u * u, v * v)


CASES = [
    Case("MatrixBandPart", lambda x: tf.matrix_band_part(x, 1, 0), [(2, 3, 4)]),
    Case(
        "Cholesky",
        lambda x: tf.cholesky(tf.matmul(x, x, transpose_b=True) + WELL_CONDITIONED),
        [(3, 3)],
        domain=(-1.0, 1.0),
    ),
    Case(
        "MatrixSolve",
        lambda a, b: tf.matrix_solve(a + WELL_CONDITIONED, b),
        [(2, 3, 3), (2, 3, 2)],
        domain=(-1.0, 1.0),
        second_order=True,
    ),
    Case(
        "MatrixSolve",
        lambda a, b: tf.matrix_solve(a + WELL_CONDITIONED, b, adjoint=True),
        [(3, 3), (3, 2)],
        domain=(-1.0, 1.0),
        label="MatrixSolve_adjoint",
    ),
    Case(
        "MatrixTriangularSolve",
        lambda a, b: tf.matrix_triangular_solve(a + WELL_CONDITIONED, b),
        [(3, 3), (3, 2)],
        domain=(-1.0, 1.0),
        second_order=True,
    ),
    Case(
        "MatrixTriangularSolve",
        lambda a, b: tf.matrix_triangular_solve(a + WELL_CONDITIONED, b, lower=False, adjoint=True),
        [(3, 3), (3, 1)],
        domain=(-1.0, 1.0),
        label="MatrixTriangularSolve_upper_adjoint",
    ),
    Case("SelfAdjointEigV2", _eig, [(3, 3)]),
    Case(
        "SelfAdjointEigV2",
        lambda x: tf.self_adjoint_eigvals(_symmetric(x)),
        [(2, 3, 3)],
        label="SelfAdjointEigV2_values",
    ),
    Case("Svd", _svd, [(4, 3)]),
    Case("Svd", _svd, [(3, 4)], label="Svd_wide"),
    Case("Svd", _svd, [(3, 3)], label="Svd_square"),
    Case("Svd", lambda x: tf.svd(x, compute_uv=False), [(2, 4, 3)], label="Svd_values"),
    Case("Qr", lambda x: _flat(*tf.qr(x)), [(4, 3)]),
    Case("Qr", lambda x: _flat(*tf.qr(x)), [(3, 3)], label="Qr_square"),
    Case("Cross", tf.cross, [(2, 3), (2, 3)], second_order=True),
]

INDICES = [[0, 1], [1, 0], [2, 2]]

CASES += [
    Case(
        "SparseToDense",
        lambda values, default: tf.sparse_to_dense(INDICES, [3, 4], values, default),
        [(3,), ()],
    ),
    Case(
        "SparseReduceSum",
        lambda values: tf.sparse_reduce_sum(tf.SparseTensor(INDICES, values, [3, 4]), axis=1),
        [(3,)],
    ),
    Case(
        "SparseReduceSum",
        lambda values: tf.sparse_reduce_sum(
            tf.SparseTensor(INDICES, values, [3, 4]), axis=0, keepdims=True
        ),
        [(3,)],
        label="SparseReduceSum_keepdims",
    ),
    Case(
        "SparseTensorDenseMatMul",
        lambda values, b: tf.sparse_tensor_dense_matmul(
            tf.SparseTensor(INDICES, values, [3, 4]), b
        ),
        [(3,), (4, 2)],
    ),
    Case(
        "SparseTensorDenseMatMul",
        lambda values, b: tf.sparse_tensor_dense_matmul(
            tf.SparseTensor(INDICES, values, [3, 4]), b, adjoint_a=True, adjoint_b=True
        ),
        [(3,), (2, 3)],
        label="SparseTensorDenseMatMul_adjoint",
    ),
]

CASES += [
    Case(
        "ResizeBilinear",
        lambda images: tf.image.resize_images(images, [5, 3]),
        [(2, 3, 4, 2)],
        eps=1.0,  # linear, so exact for any step; large, as the result is float32 (TF)
        rtol=1e-3,
    ),
    Case(
        "ResizeBilinear",
        lambda images: tf.image.resize_images(images, [2, 7], align_corners=True),
        [(1, 3, 4, 1)],
        eps=1.0,
        rtol=1e-3,
        label="ResizeBilinear_align_corners",
    ),
    Case(
        "ResizeNearestNeighbor",
        lambda images: tf.image.resize_images(
            images, [5, 2], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR
        ),
        [(3, 4, 2)],
    ),
]
