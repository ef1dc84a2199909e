"""The homework: fit y = a*x + b to noisy points by gradient descent.

The gradients come from tf.gradients and the updates are tf.assign ops, so every step of
the method is visible in the graph.

    python examples/homework.py
"""

import numpy as np

import tinytf as tf

TRUE_A, TRUE_B = 3.0, 2.0
LEARNING_RATE = 0.1
STEPS = 200

rng = np.random.default_rng(0)
x_data = rng.uniform(-1.0, 1.0, size=100).astype(np.float32)
y_data = (TRUE_A * x_data + TRUE_B + rng.normal(0.0, 0.1, size=100)).astype(np.float32)

x = tf.placeholder(tf.float32, [None], name="x")
y = tf.placeholder(tf.float32, [None], name="y")
a = tf.Variable(0.0, name="a")
b = tf.Variable(0.0, name="b")

prediction = a * x + b
loss = tf.reduce_mean(tf.square(prediction - y), name="loss")
grad_a, grad_b = tf.gradients(loss, [a, b])
train = tf.group(
    tf.assign_sub(a, LEARNING_RATE * grad_a), tf.assign_sub(b, LEARNING_RATE * grad_b), name="train"
)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: x_data, y: y_data}
    for step in range(STEPS + 1):
        if step % 50 == 0:
            loss_value, a_value, b_value = sess.run([loss, a, b], feed)
            print(f"step {step:3d}: loss {loss_value:.4f}, a = {a_value:.3f}, b = {b_value:.3f}")
        sess.run(train, feed)
    fitted_a, fitted_b = sess.run([a, b])

print(
    f"fitted y = {fitted_a:.2f} * x + {fitted_b:.2f} "
    f"(the data came from y = {TRUE_A} * x + {TRUE_B})"
)
