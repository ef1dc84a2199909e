"""Lab 2's program: a classifier on 2-D points (a linear model, or an MLP when given hidden
layers), trained with softmax cross-entropy, or, for ±1 labels, with a tanh output and the
squared error.

Run on its own, it trains a linear model and an MLP of two hidden layers of 32 on the
quadrants (the class is the sign of x1·x2), which no straight line separates:

    python -m tinytf.course.programs.basic [--engine tensorflow]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import dense_stack, train
from tinytf.datasets import make_quadrants, one_hot


def classifier(tf, hidden, classes, activation, generator, signed=False):
    """x [None, 2], y [None, classes], the outputs (logits, or tanh for `signed`) and the loss."""
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, classes], name="y")
    scheme = "he" if activation == "relu" else "xavier"
    outputs = dense_stack(tf, x, [*hidden, classes], activation, generator, scheme=scheme)
    if signed:
        # The course's other label coding: a tanh output against ±1 labels, MSE loss.
        outputs = tf.tanh(outputs)
        loss = tf.reduce_mean(tf.square(outputs - y))
    else:
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=outputs))
    return x, y, outputs, loss


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, epochs=20, batch_size=32, learning_rate=0.01)
    points, labels = make_quadrants(2000, seed=0)
    train_rows, test_rows = points[:1500], points[1500:]
    targets = one_hot(labels, 2)
    for name, hidden in (("linear", ()), ("MLP 32,32 relu", (32, 32))):
        generator = np.random.default_rng(0)
        with tf.Graph().as_default():
            x, y, logits, loss = classifier(tf, hidden, 2, "relu", generator)
            train_op = tf.train.AdamOptimizer(arguments.learning_rate).minimize(loss)
            correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
            accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                train(
                    sess,
                    train_op,
                    x,
                    y,
                    train_rows,
                    targets[:1500],
                    arguments.epochs,
                    arguments.batch_size,
                    generator,
                )
                train_loss = sess.run(loss, {x: train_rows, y: targets[:1500]})
                test_accuracy = sess.run(accuracy, {x: test_rows, y: targets[1500:]})
        print(f"{name}: training loss {train_loss:.4f}, test accuracy {test_accuracy:.4f}")


if __name__ == "__main__":
    main()
