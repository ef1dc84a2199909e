"""MNIST softmax regression saved while it trains (saver.save(..., global_step=i)) and
restored from the latest checkpoint in a new session, which gives the same accuracy."""

import os
import tempfile

import numpy as np
from _engine import DATA_DIR, tf

from tinytf.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets(str(DATA_DIR / "mnist"), one_hot=True, seed=0)
initial_weights = (0.01 * np.random.default_rng(0).normal(size=(784, 10))).astype(np.float32)
checkpoint_dir = tempfile.mkdtemp(prefix="mnist_checkpoints_")

x = tf.placeholder(tf.float32, [None, 784], name="x")
y_ = tf.placeholder(tf.float32, [None, 10], name="y_")
W = tf.get_variable("W", [784, 10], initializer=tf.constant_initializer(initial_weights))
b = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
logits = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(cross_entropy)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))
saver = tf.train.Saver(max_to_keep=3)
test_feed = {x: mnist.test.images, y_: mnist.test.labels}

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(1000):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
        if (i + 1) % 250 == 0:
            path = saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=i)
            print(
                f"saved {os.path.basename(path)}: test accuracy {sess.run(accuracy, test_feed):.4f}"
            )

latest = tf.train.latest_checkpoint(checkpoint_dir)
kept = sorted(name for name in os.listdir(checkpoint_dir) if name.endswith(".index"))
print(f"latest checkpoint {os.path.basename(latest)}; kept {', '.join(kept)}")
with tf.Session() as sess:
    saver.restore(sess, latest)
    print(f"restored in a new session: test accuracy {sess.run(accuracy, test_feed):.4f}")
