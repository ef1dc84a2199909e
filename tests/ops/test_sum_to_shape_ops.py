import numpy as np
import pytest

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
