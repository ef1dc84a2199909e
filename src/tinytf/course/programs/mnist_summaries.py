"""MNIST softmax regression (Lab 3's model) that writes TensorBoard summaries (a scalar and
a histogram, merged) and its graph with a FileWriter; then
`tensorboard --logdir <the folder it names>`:

    python -m tinytf.course.programs.mnist_summaries [--engine tensorflow]
"""

from __future__ import annotations

import os
import sys
import tempfile

from tinytf.course.programs import command_line
from tinytf.course.programs.mnist import LINEAR_LEARNING_RATE, accuracy, linear_model
from tinytf.datasets import data_home
from tinytf.examples.tutorials.mnist import input_data


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, steps=1000, batch_size=100)
    mnist = input_data.read_data_sets(str(data_home() / "mnist"), one_hot=True, seed=0)
    log_dir = tempfile.mkdtemp(prefix="mnist_logs_")
    with tf.Graph().as_default():
        x, y_, logits, cross_entropy = linear_model(tf)
        weights, _ = tf.trainable_variables()
        tf.summary.histogram("weights", weights)
        tf.summary.scalar("cross_entropy", cross_entropy)
        train_step = tf.train.GradientDescentOptimizer(LINEAR_LEARNING_RATE).minimize(cross_entropy)
        correct = accuracy(tf, logits, y_)
        merged = tf.summary.merge_all()

        written = 0
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(log_dir, sess.graph)
            sess.run(tf.global_variables_initializer())
            for step in range(arguments.steps):
                batch_xs, batch_ys = mnist.train.next_batch(arguments.batch_size)
                feed = {x: batch_xs, y_: batch_ys}
                if step % 100 == 0:
                    summary, _ = sess.run([merged, train_step], feed_dict=feed)
                    writer.add_summary(summary, step)
                    written += 1
                else:
                    sess.run(train_step, feed_dict=feed)
            writer.close()
            test_feed = {x: mnist.test.images, y_: mnist.test.labels}
            test_accuracy = sess.run(correct, feed_dict=test_feed)
        summaries = len(tf.get_collection(tf.GraphKeys.SUMMARIES))

    event_files = [name for name in os.listdir(log_dir) if "tfevents" in name]
    print(f"wrote {written} summaries and the graph to {len(event_files)} event file(s)")
    print(f"to see them: tensorboard --logdir {log_dir}", file=sys.stderr)
    print(f"summaries in the graph: {summaries}")
    print(f"test accuracy {test_accuracy:.4f}")


if __name__ == "__main__":
    main()
