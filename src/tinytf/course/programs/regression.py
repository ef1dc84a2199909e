"""Lab 1's program, the course's homework: fit d = x² + x + noise with a line y = xW + b,
with the line on the features [x, x²], and with an MLP.

Run on its own, it is the homework as the course first set it: the line alone, trained by
gradient descent written as compute_gradients / apply_gradients (rate 0.1, 200 steps),
printing the loss and both gradients as it goes:

    python -m tinytf.course.programs.regression [--engine tensorflow]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import dense_stack
from tinytf.datasets.homework import make_homework


def linear_model(tf, features, initial_w=None):
    """x [None, features], d [None, 1], the prediction y = xW + b and its mean squared error."""
    x = tf.placeholder(tf.float32, [None, features], name="x")
    d = tf.placeholder(tf.float32, [None, 1], name="d")
    start = tf.zeros_initializer() if initial_w is None else tf.constant_initializer(initial_w)
    w = tf.get_variable("w", [features, 1], initializer=start)
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    y = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.square(y - d))
    return x, d, y, loss


def mlp_model(tf, hidden, activation, generator, d_mean, d_std):
    """x, d, y and the MSE of an MLP with `hidden` layers.

    x reaches ±15 and d 230, far outside the range where tanh and sigmoid bend: the network
    sees x standardised and predicts d standardised, scaled back in the graph so that its loss
    is the MSE of d itself.
    """
    x = tf.placeholder(tf.float32, [None, 1], name="x")
    d = tf.placeholder(tf.float32, [None, 1], name="d")
    standardised = dense_stack(tf, x, [*hidden, 1], activation, generator, scheme="xavier")
    y = standardised * d_std + d_mean
    loss = tf.reduce_mean(tf.square(y - d))
    return x, d, y, loss


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, learning_rate=0.1, steps=200)
    # Plain gradient descent at rate 0.1 on a line diverges when x has the course data's
    # standard deviation 4 (the loss's curvature 2·E[x²] = 32 exceeds 2 / 0.1), so this
    # program draws x with standard deviation 2; the regression lab standardises instead.
    x_data, d_data = make_homework(samples=1000, seed=0, x_std=2.0)
    initial_w = np.random.default_rng(0).normal(size=(1, 1)).astype(np.float32)
    with tf.Graph().as_default():
        x, d, _, loss = linear_model(tf, 1, initial_w)
        optimizer = tf.train.GradientDescentOptimizer(arguments.learning_rate)
        grads_and_vars = optimizer.compute_gradients(loss)
        train_step = optimizer.apply_gradients(grads_and_vars)
        w, b = (variable for _, variable in grads_and_vars)

        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: x_data, d: d_data}
            for step in range(arguments.steps):
                if step % 40 == 0:
                    loss_value, grads = sess.run([loss, [g for g, _ in grads_and_vars]], feed)
                    print(
                        f"step {step:3d}: loss {loss_value:.5f}, dloss/dw {grads[0][0, 0]:.5f}, "
                        f"dloss/db {grads[1][0]:.5f}"
                    )
                sess.run(train_step, feed)
            w_value, b_value, loss_value = sess.run([w, b, loss], feed)
    print(
        f"after {arguments.steps} steps: w = {w_value[0, 0]:.4f}, b = {b_value[0]:.4f}, "
        f"loss {loss_value:.4f}"
    )


if __name__ == "__main__":
    main()
