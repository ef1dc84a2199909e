"""The course's homework: fit d = x² + x + noise with a line y = x·w + b, by gradient
descent written as compute_gradients / apply_gradients (lr 0.1, 200 steps).

    python examples/course/homework.py            # on tinytf
    TINYTF_ENGINE=tensorflow python examples/course/homework.py
"""

import numpy as np
from _engine import tf

from tinytf.datasets.homework import make_homework

LEARNING_RATE = 0.1
STEPS = 200

# Plain gradient descent at lr 0.1 on a line diverges when x has the course data's standard
# deviation 4 (the loss's curvature 2·E[x²] = 32 exceeds 2 / 0.1), so this program draws x
# with standard deviation 2; the regression lab standardises instead.
x_data, d_data = make_homework(samples=1000, seed=0, x_std=2.0)
initial_w = np.random.default_rng(0).normal(size=(1, 1)).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 1], name="x")
d = tf.placeholder(tf.float32, [None, 1], name="d")
w = tf.get_variable("w", [1, 1], initializer=tf.constant_initializer(initial_w))
b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
y = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(y - d), name="loss")

optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)
grads_and_vars = optimizer.compute_gradients(loss)
train = optimizer.apply_gradients(grads_and_vars)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: x_data, d: d_data}
    for step in range(STEPS):
        if step % 40 == 0:
            loss_value, grads = sess.run([loss, [g for g, _ in grads_and_vars]], feed)
            print(
                f"step {step:3d}: loss {loss_value:.5f}, dloss/dw {grads[0][0, 0]:.5f}, "
                f"dloss/db {grads[1][0]:.5f}"
            )
        sess.run(train, feed)
    w_value, b_value, loss_value = sess.run([w, b, loss], feed)

print(f"after {STEPS} steps: w = {w_value[0, 0]:.4f}, b = {b_value[0]:.4f}, loss {loss_value:.4f}")
