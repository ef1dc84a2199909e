"""Optimizers, schedules, moving averages and tf.metrics against TensorFlow's compat.v1:
the same programs give the same variable names and values."""

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

RNG = np.random.default_rng(7)
X = RNG.normal(size=(16, 5)).astype(np.float32)
Y = RNG.normal(size=(16, 3)).astype(np.float32)
W0 = (0.3 * RNG.normal(size=(5, 3))).astype(np.float32)
B0 = np.zeros(3, np.float32)

OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01, momentum=0.5),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.01, centered=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.01),
    "adam_decayed": lambda tf: tf.train.AdamOptimizer(
        tf.train.exponential_decay(
            0.01, tf.train.get_or_create_global_step(), 3, 0.5, staircase=True
        )
    ),
}


def run_in_graph(tf, build):
    """Builds `build(tf)` -> (fetches, steps) in a new graph, runs the step op `steps`
    times after initialising, and returns global variable names and fetched values."""
    graph = tf.Graph()
    with graph.as_default():
        fetch, step_op, steps = build(tf)
        with tf.Session(graph=graph) as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            for _ in range(steps):
                sess.run(step_op)
            variables = tf.global_variables() + tf.local_variables()
            return [v.name for v in variables], sess.run(variables), sess.run(fetch)


def assert_matches_tensorflow(build):
    ours = run_in_graph(tinytf, build)
    theirs = run_in_graph(compat, build)
    assert ours[0] == theirs[0]
    for mine, reference in zip(ours[1] + [ours[2]], theirs[1] + [theirs[2]], strict=True):
        np.testing.assert_allclose(mine, reference, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_match_tensorflow(name):
    def build(tf):
        w = tf.Variable(W0, name="w")
        b = tf.Variable(B0, name="b")
        step = tf.train.get_or_create_global_step()
        loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
        train = OPTIMIZERS[name](tf).minimize(loss, global_step=step)
        return loss, train, 10

    assert_matches_tensorflow(build)


@pytest.mark.parametrize(
    "schedule",
    [
        lambda tf, step: tf.train.exponential_decay(0.1, step, 4, 0.5),
        lambda tf, step: tf.train.natural_exp_decay(0.1, step, 4, 0.5, staircase=True),
        lambda tf, step: tf.train.inverse_time_decay(0.1, step, 4, 0.5),
        lambda tf, step: tf.train.polynomial_decay(0.1, step, 4, 0.01, power=0.5, cycle=True),
        lambda tf, step: tf.train.cosine_decay(0.1, step, 4, alpha=0.2),
        lambda tf, step: tf.train.piecewise_constant(step, [2, 5], [0.3, 0.2, 0.1]),
    ],
)
def test_schedules_match_tensorflow(schedule):
    def build(tf):
        step = tf.train.get_or_create_global_step()
        rates = []
        for _ in range(7):
            with tf.control_dependencies(rates[-1:]):
                rates.append(tf.identity(schedule(tf, step)))
        return rates[-1], tf.assign_add(step, 1), 6

    assert_matches_tensorflow(build)


def test_moving_averages_match_tensorflow():
    def build(tf):
        w = tf.Variable(W0, name="w")
        step = tf.Variable(0, name="step", trainable=False)
        ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
        with tf.control_dependencies([tf.assign_add(w, W0 * 0.5), tf.assign_add(step, 1)]):
            update = ema.apply([w])
        return ema.average(w), update, 4

    assert_matches_tensorflow(build)


def test_metrics_match_tensorflow():
    labels = RNG.random(120) < 0.4
    scores = np.clip(0.3 * labels + 0.7 * RNG.random(120), 0, 1).astype(np.float32)
    weights = RNG.random(120).astype(np.float32)

    def build(tf):
        batch = tf.Variable(0, name="batch", trainable=False)
        index = tf.range(batch * 40, batch * 40 + 40)
        label, score, weight = (tf.gather(tf.constant(a), index) for a in (labels, scores, weights))
        metrics = [
            tf.metrics.accuracy(label, score > 0.5, weights=weight),
            tf.metrics.mean(score, weights=weight),
            tf.metrics.precision(label, score > 0.5),
            tf.metrics.recall(label, score > 0.5, weights=weight),
            tf.metrics.auc(label, score, weights=weight),
            tf.metrics.auc(label, score, curve="PR", summation_method="careful_interpolation"),
        ]
        with tf.control_dependencies([update for _, update in metrics]):
            step = tf.assign_add(batch, 1)
        return [value for value, _ in metrics], step, 3

    assert_matches_tensorflow(build)
