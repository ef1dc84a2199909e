"""MNIST softmax regression that writes TensorBoard summaries (a scalar and a histogram,
merged) and its graph with a FileWriter: `tensorboard --logdir <the printed folder>`."""

import os
import tempfile

import numpy as np
from _engine import DATA_DIR, tf

from tinytf.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets(str(DATA_DIR / "mnist"), one_hot=True, seed=0)
initial_weights = (0.01 * np.random.default_rng(0).normal(size=(784, 10))).astype(np.float32)
log_dir = tempfile.mkdtemp(prefix="mnist_logs_")

with tf.name_scope("input"):
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y_")
with tf.name_scope("softmax_layer"):
    W = tf.get_variable("W", [784, 10], initializer=tf.constant_initializer(initial_weights))
    b = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, W) + b
    tf.summary.histogram("weights", W)
with tf.name_scope("loss"):
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits)
    )
    tf.summary.scalar("cross_entropy", cross_entropy)
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(cross_entropy)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))
merged = tf.summary.merge_all()

written = 0
with tf.Session() as sess:
    writer = tf.summary.FileWriter(log_dir, sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(1000):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        feed = {x: batch_xs, y_: batch_ys}
        if step % 100 == 0:
            summary, _ = sess.run([merged, train_step], feed_dict=feed)
            writer.add_summary(summary, step)
            written += 1
        else:
            sess.run(train_step, feed_dict=feed)
    writer.close()
    test_accuracy = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})

event_files = [name for name in os.listdir(log_dir) if "tfevents" in name]
print(f"wrote {written} summaries and the graph to {len(event_files)} event file(s)")
print(f"summaries in the graph: {len(tf.get_collection(tf.GraphKeys.SUMMARIES))}")
print(f"test accuracy {test_accuracy:.4f}")
