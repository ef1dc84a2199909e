"""Second-order gradients through tf.while_loop (and the cond, map_fn and scan built on
it) against TensorFlow 2.21's compat.v1 with its functional control flow, which
differentiates a loop's gradient: the gradient of a gradient's weighted sum, for the
input and for a variable read inside the loop."""

import numpy as np
import pytest

import tinytf
from tests.differential.engines import tolerances
from tests.differential.reporting import record

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

RNG = np.random.default_rng(21)
X = RNG.uniform(-1.0, 1.0, (3, 4))
W = RNG.uniform(0.5, 1.0, (4, 4))
WEIGHTS = RNG.uniform(-1.0, 1.0, (3, 4))


def _while(tf, x, w):
    def body(i, s):
        return i + 1, tf.tanh(tf.matmul(s, w)) + x

    return tf.while_loop(lambda i, s: i < 3, body, [tf.constant(0), x])[1]


def _data_dependent_while(tf, x, w):
    def body(s):  # a contraction: |s| shrinks by half or more each iteration
        return tf.sin(s) * w[0] * 0.5

    return tf.while_loop(lambda s: tf.reduce_max(tf.abs(s)) > 0.05, body, [x])


def _cond_in_while(tf, x, w):
    def body(i, s):
        return [i + 1, tf.cond(i < 2, lambda: tf.matmul(s, w), lambda: tf.sigmoid(s))]

    return tf.while_loop(lambda i, s: i < 4, body, [0, x], maximum_iterations=3)[1]


def _nested_while(tf, x, w):
    def inner(s):
        return tf.while_loop(
            lambda j, t: j < 2, lambda j, t: (j + 1, tf.matmul(tf.sin(t), w)), [0, s]
        )[1]

    return tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, inner(s) + x), [0, x])[1]


def _map(tf, x, w):
    return tf.map_fn(lambda row: tf.reduce_sum(tf.sin(row) * w, 0), x)


def _scan(tf, x, w):
    return tf.scan(lambda a, row: tf.tanh(a * w[0] + row), x)


PROGRAMS = {
    "while_loop": _while,
    "while_loop data-dependent": _data_dependent_while,
    "cond in while_loop": _cond_in_while,
    "while_loop nested": _nested_while,
    "map_fn": _map,
    "scan": _scan,
}


def second_order(tf, program):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float64, [3, 4], name="x")
        w = tf.placeholder(tf.float64, [4, 4], name="w")
        out = program(tf, x, w)
        (gradient,) = tf.gradients(tf.reduce_sum(out * out), x)
        seconds = tf.gradients(tf.reduce_sum(gradient * WEIGHTS), [x, w])
        with tf.Session() as session:
            return session.run([gradient, *seconds], {x: X, w: W})


@pytest.mark.parametrize("label", list(PROGRAMS))
def test_second_order_gradients_through_loops_match_tensorflow(label):
    if not compat.control_flow_v2_enabled():
        pytest.skip("TensorFlow's functional control flow is off in this process")
    mine = second_order(tinytf, PROGRAMS[label])
    theirs = second_order(compat, PROGRAMS[label])
    record("programs")
    for value, expected in zip(mine, theirs, strict=True):
        np.testing.assert_allclose(value, expected, **tolerances(np.float64))
