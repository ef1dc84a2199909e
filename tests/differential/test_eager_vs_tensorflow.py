"""Eager mode against TensorFlow 2.21's eager compat.v1: values, tape gradients, training."""

import numpy as np
import pytest

import tinytf
from tests.differential.engines import compat, resolve
from tinytf.framework import graph as graph_module

RNG = np.random.default_rng(20261202)
X = RNG.standard_normal((16, 4)).astype(np.float32)
LABELS = RNG.integers(0, 3, 16).astype(np.int64)
WEIGHTS = [
    RNG.standard_normal((4, 8)).astype(np.float32) * 0.5,
    np.zeros(8, np.float32),
    RNG.standard_normal((8, 3)).astype(np.float32) * 0.5,
    np.zeros(3, np.float32),
]


@pytest.fixture
def eager_tinytf():
    saved = list(graph_module._global_default_graph)
    graph_module._global_default_graph[:] = [tinytf.Graph()]
    tinytf.enable_eager_execution()
    try:
        yield tinytf
    finally:
        graph_module._global_default_graph[:] = saved


def tape_gradients(tf):
    x = tf.constant(X)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outputs = {
            "sigmoid": tf.reduce_sum(tf.sigmoid(x)),
            "tanh_square": tf.reduce_mean(tf.square(tf.tanh(x))),
            "softmax": tf.reduce_sum(tf.nn.softmax(x) * tf.range(4.0)),
            "log_sum_exp": tf.reduce_sum(tf.reduce_logsumexp(x, axis=1)),
            "relu_matmul": tf.reduce_sum(tf.nn.relu(tf.matmul(x, tf.ones([4, 2])))),
        }
        unused = tf.constant(1.0)
    values = {name: float(value) for name, value in outputs.items()}
    grads = {name: tape.gradient(value, x).numpy() for name, value in outputs.items()}
    zero = tf.UnconnectedGradients.ZERO
    grads["unconnected"] = tape.gradient(outputs["sigmoid"], unused, unconnected_gradients=zero)
    return values, grads


def training(tf, wrap):
    x, labels = tf.constant(X), tf.constant(LABELS)
    variables = [tf.Variable(w) for w in WEIGHTS]
    optimizer = tf.train.AdamOptimizer(0.05)

    def step():
        w1, b1, w2, b2 = variables
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
            logits = tf.matmul(hidden, w2) + b2
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
            )
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables, strict=True))
        return loss

    step = wrap(step)
    losses = [float(step()) for _ in range(30)]
    return losses, [v.numpy() for v in variables]


def test_tape_gradients_equal_tensorflows(eager_tinytf):
    ours_values, ours_grads = tape_gradients(eager_tinytf)
    theirs_values, theirs_grads = tape_gradients(compat)
    for name in ours_values:
        np.testing.assert_allclose(ours_values[name], theirs_values[name], rtol=1e-5)
        np.testing.assert_allclose(ours_grads[name], theirs_grads[name], rtol=1e-5, atol=1e-6)
    assert float(ours_grads["unconnected"]) == float(theirs_grads["unconnected"]) == 0.0


@pytest.mark.parametrize("mode", ["eager", "traced"])
def test_adam_training_follows_tensorflows_losses(eager_tinytf, mode):
    def wrapper(tf):
        return (lambda f: f) if mode == "eager" else resolve(tf, "tf.function")

    ours = training(eager_tinytf, wrapper(eager_tinytf))
    theirs = training(compat, wrapper(compat))
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-4, atol=1e-6)
    for mine, reference in zip(ours[1], theirs[1], strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-4, atol=1e-5)
