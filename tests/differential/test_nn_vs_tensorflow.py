"""tf.nn, tf.losses and tf.layers against TensorFlow's compat.v1: the same programs give
the same output names, values and gradients."""

import os

import numpy as np
import pytest

import tinytf

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers needs Keras 2
tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
pytestmark = pytest.mark.filterwarnings("ignore:`tf.layers:UserWarning")

LOGITS = np.array(
    [[1e4, -1e4, 0.0, 2.0], [-3.0, 0.5, 1.0, 20.0], [0.0, 0.0, -7.0, 3.0]], dtype=np.float32
)
ONEHOT = np.eye(4, dtype=np.float32)[[1, 3, 0]]
SPARSE = np.array([1, 3, 0], dtype=np.int32)
TARGETS = np.array(
    [[0.0, 1.0, 0.5, 1.0], [1.0, 0.0, 0.0, 1.0], [0.2, 1.0, 1.0, 0.0]], dtype=np.float32
)

# Each program takes the `tf` module and x, a float32 [?, 4] placeholder fed LOGITS.
PROGRAMS = {
    "relu": lambda tf, x: tf.nn.relu(x),
    "relu6": lambda tf, x: tf.nn.relu6(x),
    "leaky_relu": lambda tf, x: tf.nn.leaky_relu(x, alpha=0.1),
    "elu": lambda tf, x: tf.nn.elu(x),
    "selu": lambda tf, x: tf.nn.selu(x),
    "softplus": lambda tf, x: tf.nn.softplus(x),
    "softsign": lambda tf, x: tf.nn.softsign(x),
    "bias_add": lambda tf, x: tf.nn.bias_add(x, [1.0, 2.0, 3.0, 4.0]),
    "softmax": lambda tf, x: tf.nn.softmax(x),
    "log_softmax": lambda tf, x: tf.nn.log_softmax(x),
    "l2_loss": lambda tf, x: tf.nn.l2_loss(x / 1e4),
    "l2_normalize": lambda tf, x: tf.nn.l2_normalize(x, 1),
    "xw_plus_b": lambda tf, x: tf.nn.xw_plus_b(x, np.ones((4, 2), np.float32), [1.0, 2.0]),
    "moments": lambda tf, x: tf.nn.moments(x / 1e3, [0]),
    "batch_normalization": lambda tf, x: tf.nn.batch_normalization(
        x,
        tf.constant([1.0, 2.0, 0.0, 1.0]),
        tf.constant([4.0, 1.0, 2.0, 0.5]),
        tf.constant([0.1, 0.2, 0.3, 0.4]),
        tf.constant(2.0),
        1e-3,
    ),
    "softmax_cross_entropy_v2": lambda tf, x: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=ONEHOT, logits=x
    ),
    "softmax_cross_entropy": lambda tf, x: tf.nn.softmax_cross_entropy_with_logits(
        labels=ONEHOT, logits=x
    ),
    "sparse_softmax_cross_entropy": lambda tf, x: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=SPARSE, logits=x
    ),
    "sigmoid_cross_entropy": lambda tf, x: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=TARGETS, logits=x
    ),
    "weighted_cross_entropy": lambda tf, x: tf.nn.weighted_cross_entropy_with_logits(
        labels=TARGETS, logits=x, pos_weight=2.5
    ),
    "in_top_k": lambda tf, x: tf.nn.in_top_k(x, SPARSE, 2),
    "embedding_lookup": lambda tf, x: tf.nn.embedding_lookup(x, [[2, 0], [1, 1]]),
    "zero_fraction": lambda tf, x: tf.nn.zero_fraction(tf.nn.relu(x)),
    "mean_squared_error": lambda tf, x: tf.losses.mean_squared_error(TARGETS, x / 1e4),
    "absolute_difference": lambda tf, x: tf.losses.absolute_difference(
        TARGETS, x / 1e4, weights=[[1.0], [0.0], [2.0]]
    ),
    "huber_loss": lambda tf, x: tf.losses.huber_loss(TARGETS, x, delta=2.0),
    "log_loss": lambda tf, x: tf.losses.log_loss(TARGETS, tf.nn.sigmoid(x / 1e4)),
    "hinge_loss": lambda tf, x: tf.losses.hinge_loss(TARGETS, x),
    "sigmoid_cross_entropy_loss": lambda tf, x: tf.losses.sigmoid_cross_entropy(
        TARGETS, x, label_smoothing=0.1
    ),
    "softmax_cross_entropy_loss": lambda tf, x: tf.losses.softmax_cross_entropy(
        ONEHOT, x, weights=[1.0, 0.0, 3.0], label_smoothing=0.2
    ),
    "sparse_softmax_cross_entropy_loss": lambda tf, x: tf.losses.sparse_softmax_cross_entropy(
        SPARSE, x, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE
    ),
    "loss_mean": lambda tf, x: tf.losses.absolute_difference(
        TARGETS, x / 1e4, weights=[[0.5, 1.0, 0.0, 2.0]], reduction=tf.losses.Reduction.MEAN
    ),
    "loss_none": lambda tf, x: tf.losses.mean_squared_error(
        TARGETS, x / 1e4, reduction=tf.losses.Reduction.NONE
    ),
}
# TF reaches the same output through differently named inner ops for these.
RENAMED = {
    "softmax_cross_entropy",
    "softmax_cross_entropy_v2",
    "sparse_softmax_cross_entropy",
    "zero_fraction",
}


