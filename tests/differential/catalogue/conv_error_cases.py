"""Bad convolution and pooling programs: each must fail as TensorFlow's does."""

import numpy as np

from tests.differential.catalogue.error_cases import ErrorCase


def _conv(tf, image, kernel, strides=(1, 1, 1, 1), padding="SAME"):
    return tf.nn.conv2d(tf.ones(image), tf.ones(kernel), list(strides), padding)


def _fed_depth_mismatch(tf):
    x = tf.placeholder("float32", [None, None, None, None], name="x")
    return tf.nn.conv2d(x, tf.ones([3, 3, 4, 2]), [1, 1, 1, 1], "SAME"), {x: np.ones((1, 5, 5, 3))}


CASES = [
    ErrorCase("tf.nn.conv2d", "depth", lambda tf: _conv(tf, [2, 7, 8, 3], [3, 3, 4, 4])),
    ErrorCase("tf.nn.conv2d", "rank", lambda tf: _conv(tf, [2, 7, 8], [3, 3, 3, 4])),
    ErrorCase(
        "tf.nn.conv2d", "window", lambda tf: _conv(tf, [2, 2, 2, 3], [3, 3, 3, 4], padding="VALID")
    ),
    ErrorCase(
        "tf.nn.conv2d", "padding", lambda tf: _conv(tf, [2, 7, 8, 3], [3, 3, 3, 4], padding="FOO")
    ),
    ErrorCase(
        "tf.nn.conv2d",
        "strides",
        lambda tf: _conv(tf, [2, 7, 8, 3], [3, 3, 3, 4], strides=[1, 1, 1]),
    ),
    ErrorCase("tf.nn.conv2d", "fed depth", _fed_depth_mismatch),
    ErrorCase(
        "tf.nn.max_pool",
        "window",
        lambda tf: tf.nn.max_pool(tf.ones([2, 7, 8, 3]), [1, 9, 2, 1], [1, 2, 2, 1], "VALID"),
    ),
]
