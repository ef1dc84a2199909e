"""Lab 4's program: iris with an MLP, and the vanishing-gradient study: deep networks of
sigmoid, relu, or sigmoid + batch-norm layers, with every layer's kernel gradient norm.

Run on its own, it trains the three deep networks by plain gradient descent and prints the
first and the last layer's gradient norm, averaged over training, and the test accuracy:

    python -m tinytf.course.programs.iris [--engine tensorflow] [--epochs 100]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import dense_stack, initial_kernel, minibatches
from tinytf.datasets import load_iris

DEPTH, WIDTH = 8, 16  # hidden layers of the deep networks, units in each
STUDY_LEARNING_RATE = 0.1  # plain gradient descent, so small gradients mean slow learning
VARIANTS = ("sigmoid", "relu", "sigmoid + batch norm")


def mlp_model(tf, hidden, activation, generator):
    """x [None, 4], y_ [None, 3], the logits of an MLP and its softmax cross-entropy."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="y")
    scheme = "he" if activation == "relu" else "xavier"
    logits = dense_stack(tf, x, [*hidden, 3], activation, generator, scheme)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    return x, y_, logits, loss


def deep_model(tf, variant, generator):
    """x, y_, the `training` switch (batch norm uses the batch's statistics when True), the
    logits of DEPTH hidden layers of WIDTH units, the loss, and the layers' kernels."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="y")
    training = tf.placeholder_with_default(False, [], name="training")
    hidden, fan_in = x, 4
    for layer in range(1, DEPTH + 1):
        scheme = "he" if variant == "relu" else "xavier"
        kernel = tf.constant_initializer(initial_kernel(scheme, fan_in, WIDTH, generator))
        batch_norm = variant == "sigmoid + batch norm"
        hidden = tf.layers.dense(
            hidden, WIDTH, use_bias=not batch_norm, kernel_initializer=kernel, name=f"hidden{layer}"
        )
        if batch_norm:
            hidden = tf.layers.batch_normalization(
                hidden, training=training, name=f"batch_norm{layer}"
            )
        hidden = tf.nn.relu(hidden) if variant == "relu" else tf.sigmoid(hidden)
        fan_in = WIDTH
    kernel = tf.constant_initializer(initial_kernel("xavier", fan_in, 3, generator))
    logits = tf.layers.dense(hidden, 3, kernel_initializer=kernel, name="output")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    kernels = [v for v in tf.trainable_variables() if v.op.name.endswith("kernel")]
    return x, y_, training, logits, loss, kernels


def training_step(tf, optimizer, loss):
    """(gradients and variables, the train op); batch norm's moving averages update through
    the UPDATE_OPS collection, run with each step."""
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        gradients = optimizer.compute_gradients(loss)
        train_op = optimizer.apply_gradients(gradients)
    return gradients, train_op


def gradient_norms(tf, gradients, kernels):
    """{layer name: the norm of its kernel's gradient}, from compute_gradients' pairs."""
    by_variable = {variable.op.name: gradient for gradient, variable in gradients}
    return {
        kernel.op.name.split("/")[0]: tf.sqrt(tf.reduce_sum(tf.square(by_variable[kernel.op.name])))
        for kernel in kernels
    }


def train(
    sess,
    train_op,
    x,
    y_,
    features,
    labels,
    epochs,
    batch_size,
    generator,
    feeds=None,
    after_epoch=None,
):
    """Minibatch training over `epochs`; `feeds` (the training switch) go with every step,
    and `after_epoch(epoch)` runs at the end of each epoch."""
    for epoch in range(epochs):
        for batch in minibatches(len(features), batch_size, generator):
            sess.run(train_op, {x: features[batch], y_: labels[batch], **(feeds or {})})
        if after_epoch is not None:
            after_epoch(epoch)


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, epochs=100, batch_size=16)
    features, labels = load_iris()
    order = np.random.default_rng(0).permutation(len(labels))
    train_rows, test_rows = order[:96], order[96:]
    mean, std = features[train_rows].mean(axis=0), features[train_rows].std(axis=0)
    features = ((features - mean) / std).astype(np.float32)
    one_hot = np.eye(3, dtype=np.float32)[labels]
    for variant in VARIANTS:
        generator = np.random.default_rng(0)
        with tf.Graph().as_default():
            x, y_, training, logits, loss, kernels = deep_model(tf, variant, generator)
            optimizer = tf.train.GradientDescentOptimizer(STUDY_LEARNING_RATE)
            gradients, train_op = training_step(tf, optimizer, loss)
            norms = list(gradient_norms(tf, gradients, kernels).values())
            correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
            accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                start = {x: features[train_rows], y_: one_hot[train_rows], training: True}
                before = sess.run(norms, start)
                train(
                    sess,
                    train_op,
                    x,
                    y_,
                    features[train_rows],
                    one_hot[train_rows],
                    arguments.epochs,
                    arguments.batch_size,
                    generator,
                    feeds={training: True},
                )
                test = sess.run(accuracy, {x: features[test_rows], y_: one_hot[test_rows]})
        print(
            f"deep {variant}: kernel gradient norm at the start, layer 1 {before[0]:.3e}, "
            f"output {before[-1]:.3e}; test accuracy after training {test:.4f}"
        )


if __name__ == "__main__":
    main()
