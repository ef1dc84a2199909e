"""SparseTensor, sparse placeholders and the basic sparse ops."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


SPARSE = tf.SparseTensorValue([[0, 1], [1, 0], [2, 2]], [1.0, 2.0, 3.0], [3, 4])
DENSE = np.array([[0, 1, 0, 0], [2, 0, 0, 0], [0, 0, 3, 0]], np.float32)


def test_a_sparse_tensor_fetches_as_a_sparse_tensor_value():
    sparse = tf.SparseTensor(*SPARSE)
    assert sparse.dtype == tf.float32 and sparse.shape.as_list() == [3, 4]
    assert sparse.indices.dtype == tf.int64
    value = run(sparse)
    assert isinstance(value, tf.SparseTensorValue)
    np.testing.assert_array_equal(value.indices, SPARSE.indices)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sparse.eval(session=sess).dense_shape, [3, 4])


def test_a_sparse_placeholder_is_fed_a_sparse_tensor_value():
    sparse = tf.sparse_placeholder(tf.float32, name="input")
    assert sparse.values.name == "input/values:0" and sparse.dense_shape.name == "input/shape:0"
    dense = tf.sparse_tensor_to_dense(sparse)
    np.testing.assert_array_equal(run(dense, {sparse: SPARSE}), DENSE)
    np.testing.assert_array_equal(run(dense, {sparse: tuple(SPARSE)}), DENSE)
    shaped = tf.sparse_placeholder(tf.float32, shape=[3, None])
    assert shaped.shape.as_list() == [3, None]


def test_sparse_to_dense_fills_the_default_and_checks_bounds():
    np.testing.assert_array_equal(
        run(tf.sparse_to_dense([1, 3], [5], 7.0, -1.0)), [-1, 7, -1, 7, -1]
    )
    assert run(tf.sparse_tensor_to_dense(tf.SparseTensor([[0]], ["a"], [2]))).tolist() == [
        b"a",
        b"",
    ]
    with pytest.raises(
        tf.errors.InvalidArgumentError, match=r"indices\[0\] = \[5\] is out of bounds"
    ):
        run(tf.sparse_to_dense([[5]], [3], 1.0))


def test_sparse_reduce_sum_and_matmul_match_the_dense_results():
    sparse = tf.SparseTensor(*SPARSE)
    np.testing.assert_allclose(run(tf.sparse_reduce_sum(sparse, axis=1)), DENSE.sum(1))
    np.testing.assert_allclose(run(tf.sparse_reduce_sum(sparse)), DENSE.sum())
    kept = tf.sparse_reduce_sum(sparse, axis=0, keepdims=True)
    assert kept.shape.as_list() == [1, 4]
    b = np.arange(8, dtype=np.float32).reshape(4, 2)
    product = tf.sparse_tensor_dense_matmul(sparse, b)
    assert product.shape.as_list() == [3, 2]
    np.testing.assert_allclose(run(product), DENSE @ b)
    np.testing.assert_allclose(
        run(tf.sparse_tensor_dense_matmul(SPARSE, b.T, adjoint_b=True)), DENSE @ b
    )


def test_edit_distance_compares_sequences_along_the_last_axis():
    hypothesis = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [2, 2])
    truth = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "c", "d"], [2, 2])
    np.testing.assert_allclose(run(tf.edit_distance(hypothesis, truth)), [1.0, 0.5])
    np.testing.assert_allclose(
        run(tf.edit_distance(hypothesis, truth, normalize=False)), [1.0, 1.0]
    )
