"""MNIST softmax regression: the same layer with softmax cross-entropy instead of
sigmoid + MSE (lr 0.1, 1000 steps of batch 100)."""

import numpy as np
from _engine import DATA_DIR, tf

from tinytf.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets(str(DATA_DIR / "mnist"), one_hot=True, seed=0)
initial_weights = (0.01 * np.random.default_rng(0).normal(size=(784, 10))).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 784], name="x")
y_ = tf.placeholder(tf.float32, [None, 10], name="y_")
W = tf.get_variable("W", [784, 10], initializer=tf.constant_initializer(initial_weights))
b = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
logits = tf.matmul(x, W) + b

cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(cross_entropy)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1000):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        _, loss_value = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
        if step % 200 == 0:
            print(f"step {step:4d}: batch cross-entropy {loss_value:.6f}")
    test_accuracy = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})

print(f"test accuracy {test_accuracy:.4f}")
