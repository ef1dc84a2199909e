"""Lab 3's program: MNIST with softmax regression, with the course's first model (sigmoid
outputs and the squared error), and with an MLP whose learning rate shrinks every epoch.

Run on its own, it trains the two one-layer models by plain gradient descent (rate 0.5,
as in TensorFlow's beginners' tutorial) and prints their validation and test accuracy:

    python -m tinytf.course.programs.mnist [--engine tensorflow] [--epochs 2]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import dense_stack, minibatches
from tinytf.datasets import load_mnist

LINEAR_LEARNING_RATE = 0.5  # plain gradient descent, as in TF's beginners' tutorial
DECAY_PER_EPOCH = 0.7  # the MLP's learning rate shrinks after every epoch
VALIDATION_SIZE = 5000  # TensorFlow's split: the first 5,000 training images


def linear_model(tf, kind="softmax"):
    """x [None, 784], y_ [None, 10], the logits xW + b and the loss: softmax cross-entropy,
    or for kind "sigmoid + MSE" the squared error of sigmoid outputs."""
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y")
    with tf.name_scope("linear"):
        W = tf.Variable(tf.zeros([784, 10]), name="W")
        b = tf.Variable(tf.zeros([10]), name="b")
        logits = tf.matmul(x, W) + b
    if kind == "sigmoid + MSE":
        loss = tf.reduce_mean(tf.square(tf.sigmoid(logits) - y_))
    else:
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    return x, y_, logits, loss


def mlp_model(tf, hidden, activation, generator, scheme="he"):
    """x, y_, the logits of dense layers of `hidden` units, and the softmax cross-entropy."""
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y")
    logits = dense_stack(tf, x, [*hidden, 10], activation, generator, scheme)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    return x, y_, logits, loss


def accuracy(tf, logits, y_):
    """The fraction of rows whose largest logit is at the one-hot label."""
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    return tf.reduce_mean(tf.cast(correct, tf.float32))


def train(
    sess,
    train_op,
    x,
    y_,
    images,
    labels,
    epochs,
    batch_size,
    generator,
    rate=None,
    learning_rate=None,
    after_epoch=None,
):
    """Minibatch training over `epochs`; `after_epoch(epoch)` runs at the end of each.

    With a `rate` placeholder (the optimizer's learning rate), it gets `learning_rate`
    shrunk by DECAY_PER_EPOCH once per epoch before.
    """
    for epoch in range(epochs):
        feed = {} if rate is None else {rate: learning_rate * DECAY_PER_EPOCH**epoch}
        for batch in minibatches(len(images), batch_size, generator):
            sess.run(train_op, {x: images[batch], y_: labels[batch], **feed})
        if after_epoch is not None:
            after_epoch(epoch)


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, epochs=2, batch_size=100)
    (train_images, train_labels), (test_images, test_labels) = load_mnist(progress=False)
    images = train_images.reshape(-1, 784).astype(np.float32) / 255.0
    one_hot = np.eye(10, dtype=np.float32)[train_labels]
    data = {
        "train": (images[VALIDATION_SIZE:], one_hot[VALIDATION_SIZE:]),
        "validation": (images[:VALIDATION_SIZE], one_hot[:VALIDATION_SIZE]),
        "test": (
            test_images.reshape(-1, 784).astype(np.float32) / 255.0,
            np.eye(10, dtype=np.float32)[test_labels],
        ),
    }
    for kind in ("softmax", "sigmoid + MSE"):
        with tf.Graph().as_default():
            _one_model(tf, kind, data, arguments.epochs, arguments.batch_size)


def _one_model(tf, kind, data, epochs, batch_size):
    x, y_, logits, loss = linear_model(tf, kind)
    train_op = tf.train.GradientDescentOptimizer(LINEAR_LEARNING_RATE).minimize(loss)
    correct = accuracy(tf, logits, y_)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        def after_epoch(epoch):
            images, labels = data["validation"]
            value = sess.run(correct, {x: images, y_: labels})
            print(f"{kind}, epoch {epoch + 1}: validation accuracy {value:.4f}")

        images, labels = data["train"]
        generator = np.random.default_rng(0)
        train(
            sess,
            train_op,
            x,
            y_,
            images,
            labels,
            epochs,
            batch_size,
            generator,
            after_epoch=after_epoch,
        )
        images, labels = data["test"]
        print(f"{kind}: test accuracy {sess.run(correct, {x: images, y_: labels}):.4f}")


if __name__ == "__main__":
    main()
