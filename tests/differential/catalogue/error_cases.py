"""Bad programs: each must fail with TensorFlow's error class, at the same stage.

`build(tf)` makes a program in a fresh graph and returns (fetches, feed_dict) to run, or
raises while building. The runner records which error class is raised, and whether while
building the graph or while running it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ErrorCase:
    symbol: str
    label: str
    build: Callable

    @property
    def id(self) -> str:
        return f"{self.symbol}[{self.label}]"


def _placeholder_pair(tf, dtype="float32", x_shape=(None, 3), y_shape=(None, 3)):
    return tf.placeholder(dtype, x_shape, name="x"), tf.placeholder(dtype, y_shape, name="y")


def _fed_add(tf):
    x, y = _placeholder_pair(tf)
    return x + y, {x: np.ones((2, 3)), y: np.ones((4, 3))}


def _fed_matmul(tf):
    x, y = _placeholder_pair(tf, x_shape=None, y_shape=None)
    return tf.matmul(x, y), {x: np.ones((2, 3)), y: np.ones((2, 3))}


def _fed_reshape(tf):
    x = tf.placeholder("float32", None)
    return tf.reshape(x, [4, -1]), {x: np.ones(6)}


def _uninitialized(tf):
    return tf.Variable(1.0, name="w") * 2.0, None


def _unfed(tf):
    return tf.placeholder("float32", [2], name="x") * 2.0, None


def _wrong_feed_shape(tf):
    x = tf.placeholder("float32", [None, 3], name="x")
    return x * 2.0, {x: np.ones((2, 4))}


def _feed_a_tensor(tf):
    x = tf.placeholder("float32", [2], name="x")
    return x * 2.0, {x: tf.constant([1.0, 2.0])}


def _gather_out_of_range(tf):
    x = tf.placeholder("int32", [None], name="i")
    return tf.gather(tf.constant([1.0, 2.0]), x), {x: np.array([0, 5], np.int32)}


def _singular_inverse(tf):
    x = tf.placeholder("float64", [2, 2], name="x")
    return tf.matrix_inverse(x), {x: np.ones((2, 2))}


def _not_finite(tf):
    x = tf.placeholder("float32", [2], name="x")
    return tf.check_numerics(x, "bad value"), {x: np.array([1.0, np.nan], np.float32)}


def _existing_variable(tf):
    tf.get_variable("w", [2])
    tf.get_variable("w", [2])


def _missing_reused_variable(tf):
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [2])


def _dense_unknown_features(tf):
    tf.layers.dense(tf.placeholder("float32", [None, None]), 2)


def _other_graph(tf):
    with tf.Graph().as_default():
        outside = tf.constant(1.0)
    return tf.constant(2.0) + outside, None


def _fetch_none(tf):
    tf.constant(1.0)  # TensorFlow refuses to run an empty graph at all
    return None, None


def _fetch_a_string(tf):
    tf.constant(1.0)
    return "no_such_op:0", None


CASES = [
    ErrorCase(
        "tf.matmul", "inner dimensions", lambda tf: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    ),
    ErrorCase(
        "tf.matmul", "dtypes", lambda tf: tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], "float64"))
    ),
    ErrorCase("tf.matmul", "fed shapes", _fed_matmul),
    ErrorCase("tf.add", "shapes", lambda tf: tf.add(tf.ones([2, 3]), tf.ones([4, 3]))),
    ErrorCase("tf.add", "fed shapes", _fed_add),
    ErrorCase("tf.add", "dtypes", lambda tf: tf.add(tf.ones([2]), tf.ones([2], "int32"))),
    ErrorCase("tf.reshape", "size", lambda tf: tf.reshape(tf.ones([2, 3]), [4, 2])),
    ErrorCase("tf.reshape", "fed size", _fed_reshape),
    ErrorCase("tf.concat", "ranks", lambda tf: tf.concat([tf.ones([2, 3]), tf.ones([3])], 0)),
    ErrorCase("tf.stack", "shapes", lambda tf: tf.stack([tf.ones([2]), tf.ones([3])])),
    ErrorCase("tf.split", "not divisible", lambda tf: tf.split(tf.ones([5, 2]), 2)),
    ErrorCase("tf.squeeze", "not one", lambda tf: tf.squeeze(tf.ones([2, 3]), [0])),
    ErrorCase("tf.transpose", "perm", lambda tf: tf.transpose(tf.ones([2, 3]), [0, 1, 2])),
    ErrorCase("tf.reduce_sum", "axis", lambda tf: tf.reduce_sum(tf.ones([2, 3]), axis=2)),
    ErrorCase("tf.one_hot", "float indices", lambda tf: tf.one_hot(tf.ones([2]), 3)),
    ErrorCase("tf.constant", "text as float", lambda tf: tf.constant("abc", "float32")),
    ErrorCase(
        "tf.convert_to_tensor",
        "dtype",
        lambda tf: tf.convert_to_tensor(tf.ones([2]), dtype="int32"),
    ),
    ErrorCase(
        "tf.nn.sparse_softmax_cross_entropy_with_logits",
        "label rank",
        lambda tf: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.ones([2, 3], "int32"), logits=tf.ones([2, 3])
        ),
    ),
    ErrorCase("tf.gather", "fed index out of range", _gather_out_of_range),
    ErrorCase("tf.matrix_inverse", "singular", _singular_inverse),
    ErrorCase("tf.check_numerics", "nan", _not_finite),
    ErrorCase("tf.get_variable", "exists", _existing_variable),
    ErrorCase("tf.get_variable", "reuse of a missing variable", _missing_reused_variable),
    ErrorCase("tf.Variable", "no initial value", lambda tf: tf.Variable()),
    ErrorCase("tf.layers.dense", "unknown features", _dense_unknown_features),
    ErrorCase("tf.Session.run", "uninitialized variable", _uninitialized),
    ErrorCase("tf.Session.run", "unfed placeholder", _unfed),
    ErrorCase("tf.Session.run", "feed shape", _wrong_feed_shape),
    ErrorCase("tf.Session.run", "feed a tensor", _feed_a_tensor),
    ErrorCase("tf.Session.run", "fetch None", _fetch_none),
    ErrorCase("tf.Session.run", "fetch a missing name", _fetch_a_string),
    ErrorCase("tf.Graph", "tensors of two graphs", _other_graph),
]

from tests.differential.catalogue import conv_error_cases  # noqa: E402

CASES += conv_error_cases.CASES
