"""reverse_sequence: each row reversed up to its length, shapes and errors."""

import numpy as np
import pytest

import tinytf as tf


def test_each_row_is_reversed_up_to_its_length_only():
    x = np.arange(12.0).reshape(3, 4)
    with tf.Graph().as_default():
        reversed_rows = tf.reverse_sequence(x, [4, 2, 0], seq_axis=1)
        assert reversed_rows.op.type == "ReverseSequence" and reversed_rows.shape == (3, 4)
        with tf.Session() as session:
            value = session.run(reversed_rows)
    np.testing.assert_array_equal(value, [[3, 2, 1, 0], [5, 4, 6, 7], [8, 9, 10, 11]])


def test_batch_and_sequence_axes_anywhere():
    x = np.random.default_rng(0).normal(size=(5, 2, 3))
    lengths = np.array([1, 3, 5], dtype=np.int64)
    with tf.Graph().as_default():
        value = tf.Session().run(tf.reverse_sequence(x, lengths, seq_axis=0, batch_axis=2))
    for row, length in enumerate(lengths):
        np.testing.assert_array_equal(value[:length, :, row], x[:length, :, row][::-1])
        np.testing.assert_array_equal(value[length:, :, row], x[length:, :, row])


def test_bad_arguments_fail_as_in_tensorflow():
    with tf.Graph().as_default():
        x = tf.zeros([2, 3])
        with pytest.raises(ValueError, match="seq_dim and batch_dim must be different"):
            tf.reverse_sequence(x, [1, 1], seq_axis=0, batch_axis=0)
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.reverse_sequence(x, [1, 1, 1], seq_axis=1)
        with pytest.raises(ValueError, match="seq_dim must be < input rank"):
            tf.reverse_sequence(x, [1, 1], seq_axis=2)
        too_long = tf.reverse_sequence(x, tf.constant([1, 4]), seq_axis=1)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"seq_lens\(1\) > input.dims"):
            tf.Session().run(too_long)