def build_and_run(tf, program):
    """Output names, values and the gradient of their sum with respect to x."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        outputs = program(tf, x)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        floats = [t for t in outputs if t.dtype.is_floating]
        grad = tf.gradients([tf.reduce_sum(t) for t in floats], x)[0] if floats else None
        grad = tf.convert_to_tensor(grad) if grad is not None else None  # gather: sparse
        with tf.Session() as session:
            values = session.run(outputs, {x: LOGITS})
            grad_value = session.run(grad, {x: LOGITS}) if grad is not None else None
    return [t.name for t in outputs], values, grad_value


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_names_values_and_gradients_as_tensorflow(name):
    our_names, our_values, our_grad = build_and_run(tinytf, PROGRAMS[name])
    their_names, their_values, their_grad = build_and_run(compat, PROGRAMS[name])
    if name not in RENAMED:
        assert our_names == their_names
    for ours, theirs in zip(our_values, their_values, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=1e-6)
    if their_grad is not None:
        assert np.all(np.isfinite(our_grad))
        np.testing.assert_allclose(our_grad, their_grad, rtol=2e-6, atol=1e-6)


def layered_model(tf, training):
    """An MLP with batch norm and dropout, weights fixed so both libraries agree."""
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((4, 3)).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    hidden = tf.layers.dense(
        x / 1e4,
        3,
        activation=tf.nn.relu,
        kernel_initializer=tf.constant_initializer(kernel),
        kernel_regularizer=lambda w: tf.reduce_sum(tf.square(w)),
    )
    normalised = tf.layers.batch_normalization(hidden, training=training, momentum=0.9)
    dropped = tf.layers.dropout(normalised, rate=0.5, training=False)
    flat = tf.layers.flatten(tf.expand_dims(dropped, 1))
    logits = tf.layers.dense(flat, 2, kernel_initializer=tf.ones_initializer(), name="out")
    return x, logits


@pytest.mark.parametrize("training", [True, False])
def test_layers_make_the_same_variables_outputs_and_updates(training):
    results = []
    for tf in (tinytf, compat):
        with tf.Graph().as_default():
            x, logits = layered_model(tf, training)
            updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
            with tf.Session() as session:
                session.run(tf.global_variables_initializer())
                value = session.run(logits, {x: LOGITS})
                session.run(updates, {x: LOGITS})
                variables = session.run(tf.global_variables())
            results.append(
                {
                    "logits": (logits.name, value),
                    "variables": [v.name for v in tf.global_variables()],
                    "trainable": [v.name for v in tf.trainable_variables()],
                    "updates": [op.name for op in updates],
                    "losses": [
                        t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
                    ],
                    "values": variables,
                }
            )
    ours, theirs = results
    # TensorFlow 2's graphs write resource variables with a nested AssignSubVariableOp.
    theirs["updates"] = [name.replace("/AssignSubVariableOp", "") for name in theirs["updates"]]
    for key in ("variables", "trainable", "updates", "losses"):
        assert ours[key] == theirs[key], key
    assert ours["logits"][0] == theirs["logits"][0]
    np.testing.assert_allclose(ours["logits"][1], theirs["logits"][1], rtol=1e-5, atol=1e-6)
    for mine, reference in zip(ours["values"], theirs["values"], strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-6, atol=1e-7)
