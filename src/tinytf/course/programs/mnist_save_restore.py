"""MNIST softmax regression (Lab 3's model) saved while it trains, with
`saver.save(..., global_step=i)`, and restored from the latest checkpoint in a new session,
which gives the same accuracy:

    python -m tinytf.course.programs.mnist_save_restore [--engine tensorflow]
"""

from __future__ import annotations

import os
import tempfile

from tinytf.course.programs import command_line
from tinytf.course.programs.mnist import LINEAR_LEARNING_RATE, accuracy, linear_model
from tinytf.datasets import data_home
from tinytf.examples.tutorials.mnist import input_data


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, steps=1000, batch_size=100)
    mnist = input_data.read_data_sets(str(data_home() / "mnist"), one_hot=True, seed=0)
    checkpoint_dir = tempfile.mkdtemp(prefix="mnist_checkpoints_")
    with tf.Graph().as_default():
        x, y_, logits, loss = linear_model(tf)
        train_step = tf.train.GradientDescentOptimizer(LINEAR_LEARNING_RATE).minimize(loss)
        correct = accuracy(tf, logits, y_)
        saver = tf.train.Saver(max_to_keep=3)
        test_feed = {x: mnist.test.images, y_: mnist.test.labels}

        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(arguments.steps):
                batch_xs, batch_ys = mnist.train.next_batch(arguments.batch_size)
                sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
                if (i + 1) % (arguments.steps // 4) == 0:
                    path = saver.save(
                        sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=i
                    )
                    value = sess.run(correct, test_feed)
                    print(f"saved {os.path.basename(path)}: test accuracy {value:.4f}")

        latest = tf.train.latest_checkpoint(checkpoint_dir)
        kept = sorted(name for name in os.listdir(checkpoint_dir) if name.endswith(".index"))
        print(f"latest checkpoint {os.path.basename(latest)}; kept {', '.join(kept)}")
        with tf.Session() as sess:
            saver.restore(sess, latest)
            value = sess.run(correct, test_feed)
            print(f"restored in a new session: test accuracy {value:.4f}")


if __name__ == "__main__":
    main()
