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
    assert shape_text.rank_required(1, 2) == "Shape must be rank 1 but is rank 2"
    assert shape_text.rank_at_least(2, 1) == "Shape must be at least rank 2 but is rank 1"
    assert shape_text.dimension_mismatch(3, 4) == "Dimensions must be equal, but are 3 and 4"
    assert (
        shape_text.dimension_in_both_mismatch(1, 3, 4)
        == "Dimension 1 in both shapes must be equal, but are 3 and 4"
    )


def test_a_shape_rule_uses_them():
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 4 .*\[2,3\]"):
        tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5]))


def test_shape_rules_and_kernels_word_rank_errors_with_them():
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 2 for 'Unique'"):
        tf.unique(tf.ones([2, 2]))
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 1 for 'MatMul'"):
        tf.matmul(tf.ones([2]), tf.ones([2, 2]))
    with pytest.raises(
        ValueError, match=r"^Shape must be at least rank 2 but is rank 1 for 'BiasAdd'"
    ):
        tf.nn.bias_add(tf.ones([3]), tf.ones([3]))
    queue = tf.FIFOQueue(2, [tf.float32], shapes=[[None, 2]])
    with tf.Session() as session:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected \[\?,2\], got \[3\]"):
            session.run(queue.enqueue([tf.placeholder_with_default([1.0, 2.0, 3.0], None)]))
