"""Shared shape rules: broadcasting, reductions, axes, and matching dtypes."""

import pytest

import tinytf as tf
from tinytf.framework import common_shapes
from tinytf.framework.tensor_shape import TensorShape


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([2, 3], [3], [2, 3]),
        ([2, 1], [1, 4], [2, 4]),
        ([], [5], [5]),
        ([None, 3], [3], [None, 3]),
        ([None, 3], [1, 3], [None, 3]),
        ([None], [4], [4]),
        ([1], [None], [None]),
        ([None], [None], [None]),
    ],
)
def test_broadcast_shapes(a, b, expected):
    result = common_shapes.broadcast_shapes(TensorShape(a), TensorShape(b), "AddV2")
    assert result.as_list() == expected


def test_broadcast_with_unknown_rank_is_unknown():
    assert common_shapes.broadcast_shapes(
        TensorShape(None), TensorShape([2]), "Mul"
    ) == TensorShape(None)


def test_broadcast_mismatch_message():
    with pytest.raises(
        ValueError,
        match=r"Dimensions must be equal, but are 3 and 4 for "
        r"'Mul' with input shapes: \[2,3\], \[4\].",
    ):
        common_shapes.broadcast_shapes(TensorShape([2, 3]), TensorShape([4]), "Mul")


def test_check_same_dtype_names_both():
    a, b = tf.constant(1.0), tf.constant(1, dtype=tf.int64)
    assert common_shapes.check_same_dtype("Sub", [a, a]) is tf.float32
    with pytest.raises(
        TypeError,
        match="Input 'y' of 'Sub' Op has type int64 that does not "
        "match type float32 of argument 'x'.",
    ):
        common_shapes.check_same_dtype("Sub", [a, b])


def test_normalize_axis():
    assert common_shapes.normalize_axis(None, 3) is None
    assert common_shapes.normalize_axis(-1, 3) == (2,)
    assert common_shapes.normalize_axis([0, -2], 3) == (0, 1)
    assert common_shapes.normalize_axis(5, None) == (5,)
    with pytest.raises(
        ValueError, match="Invalid reduction dimension 3 for input with 3 dimensions."
    ):
        common_shapes.normalize_axis(3, 3, "Sum")


@pytest.mark.parametrize(
    "shape, axis, keepdims, expected",
    [
        ([2, 3, 4], None, False, []),
        ([2, 3, 4], None, True, [1, 1, 1]),
        ([2, 3, 4], (1,), False, [2, 4]),
        ([2, 3, 4], (0, 2), True, [1, 3, 1]),
        ([None, 3], (1,), False, [None]),
    ],
)
def test_reduced_shape(shape, axis, keepdims, expected):
    assert common_shapes.reduced_shape(TensorShape(shape), axis, keepdims).as_list() == expected


def test_unchanged():
    x = tf.placeholder(tf.float16, [None, 2])
    assert common_shapes.unchanged([x], {}) == (tf.float16, x.shape)
