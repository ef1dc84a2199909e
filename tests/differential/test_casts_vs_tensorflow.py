"""Silent casts and feed conversions against TensorFlow's compat.v1: where TensorFlow
converts without a word, tinytf gives the same values."""

import numpy as np
import pytest

import tinytf
from tests.differential.reporting import record

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

LOGITS = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], np.float32)
COUNTS = np.array([[0, 1, 0], [1, 0, 1]])

# Each program takes the `tf` module and x, a float32 [?, 3] placeholder fed LOGITS, and
# returns the tensors to compare and the feeds (keyed by placeholder) besides x.
PROGRAMS = {
    "softmax_cross_entropy_v2_float64_labels": lambda tf, x: (
        (labels := tf.placeholder(tf.float64, [None, 3])),
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x),
        COUNTS.astype(np.float64),
    ),
    "softmax_cross_entropy_int32_labels": lambda tf, x: (
        (labels := tf.placeholder(tf.int32, [None, 3])),
        tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x),
        COUNTS,
    ),
    "softmax_cross_entropy_numpy_float64_labels": lambda tf, x: (
        None,
        tf.nn.softmax_cross_entropy_with_logits(labels=COUNTS.astype(np.float64), logits=x),
        None,
    ),
    "float_labels_fed_to_int32": lambda tf, x: (
        (labels := tf.placeholder(tf.int32, [None, 3])),
        labels * 2,
        COUNTS.astype(np.float64),
    ),
    "ints_fed_to_uint8": lambda tf, x: (
        (pixels := tf.placeholder(tf.uint8, [2])),
        pixels + 1,
        [3, 5],
    ),
    "ints_fed_to_bool": lambda tf, x: (
        (mask := tf.placeholder(tf.bool, [2])),
        tf.logical_not(mask),
        [1, 0],
    ),
    "equal_with_a_python_int": lambda tf, x: (None, tf.equal(tf.round(x), 3), None),
    "where_with_a_python_list": lambda tf, x: (
        None,
        tf.where(x > 0, x, [[0, 0, 0], [0, 0, 0]]),
        None,
    ),
}


def run(tf, program):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        extra, output, extra_value = program(tf, x)
        feeds = {x: LOGITS}
        if extra is not None:
            feeds[extra] = extra_value
        with tf.Session() as session:
            return output.dtype.name, session.run(output, feeds)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_dtype_and_values_as_tensorflow(name):
    our_dtype, ours = run(tinytf, PROGRAMS[name])
    their_dtype, theirs = run(compat, PROGRAMS[name])
    record("programs")
    assert our_dtype == their_dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
