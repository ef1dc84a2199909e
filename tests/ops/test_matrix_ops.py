"""Inverses, determinants and diagonals: values against NumPy, shapes, names, errors."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def matrices(*shape):
    value = np.random.default_rng(4).uniform(-1, 1, size=shape)
    return value + 3 * np.eye(shape[-1])


def test_inverse_of_a_batch_and_of_the_adjoint():
    value = matrices(2, 3, 3)
    inverse = tf.matrix_inverse(value)
    assert (inverse.op.type, inverse.op.name, inverse.shape.as_list()) == (
        "MatrixInverse",
        "MatrixInverse",
        [2, 3, 3],
    )
    np.testing.assert_allclose(run(inverse), np.linalg.inv(value), rtol=1e-12)
    np.testing.assert_allclose(
        run(tf.linalg.inv(value, adjoint=True)), np.linalg.inv(np.swapaxes(value, 1, 2)), rtol=1e-12
    )
    assert run(tf.matrix_inverse(tf.constant(matrices(2, 2), tf.float32))).dtype == np.float32


def test_inverse_errors():
    with pytest.raises(
        ValueError,
        match="Dimensions must be equal, but are 2 and 3 for "
        r"'MatrixInverse' with input shapes: \[2,3\].",
    ):
        tf.matrix_inverse(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_inverse(tf.ones([2]))
    with pytest.raises(TypeError, match="DataType int32 not in list"):
        tf.matrix_inverse(tf.constant([[1, 0], [0, 1]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible."):
        run(tf.matrix_inverse(tf.ones([2, 2])))


def test_determinant_drops_the_matrix_axes():
    value = matrices(2, 3, 3)
    det = tf.matrix_determinant(value)
    assert (det.op.type, det.op.name, det.shape.as_list()) == (
        "MatrixDeterminant",
        "MatrixDeterminant",
        [2],
    )
    np.testing.assert_allclose(run(det), np.linalg.det(value), rtol=1e-12)
    scalar = run(tf.linalg.det(tf.constant([[1.0, 2.0], [3.0, 4.0]])))
    assert np.shape(scalar) == () and scalar.dtype == np.float32
    np.testing.assert_allclose(scalar, -2.0, rtol=1e-6)


def test_determinant_gradient_is_det_times_inverse_transposed():
    value = matrices(3, 3)
    x = tf.constant(value)
    grad = run(tf.gradients(tf.matrix_determinant(x), x)[0])
    np.testing.assert_allclose(grad, np.linalg.det(value) * np.linalg.inv(value).T, rtol=1e-10)


def test_diagonals():
    value = np.arange(24.0).reshape(2, 3, 4)
    part = tf.matrix_diag_part(value)
    assert (part.op.type, part.op.name, part.shape.as_list()) == (
        "MatrixDiagPartV3",
        "diag_part",
        [2, 3],
    )
    np.testing.assert_array_equal(run(part), np.diagonal(value, axis1=1, axis2=2))
    diag = tf.matrix_diag([[1, 2], [3, 4]])
    assert (diag.op.type, diag.shape.as_list()) == ("MatrixDiagV3", [2, 2, 2])
    np.testing.assert_array_equal(run(diag), [np.diag([1, 2]), np.diag([3, 4])])
    replaced = tf.matrix_set_diag(value, np.zeros((2, 3)))
    expected = value.copy()
    expected[:, np.arange(3), np.arange(3)] = 0
    assert replaced.shape.as_list() == [2, 3, 4]
    np.testing.assert_array_equal(run(replaced), expected)
    assert tf.linalg.diag_part(tf.placeholder(tf.float32, [None, 5, 3])).shape.as_list() == [
        None,
        3,
    ]


def test_diagonal_errors():
    with pytest.raises(ValueError, match="at least rank 2"):
        tf.matrix_diag_part(tf.ones([3]))
    with pytest.raises(ValueError, match="does not fit the diagonal"):
        tf.matrix_set_diag(tf.ones([3, 3]), tf.ones([2]))
