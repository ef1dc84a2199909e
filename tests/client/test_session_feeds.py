"""Session feeds: keys, values, dtypes and shapes checked as TensorFlow does."""

import re

import numpy as np
import pytest

import tinytf as tf


class TestFeeds:
    @pytest.fixture
    def session(self):
        return tf.Session()

    def test_feed_by_tensor_and_by_name(self, session):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = x + 1.0
        np.testing.assert_array_equal(session.run(y, {x: [[1, 2, 3]]}), [[2, 3, 4]])
        np.testing.assert_array_equal(
            session.run(y, {"x:0": np.ones((2, 3))}), np.full((2, 3), 2.0)
        )

    def test_values_are_converted_to_the_tensor_dtype(self, session):
        x = tf.placeholder(tf.float32, [None, 3])
        i = tf.placeholder(tf.int64, [2])
        assert session.run(x, {x: [[1, 2, 3]]}).dtype == np.float32
        assert session.run(x, {x: np.ones((1, 3))}).dtype == np.float32
        assert session.run(i, {i: np.array([1, 2], dtype=np.int32)}).dtype == np.int64
        np.testing.assert_array_equal(session.run(x, {x: [[True, False, True]]}), [[1.0, 0.0, 1.0]])
        np.testing.assert_array_equal(session.run(x, {x: [["1", "2", "3.5"]]}), [[1.0, 2.0, 3.5]])

    @pytest.mark.parametrize(
        "dtype, value, expected",
        [
            (tf.int32, [0.0, 1.0], [0, 1]),
            (tf.int32, np.array([3.0, -2.0]), [3, -2]),
            (tf.uint8, [3, 5], [3, 5]),
            (tf.bool, [1, 0], [True, False]),
            (tf.int8, np.array([-128, 127], np.int64), [-128, 127]),
        ],
    )
    def test_lossless_conversions_are_accepted_as_tensorflow_does(
        self, session, dtype, value, expected
    ):
        tensor = tf.placeholder(dtype, [2])
        result = session.run(tensor, {tensor: value})
        assert result.dtype == dtype.as_numpy_dtype
        np.testing.assert_array_equal(result, expected)

    @pytest.mark.parametrize(
        "dtype, value, message",
        [
            (
                tf.int32,
                [1.0, 2.7],
                "value 2.7 at index [1] to Tensor 'i:0' of dtype int32: "
                "TensorFlow would have truncated it to 2;",
            ),
            (
                tf.uint8,
                [300, 5],
                "value 300 at index [0] to Tensor 'i:0' of dtype uint8: "
                "TensorFlow would have truncated it to 44;",
            ),
            (
                tf.bool,
                [0, 2],
                "value 2 at index [1] to Tensor 'i:0' of dtype bool: "
                "TensorFlow would have truncated it to True;",
            ),
            (tf.int32, np.array([np.nan, 1.0]), "value nan at index [0]"),
        ],
    )
    def test_conversions_that_change_values_are_refused(self, session, dtype, value, message):
        i = tf.placeholder(dtype, [2], name="i")
        with pytest.raises(TypeError, match=re.escape(message)):
            session.run(i, {i: value})

    def test_strings_that_are_no_numbers(self, session):
        x = tf.placeholder(tf.float32, [1])
        with pytest.raises(ValueError, match="could not convert string to float"):
            session.run(x, {x: ["a"]})

    @pytest.mark.parametrize(
        "value, shape",
        [
            (np.ones((2, 4)), "(2, 4)"),
            ([[1, 2]], "(1, 2)"),
            (np.ones(3), "(3,)"),
        ],
    )
    def test_shape_is_checked_with_tensorflows_message(self, session, value, shape):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        with pytest.raises(
            ValueError,
            match=re.escape(
                f"Cannot feed value of shape {shape} for Tensor 'x:0', which has shape '(?, 3)'"
            ),
        ):
            session.run(x * 2.0, {x: value})

    def test_unknown_shape_accepts_anything(self, session):
        x = tf.placeholder(tf.float32, name="x")
        assert session.run(x, {x: 2.0}) == 2.0
        assert session.run(x, {x: np.ones((2, 2, 2))}).shape == (2, 2, 2)

    def test_feeding_an_intermediate_overrides_it(self, session, counter):
        x = tf.placeholder(tf.float32, [3], name="x")
        middle = counter(x * 2.0, name="middle")
        y = middle * 3.0
        np.testing.assert_array_equal(session.run(y, {middle: [1, 1, 1]}), [3, 3, 3])
        assert counter.calls == []  # neither the counter nor the unfed placeholder ran
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            session.run(y, {middle: [1, 1]})

    def test_a_placeholder_reached_only_by_a_control_dependency_needs_no_feed(self, session):
        x = tf.placeholder(tf.float32, name="x")
        with tf.control_dependencies([x.op]):
            y = tf.identity(tf.constant(1.0))
        assert session.run(y) == 1.0 and session.run(y, {x: 2.0}) == 1.0
        with pytest.raises(
            tf.errors.InvalidArgumentError, match="must feed a value for placeholder tensor 'x'"
        ):
            session.run(y + x)

    def test_feeding_a_constant(self, session):
        constant = tf.constant(1.0, name="cc")
        assert session.run(constant + 1.0, {"cc:0": 5.0}) == 6.0

    def test_a_tensor_as_value_is_refused(self, session):
        x = tf.placeholder(tf.float32, name="x")
        with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object."):
            session.run(x, {x: x * 2.0})

    @pytest.mark.parametrize(
        "key, message",
        [
            (
                "x",
                "Cannot interpret feed_dict key as Tensor: The name 'x' refers to an Operation, "
                "not a Tensor.",
            ),
            (
                "nope:0",
                "Cannot interpret feed_dict key as Tensor: The name 'nope:0' refers to a "
                "Tensor which does not exist.",
            ),
            (3, "Cannot interpret feed_dict key as Tensor: Can not convert a int into a Tensor."),
        ],
    )
    def test_bad_feed_keys(self, session, key, message):
        x = tf.placeholder(tf.float32, name="x")
        with pytest.raises(TypeError, match=re.escape(message)):
            session.run(x, {key: 1.0})

    def test_make_callable(self, session):
        x = tf.placeholder(tf.float32, [None], name="x")
        double = session.make_callable(x * 2.0, [x])
        np.testing.assert_array_equal(double([1.0, 2.0]), [2.0, 4.0])
