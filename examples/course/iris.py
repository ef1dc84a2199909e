"""Iris with one dense sigmoid layer (4 -> 3), mean squared error against one-hot labels,
gradient descent with lr 0.6 on the whole training set."""

import numpy as np
from _engine import tf

from tinytf.datasets.iris import load_iris

features, labels = load_iris()
rng = np.random.default_rng(0)
order = rng.permutation(len(labels))
train_rows, test_rows = order[:120], order[120:]
features = (features - features[train_rows].mean(axis=0)) / features[train_rows].std(axis=0)
one_hot = np.eye(3, dtype=np.float32)[labels]
initial_kernel = (0.5 * rng.normal(size=(4, 3))).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 4], name="x")
y_ = tf.placeholder(tf.float32, [None, 3], name="y_")
y = tf.layers.dense(
    x, 3, activation=tf.nn.sigmoid, kernel_initializer=tf.constant_initializer(initial_kernel)
)
loss = tf.reduce_mean(tf.square(y - y_))
train = tf.train.GradientDescentOptimizer(0.6).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    train_feed = {x: features[train_rows], y_: one_hot[train_rows]}
    for step in range(500):
        _, loss_value = sess.run([train, loss], train_feed)
        if step % 100 == 0:
            print(f"step {step:3d}: loss {loss_value:.6f}")
    train_accuracy = sess.run(accuracy, train_feed)
    test_accuracy = sess.run(accuracy, {x: features[test_rows], y_: one_hot[test_rows]})

print(f"train accuracy {train_accuracy:.4f}, test accuracy {test_accuracy:.4f}")
