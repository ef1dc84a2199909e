"""Solves and decompositions: values against NumPy, and TensorFlow's errors."""

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(7)
A = RNG.normal(size=(4, 3))
SPD = A.T @ A + np.eye(3)
B = RNG.normal(size=(3, 2))


def run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_cholesky_and_solves_match_numpy():
    factor = run(tf.cholesky(SPD))
    np.testing.assert_allclose(factor @ factor.T, SPD)
    np.testing.assert_allclose(run(tf.matrix_solve(SPD, B)), np.linalg.solve(SPD, B))
    np.testing.assert_allclose(
        run(tf.matrix_solve(A[:3], B, adjoint=True)), np.linalg.solve(A[:3].T, B)
    )
    upper = np.triu(SPD)
    np.testing.assert_allclose(
        run(tf.matrix_triangular_solve(SPD, B, lower=False)), np.linalg.solve(upper, B)
    )
    np.testing.assert_allclose(
        run(tf.linalg.triangular_solve(SPD, B)), np.linalg.solve(np.tril(SPD), B)
    )


def test_band_part_keeps_the_band():
    x = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(run(tf.matrix_band_part(x, 1, 0)), np.tril(x) - np.tril(x, -2))
    np.testing.assert_array_equal(run(tf.linalg.band_part(x, 0, -1)), np.triu(x))


def test_decompositions_rebuild_their_input():
    s, u, v = run(tf.svd(A))
    np.testing.assert_allclose(u @ np.diag(s) @ v.T, A, atol=1e-12)
    assert u.shape == (4, 3) and v.shape == (3, 3)
    np.testing.assert_allclose(run(tf.svd(A, compute_uv=False)), s)
    q, r = run(tf.qr(A))
    np.testing.assert_allclose(q @ r, A, atol=1e-12)
    assert np.allclose(np.tril(r, -1), 0) and q.shape == (4, 3)
    values, vectors = run(tf.self_adjoint_eig(SPD))
    np.testing.assert_allclose(vectors @ np.diag(values) @ vectors.T, SPD, atol=1e-12)
    np.testing.assert_allclose(run(tf.linalg.eigvalsh(SPD)), values)
    assert np.all(np.diff(values) > 0)


def test_static_shapes():
    s, u, v = tf.svd(tf.placeholder(tf.float32, [5, 2, 3]), full_matrices=True)
    assert [s.shape.as_list(), u.shape.as_list(), v.shape.as_list()] == [
        [5, 2],
        [5, 2, 2],
        [5, 3, 3],
    ]
    q, r = tf.qr(tf.placeholder(tf.float32, [4, 3]))
    assert q.shape.as_list() == [4, 3] and r.shape.as_list() == [3, 3]
    e, _ = tf.self_adjoint_eig(tf.placeholder(tf.float64, [2, 3, 3]))
    assert e.shape.as_list() == [2, 3]


def test_cross_product():
    np.testing.assert_array_equal(run(tf.cross([[1.0, 0, 0]], [[0.0, 1, 0]])), [[0, 0, 1]])
    with pytest.raises(ValueError, match="Dimension must be 3 but is 2"):
        tf.cross(tf.zeros([2]), tf.zeros([2]))


def test_errors_are_tensorflows():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cholesky decomposition was not"):
        run(tf.cholesky(-np.eye(2)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible"):
        run(tf.matrix_solve(np.zeros((2, 2)), np.ones((2, 1))))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.matrix_solve(tf.zeros([3, 3]), tf.zeros([2, 1]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.cholesky(tf.zeros([3, 4]))
    with pytest.raises(NotImplementedError, match="full_matrices"):
        x = tf.placeholder(tf.float64, [4, 3])
        tf.gradients(tf.svd(x, full_matrices=True)[1], x)
