"""What the course's programs share: NumPy initial weights, dense stacks, optimizers by name,
the shuffled minibatches of an epoch, and the training loop over them."""

from __future__ import annotations

import math

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "adagrad")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "elu")
INITIALISERS = ("normal", "xavier", "he")


def initial_kernel(scheme: str, fan_in: int, fan_out: int, generator) -> np.ndarray:
    """A float32 [fan_in, fan_out] draw from N(0, std²).

    normal: std 1 (tf.random_normal's default); xavier: std √(2 / (fan_in + fan_out)),
    which keeps the variance of signals and gradients for tanh/sigmoid; he: std √(2 / fan_in),
    which keeps it for relu, as relu zeroes half the signal.
    """
    std = {
        "normal": 1.0,
        "xavier": math.sqrt(2.0 / (fan_in + fan_out)),
        "he": math.sqrt(2.0 / fan_in),
    }[scheme]
    return generator.normal(0.0, std, size=(fan_in, fan_out)).astype(np.float32)


def activation(tf, name: str):
    """The tf.nn function for an activation name."""
    return {"relu": tf.nn.relu, "sigmoid": tf.nn.sigmoid, "tanh": tf.nn.tanh, "elu": tf.nn.elu}[
        name
    ]


def optimizer(tf, name: str, learning_rate):
    """A tf.train optimizer by short name."""
    if name == "momentum":
        return tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
    return {
        "sgd": tf.train.GradientDescentOptimizer,
        "adam": tf.train.AdamOptimizer,
        "rmsprop": tf.train.RMSPropOptimizer,
        "adagrad": tf.train.AdagradOptimizer,
    }[name](learning_rate)


def dense_stack(tf, inputs, sizes, activation_name, generator, scheme="he", names=None):
    """Dense layers of `sizes` units; the last one has no activation (it gives logits).

    Initial kernels are NumPy draws (`initial_kernel`) handed over through
    tf.constant_initializer, so tinytf and TensorFlow start from the same weights.
    """
    names = names or [f"hidden{index + 1}" for index in range(len(sizes) - 1)] + ["output"]
    outputs, fan_in = inputs, int(inputs.shape[-1])
    for index, (units, name) in enumerate(zip(sizes, names, strict=True)):
        last = index == len(sizes) - 1
        kernel = initial_kernel(scheme, fan_in, units, generator)
        outputs = tf.layers.dense(
            outputs,
            units,
            activation=None if last else activation(tf, activation_name),
            kernel_initializer=tf.constant_initializer(kernel),
            name=name,
        )
        fan_in = units
    return outputs


def minibatches(examples: int, batch_size: int, generator):
    """Index arrays covering a fresh permutation of `examples`, `batch_size` at a time."""
    order = generator.permutation(examples)
    return [order[start : start + batch_size] for start in range(0, examples, batch_size)]


def train(sess, train_op, x, y, inputs, targets, epochs, batch_size, generator):
    """Minibatch training: each epoch runs `train_op` on the rows of `inputs` (fed to `x`)
    and `targets` (fed to `y`) in a fresh random order."""
    for _ in range(epochs):
        for batch in minibatches(len(inputs), batch_size, generator):
            sess.run(train_op, {x: inputs[batch], y: targets[batch]})
