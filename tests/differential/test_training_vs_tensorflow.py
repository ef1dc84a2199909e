"""Training: the course's kinds of model with each optimizer follow TensorFlow's loss
trajectory for 100 steps, from the same initial values (given, or drawn from the same
seeds) and mini-batches."""

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

STEPS = 100
BATCH = 16
RNG = np.random.default_rng(42)
FEATURES = RNG.normal(size=(64, 8)).astype(np.float32)
CLASSES = (FEATURES[:, :4] @ RNG.normal(size=(4, 4))).argmax(axis=1)
ONE_HOT = np.eye(4, dtype=np.float32)[CLASSES]
TARGETS = (FEATURES @ RNG.normal(size=(8, 1)) + 0.5).astype(np.float32)
WEIGHTS = {
    name: (0.3 * RNG.normal(size=shape)).astype(np.float32)
    for name, shape in (
        ("in8x1", (8, 1)),
        ("in8x4", (8, 4)),
        ("in8x16", (8, 16)),
        ("in16x4", (16, 4)),
    )
}

OPTIMIZERS = {
    "GradientDescent": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "Nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "Adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda tf: tf.train.AdadeltaOptimizer(5.0),
    "RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "RMSProp centered": lambda tf: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
    "Adam": lambda tf: tf.train.AdamOptimizer(0.01),
}


def dense(tf, inputs, kernel, activation=None, name=None):
    return tf.layers.dense(
        inputs,
        WEIGHTS[kernel].shape[1],
        activation=activation,
        name=name,
        kernel_initializer=tf.constant_initializer(WEIGHTS[kernel]),
    )


def linear_regression(tf, x, labels, targets):
    weights = tf.Variable(WEIGHTS["in8x1"], name="W")
    bias = tf.Variable(tf.zeros([1]), name="b")
    return tf.reduce_mean(tf.square(tf.matmul(x, weights) + bias - targets))


def softmax_regression(tf, x, labels, targets):
    weights = tf.Variable(WEIGHTS["in8x4"], name="W")
    bias = tf.Variable(tf.zeros([4]), name="b")
    logits = tf.matmul(x, weights) + bias
    return tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(labels, 4), logits=logits)
    )


def relu_mlp(tf, x, labels, targets):
    hidden = dense(tf, x, "in8x16", tf.nn.relu)
    logits = dense(tf, hidden, "in16x4")
    return tf.losses.sparse_softmax_cross_entropy(labels, logits)


def sigmoid_mse(tf, x, labels, targets):
    outputs = dense(tf, x, "in8x4", tf.nn.sigmoid)
    return tf.losses.mean_squared_error(tf.one_hot(labels, 4), outputs)


def batch_norm(tf, x, labels, targets):
    hidden = tf.layers.batch_normalization(dense(tf, x, "in8x16"), training=True)
    logits = dense(tf, tf.nn.relu(hidden), "in16x4")
    return tf.losses.sparse_softmax_cross_entropy(labels, logits)


def dropout_off(tf, x, labels, targets):
    hidden = tf.layers.dropout(dense(tf, x, "in8x16", tf.nn.tanh), rate=0.5, training=False)
    return tf.losses.sparse_softmax_cross_entropy(labels, dense(tf, hidden, "in16x4"))


def seeded_defaults(tf, x, labels, targets):
    """No initial values given: a graph seed, get_variable's default initializer (glorot
    uniform), a truncated normal and dropout draw TensorFlow's numbers in both engines."""
    tf.set_random_seed(7)
    kernel = tf.get_variable("kernel", [8, 16])
    hidden = tf.nn.dropout(tf.nn.relu(tf.matmul(x, kernel)), rate=0.3)
    extra = tf.Variable(tf.truncated_normal([16, 4], stddev=0.3), name="extra")
    return tf.losses.sparse_softmax_cross_entropy(labels, tf.matmul(hidden, extra))


MODELS = {
    "linear regression": linear_regression,
    "softmax regression": softmax_regression,
    "relu MLP": relu_mlp,
    "sigmoid + MSE": sigmoid_mse,
    "batch norm": batch_norm,
    "dropout off": dropout_off,
    "seeded defaults, dropout on": seeded_defaults,
}


def trajectory(engine: str, model, optimizer) -> np.ndarray:
    """The loss before each of STEPS updates on cycling mini-batches."""
    tf = ENGINES[engine]
    with graph(tf):
        x = tf.placeholder(tf.float32, [None, 8], name="x")
        labels = tf.placeholder(tf.int64, [None], name="labels")
        targets = tf.placeholder(tf.float32, [None, 1], name="targets")
        loss = model(tf, x, labels, targets)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train = OPTIMIZERS[optimizer](tf).minimize(loss)
        losses = []
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for step in range(STEPS):
                rows = slice(step * BATCH % 64, step * BATCH % 64 + BATCH)
                feed = {x: FEATURES[rows], labels: CLASSES[rows], targets: TARGETS[rows]}
                losses.append(session.run([loss, train], feed)[0])
    return np.array(losses)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize("model", sorted(MODELS))
def test_loss_trajectory_matches_tensorflow(model, optimizer):
    ours = trajectory("tinytf", MODELS[model], optimizer)
    theirs = trajectory("tensorflow", MODELS[model], optimizer)
    epoch = 64 // BATCH
    assert theirs[-epoch:].mean() < theirs[:epoch].mean(), "the program must learn something"
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    record("programs")
