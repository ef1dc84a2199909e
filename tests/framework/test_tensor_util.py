"""Static evaluation: values known while the graph is built."""

import numpy as np

import tinytf as tf
from tinytf.framework.tensor_util import constant_value, constant_value_as_shape


def test_constant_and_derived_values():
    c = tf.constant([[1, 2], [3, 4]])
    np.testing.assert_array_equal(constant_value(c), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(constant_value(tf.shape(c)), [2, 2])
    assert constant_value(tf.size(c)) == 4
    assert constant_value(tf.rank(c)) == 2
    np.testing.assert_array_equal(constant_value(tf.identity(c)), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(
        constant_value(tf.stack([tf.constant(5), tf.constant(6)])), [5, 6]
    )
    assert constant_value(tf.cast(tf.constant(2.0), tf.int32)) == 2


def test_unknown_values_are_none():
    x = tf.placeholder(tf.float32, [None, 3])
    assert constant_value(x) is None
    assert constant_value(tf.shape(x)) is None
    assert constant_value(tf.size(x)) is None
    assert constant_value(x + 1.0) is None


def test_constant_value_as_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    assert constant_value_as_shape(tf.shape(x)).as_list() == [None, 3]
    assert constant_value_as_shape(tf.constant([2, -1])).as_list() == [2, None]
    packed = tf.stack([tf.constant(4), tf.placeholder(tf.int32, [])])
    assert constant_value_as_shape(packed).as_list() == [4, None]
    vector = tf.placeholder(tf.int32, [3])
    assert constant_value_as_shape(vector).as_list() == [None, None, None]
    assert constant_value_as_shape(tf.placeholder(tf.int32)).ndims is None


def test_a_concatenation_of_constants_is_known():
    """tf.nn.dynamic_rnn's transposition, as TensorFlow computes it: [1, 0] and range(2, 3)."""
    perm = tf.concat([tf.constant([1, 0]), tf.range(2, 3)], axis=0)
    np.testing.assert_array_equal(constant_value(perm), [1, 0, 2])
    assert constant_value(tf.concat([tf.constant([1]), tf.placeholder(tf.int32, [1])], 0)) is None
