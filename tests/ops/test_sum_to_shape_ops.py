import numpy as np
import pytest

import tinytf as tf
from tinytf.framework.registry import get_op_def
from tinytf.ops.math_common import create
from tinytf.ops.sum_to_shape_ops import sum_over_axes

RNG = np.random.default_rng(7)


@pytest.mark.parametrize(
    "shape, axes, result",
    [
        ((5, 3), (0,), (3,)),  # a dense layer's bias gradient
        ((2, 4, 4, 3), (0, 1, 2), (1, 1, 1, 3)),  # a convolution's, kept dims
        ((0, 3), (0,), (3,)),  # an empty batch sums to zeros
        ((4, 0), (0,), (0,)),
        ((3, 4), (1,), (3, 1)),  # not leading: NumPy's reduction
    ],
)
def test_sum_over_axes_matches_numpys_sum(shape, axes, result):
    grad = RNG.normal(size=shape)
    summed = sum_over_axes(grad, axes, result)
    assert summed.shape == result
    np.testing.assert_allclose(summed, np.sum(grad, axis=axes).reshape(result))


def test_sum_over_axes_of_a_strided_view_is_right():
    grad = RNG.normal(size=(6, 4))[::2]
    np.testing.assert_allclose(sum_over_axes(grad, (0,), (4,)), grad.sum(axis=0))


@pytest.mark.parametrize(
    "grad_shape, target",
    [
        ((5, 3), (3,)),  # a bias gradient: rows summed by the ones product
        ((2, 4, 4, 3), (3,)),  # a convolution's bias: batch and pixels
        ((0, 3), (3,)),  # an empty batch
        ((5, 3), (1, 3)),  # kept dimension
        ((5, 3), (5, 1)),  # not only leading axes: the general sum
    ],
)
def test_static_kernel_sums_like_the_general_kernel(grad_shape, target):
    with tf.Graph().as_default():
        grad = tf.placeholder(tf.float32, grad_shape)
        x = tf.placeholder(tf.float32, target)
        op_def = get_op_def("SumToShape")
        kernel = op_def.static_kernel(create("SumToShape", [grad, x]).op)
    values = RNG.normal(size=grad_shape).astype(np.float32)
    expected = op_def.kernel(values, np.zeros(target, np.float32))
    for fed in (values, np.asfortranarray(values)):  # a contiguous gradient, and not
        summed = kernel(fed, None)
        assert summed.shape == target and summed.dtype == np.float32
        np.testing.assert_allclose(summed, expected, rtol=1e-5, atol=1e-6)
    halves = values.astype(np.float16)  # summed as the general kernel sums them
    np.testing.assert_array_equal(
        kernel(halves, None), op_def.kernel(halves, np.zeros(target, np.float16))
    )
