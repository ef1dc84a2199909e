"""matmul (2-D and batched), tensordot and transposes: values, static shapes, names, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def random(*shape, dtype=np.float32):
    return np.random.default_rng(sum(shape)).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("transpose_b", [False, True])
def test_matmul_of_matrices(transpose_a, transpose_b):
    a, b = random(2, 3), random(3, 4)
    a_in, b_in = (a.T if transpose_a else a), (b.T if transpose_b else b)
    product = tf.matmul(a_in, b_in, transpose_a=transpose_a, transpose_b=transpose_b)
    assert (product.op.type, product.op.name) == ("MatMul", "MatMul")
    assert product.op.get_attr("transpose_a") == transpose_a
    assert product.shape.as_list() == [2, 4] and product.dtype == tf.float32
    result = run(product)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, a @ b, rtol=1e-5)


def test_matmul_with_an_unknown_batch_and_adjoints():
    x = tf.placeholder(tf.float32, [None, 3])
    w = random(4, 3)
    y = tf.matmul(x, w, adjoint_b=True)
    assert y.shape.as_list() == [None, 4]
    value = random(5, 3)
    np.testing.assert_allclose(run(y, {x: value}), value @ w.T, rtol=1e-5)


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [((4, 2, 3), (3, 5)), ((4, 2, 3), (4, 3, 5)), ((2, 1, 2, 3), (3, 3, 5)), ((2, 3), (6, 3, 1))],
)
def test_batched_matmul_broadcasts_batch_axes(a_shape, b_shape):
    a, b = random(*a_shape), random(*b_shape)
    product = tf.matmul(a, b)
    expected = np.matmul(a, b)
    assert (product.op.type, product.op.name) == ("BatchMatMulV2", "MatMul")
    assert tuple(product.shape.as_list()) == expected.shape
    np.testing.assert_allclose(run(product), expected, rtol=1e-5, atol=1e-6)


def test_batched_matmul_adjoints_and_unknown_ranks():
    a, b = random(2, 3, 4), random(2, 5, 3)
    product = tf.matmul(a, b, adjoint_a=True, transpose_b=True)
    assert product.op.get_attr("adj_x") and product.op.get_attr("adj_y")
    np.testing.assert_allclose(
        run(product), np.swapaxes(a, 1, 2) @ np.swapaxes(b, 1, 2), rtol=1e-5, atol=1e-6
    )
    unknown = tf.matmul(tf.placeholder(tf.float32), b)
    assert unknown.op.type == "BatchMatMulV2" and unknown.shape.ndims is None


def test_batched_matmul_gradients_sum_over_broadcast_batch_axes():
    a = tf.constant(random(4, 2, 3), tf.float32)
    b = tf.constant(random(3, 5), tf.float32)
    a_grad, b_grad = tf.gradients(tf.reduce_sum(tf.matmul(a, b)), [a, b])
    assert a_grad.shape.as_list() == [4, 2, 3] and b_grad.shape.as_list() == [3, 5]
    expected_b = np.einsum("kij->j", run(a))[:, None] * np.ones((1, 5))
    np.testing.assert_allclose(run(b_grad), expected_b, rtol=1e-5)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_batched_matmul_shapes_match_numpy(data):
    rows, inner, columns = (data.draw(st.integers(1, 3)) for _ in range(3))
    batch = data.draw(st.lists(st.integers(1, 3), max_size=2))
    other = [data.draw(st.sampled_from([1, side])) for side in batch]
    other = other[data.draw(st.integers(0, len(other))) :]
    a, b = np.ones(batch + [rows, inner]), np.ones(other + [inner, columns])
    product = tf.matmul(a, b)
    assert tuple(product.shape.as_list()) == np.matmul(a, b).shape
    np.testing.assert_array_equal(run(product), np.matmul(a, b))


def test_matmul_errors_as_tensorflow():
    with pytest.raises(
        ValueError,
        match="Dimensions must be equal, but are 3 and 4 for 'MatMul' "
        r"with input shapes: \[2,3\], \[4,2\].",
    ):
        tf.matmul(tf.ones([2, 3]), tf.ones([4, 2]))
    with pytest.raises(
        ValueError, match="Dimensions must be equal, but are 5 and 4 for 'BatchMatMulV2'"
    ):
        tf.matmul(tf.ones([5, 2, 3]), tf.ones([4, 3, 2]))
    with pytest.raises(
        TypeError,
        match="Input 'b' of 'MatMul' Op has type float64 that does not "
        "match type float32 of argument 'a'.",
    ):
        tf.matmul(tf.ones([2, 3]), tf.ones([3, 2], tf.float64))
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1 for 'MatMul'"):
        tf.matmul(tf.ones([3]), tf.ones([3, 2]))
    with pytest.raises(ValueError, match="Only one of transpose_a and adjoint_a can be True."):
        tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]), transpose_a=True, adjoint_a=True)
    with pytest.raises(TypeError, match="DataType bool not in list"):
        tf.matmul(tf.ones([2, 2], tf.bool), tf.ones([2, 2], tf.bool))


def test_matmul_operator_and_integer_matrices():
    a = tf.constant([[1, 2], [3, 4]])
    product = a @ a
    assert (product.op.type, product.op.name) == ("MatMul", "matmul")
    np.testing.assert_array_equal(run(product), [[7, 10], [15, 22]])
    np.testing.assert_array_equal(run([[1, 0], [0, 1]] @ a), [[1, 2], [3, 4]])


@pytest.mark.parametrize(
    "a_shape, b_shape, axes",
    [
        ((2, 3, 4), (4, 5), 1),
        ((2, 3), (3, 2), 1),
        ((2, 3, 4), (3, 4, 5), 2),
        ((2, 3, 4), (4, 5, 3), [[1, 2], [2, 0]]),
        ((3, 4), (4, 3), [1, 0]),
        ((2, 3), (4,), 0),
    ],
)
def test_tensordot_matches_numpy(a_shape, b_shape, axes):
    a, b = random(*a_shape), random(*b_shape)
    result = tf.tensordot(a, b, axes)
    expected = np.tensordot(a, b, axes)
    assert tuple(result.shape.as_list()) == expected.shape
    np.testing.assert_allclose(run(result), expected, rtol=1e-5, atol=1e-5)


def test_tensordot_names_and_an_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 3, 4])
    w = random(4, 5)
    y = tf.tensordot(x, w, 1)
    assert (y.op.type, y.op.name, y.shape.as_list()) == ("Reshape", "Tensordot", [None, 3, 5])
    value = random(2, 3, 4)
    np.testing.assert_allclose(run(y, {x: value}), np.tensordot(value, w, 1), rtol=1e-5)
    matrix = tf.tensordot(random(2, 3), random(3, 2), 1)
    assert (matrix.op.type, matrix.op.name) == ("MatMul", "Tensordot_1/MatMul")


def test_tensordot_errors():
    with pytest.raises(ValueError, match="Different number of contraction axes"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 2]), [[0, 1], [0]])
    with pytest.raises(NotImplementedError, match="known rank"):
        tf.tensordot(tf.placeholder(tf.float32), tf.ones([3, 2]), 1)


@pytest.mark.parametrize("perm", [None, [0, 1, 2], [2, 0, 1], [1, 2, 0], (2, 1, 0)])
def test_transpose_matches_numpy(perm):
    value = random(2, 3, 4)
    result = tf.transpose(value, perm)
    expected = np.transpose(value, perm)
    assert (result.op.type, result.op.name) == ("Transpose", "transpose")
    assert tuple(result.shape.as_list()) == expected.shape
    np.testing.assert_array_equal(run(result), expected)


def test_transpose_keeps_unknown_dims_and_takes_a_constant_perm_tensor():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.transpose(x).shape.as_list() == [3, None]
    assert tf.transpose(x, tf.constant([1, 0])).shape.as_list() == [3, None]
    unknown_rank = tf.transpose(tf.placeholder(tf.float32))
    np.testing.assert_array_equal(
        run(unknown_rank, {unknown_rank.op.inputs[0]: random(2, 3)}), random(2, 3).T
    )


def test_transpose_errors():
    with pytest.raises(ValueError, match="Dimension must be 2 but is 3 for 'Transpose'"):
        tf.transpose(tf.ones([2, 3]), [0, 1, 2])
    with pytest.raises(ValueError, match="is not a permutation"):
        tf.transpose(tf.ones([2, 3]), [0, 0])


def test_transpose_gradient_inverts_the_permutation():
    x = tf.constant(random(2, 3, 4))
    weights = random(4, 2, 3)
    grad = tf.gradients(tf.reduce_sum(tf.transpose(x, [2, 0, 1]) * weights), x)[0]
    np.testing.assert_array_equal(run(grad), np.transpose(weights, [1, 2, 0]))


def test_matrix_transpose_and_adjoint_swap_the_last_two_axes():
    value = random(2, 3, 4)
    swapped = tf.matrix_transpose(value)
    assert swapped.op.name == "matrix_transpose/transpose"
    np.testing.assert_array_equal(run(swapped), np.swapaxes(value, 1, 2))
    adjoint = tf.linalg.adjoint(value)
    assert adjoint.op.name == "adjoint/matrix_transpose/transpose"
    with pytest.raises(ValueError, match="should be a \\(batch\\) matrix with rank >= 2"):
        tf.matrix_transpose(tf.ones([3]))
