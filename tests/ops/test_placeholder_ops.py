"""Placeholders: fed graph inputs, with and without a default."""

import numpy as np
import pytest

import tinytf as tf


def test_placeholder_names_dtypes_and_shapes():
    x = tf.placeholder(tf.float32, [None, 3])
    assert (x.name, x.op.type, x.shape.as_list()) == ("Placeholder:0", "Placeholder", [None, 3])
    assert tf.placeholder(tf.int32).name == "Placeholder_1:0"
    assert tf.placeholder("float", name="pp").dtype is tf.float32
    assert tf.placeholder(tf.float32, None).shape.ndims is None
    assert tf.placeholder(tf.float32, []).shape.as_list() == []
    assert tf.placeholder(tf.float32, 3).shape.as_list() == [3]
    assert tf.placeholder(np.float64, [2]).dtype is tf.float64


def test_a_placeholder_gives_what_is_fed():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.Session() as session:
        value = session.run(x, {x: [[1, 2], [3, 4]]})
    np.testing.assert_array_equal(value, [[1, 2], [3, 4]])
    assert value.dtype == np.float32


def test_an_unfed_placeholder_is_invalid_argument():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.Session() as session, pytest.raises(tf.errors.InvalidArgumentError) as info:
        session.run(x * 2.0)
    assert info.value.message == (
        "You must feed a value for placeholder tensor 'x' with dtype float and shape [?,3]"
    )
    assert info.value.op is x.op


class TestPlaceholderWithDefault:
    def test_names_shape_and_input(self):
        value = tf.placeholder_with_default([1.0, 2.0], [None])
        assert (value.name, value.op.type, value.dtype) == (
            "PlaceholderWithDefault:0",
            "PlaceholderWithDefault",
            tf.float32,
        )
        assert value.shape.as_list() == [None]
        assert [t.name for t in value.op.inputs] == ["PlaceholderWithDefault/input:0"]
        assert tf.placeholder_with_default(1.0, [], name="pw").name == "pw:0"

    def test_default_unless_fed(self):
        value = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None])
        doubled = value * 2.0
        with tf.Session() as session:
            np.testing.assert_array_equal(session.run(doubled), [2.0, 4.0])
            np.testing.assert_array_equal(
                session.run(doubled, {value: [5.0, 6.0, 7.0]}), [10.0, 12.0, 14.0]
            )
            with pytest.raises(ValueError, match="Cannot feed value of shape"):
                session.run(doubled, {value: [[1.0]]})

    def test_incompatible_default(self):
        with pytest.raises(
            ValueError,
            match=r"Dimension 0 in both shapes must be equal, but "
            r"are 2 and 3. Shapes are \[2\] and \[3\]. for "
            r"'PlaceholderWithDefault' with input shapes: "
            r"\[2\].",
        ):
            tf.placeholder_with_default([1.0, 2.0], [3])
        with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 2"):
            tf.placeholder_with_default([1.0, 2.0], [2, 1])

    def test_gradient_flows_to_the_default(self):
        base = tf.constant([1.0, 2.0])
        value = tf.placeholder_with_default(base, [2])
        (grad,) = tf.gradients(tf.reduce_sum(value * value), base)
        with tf.Session() as session:
            np.testing.assert_array_equal(session.run(grad), [2.0, 4.0])
