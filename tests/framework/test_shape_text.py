"""TensorFlow's wording of shapes and shape mismatches, as its shape functions write them."""

import pytest

import tinytf as tf
from tinytf.framework import shape_text


@pytest.mark.parametrize(
    "shape, text",
    [
        (tf.TensorShape([2, None]), "[2,?]"),
        (tf.TensorShape(None), "?"),
        (tf.TensorShape([]), "[]"),
        ((3, 4), "[3,4]"),
        ([5], "[5]"),
        (None, "?"),
    ],
)
def test_dims_text(shape, text):
    assert shape_text.dims_text(shape) == text


def test_shapes_text_lists_the_static_shapes_of_tensors():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, None)
    assert shape_text.shapes_text([x, y]) == "[?,3], ?"


def test_mismatch_messages_are_tensorflows():
    assert shape_text.rank_mismatch(2, 1) == "Shapes must be equal rank, but are 2 and 1"
    assert shape_text.dimension_mismatch(3, 4) == "Dimensions must be equal, but are 3 and 4"
    assert (
        shape_text.dimension_in_both_mismatch(1, 3, 4)
        == "Dimension 1 in both shapes must be equal, but are 3 and 4"
    )


def test_a_shape_rule_uses_them():
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 4 .*\[2,3\]"):
        tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5]))
