"""An MNIST multilayer perceptron, 784-256-256-10, as TF 1.x programs train it: tf.layers,
Adam, mini-batches from input_data. Prints the test accuracy and the training time.

    python examples/mnist_mlp.py [MNIST folder] [epochs]

The folder defaults to $TINYTF_DATA when set (its mnist/ subfolder is looked in too), else
MNIST_data/ (downloaded there if missing, as TensorFlow did).
"""

import os
import sys
import time

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TINYTF_DATA") or "MNIST_data/"
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
batch_size = 100

tf.set_random_seed(0)
mnist = input_data.read_data_sets(data_dir, seed=0)

x = tf.placeholder(tf.float32, [None, 784], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
hidden1 = tf.layers.dense(x, 256, activation=tf.nn.relu, name="hidden1")
hidden2 = tf.layers.dense(hidden1, 256, activation=tf.nn.relu, name="hidden2")
logits = tf.layers.dense(hidden2, 10, name="logits")

steps_per_epoch = mnist.train.num_examples // batch_size
global_step = tf.train.get_or_create_global_step()
# Smaller steps each epoch: Adam at a fixed rate keeps jumping around the minimum.
learning_rate = tf.train.exponential_decay(0.001, global_step, steps_per_epoch, 0.8, staircase=True)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss, global_step=global_step)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        for _ in range(steps_per_epoch):
            images, labels = mnist.train.next_batch(batch_size)
            sess.run(train_op, feed_dict={x: images, y: labels})
        validation = sess.run(
            accuracy, feed_dict={x: mnist.validation.images, y: mnist.validation.labels}
        )
        print(f"epoch {epoch:2d}: validation accuracy {validation:.4f}")
    seconds = time.perf_counter() - started
    test = sess.run(accuracy, feed_dict={x: mnist.test.images, y: mnist.test.labels})

print(f"test accuracy {test:.4f} after {epochs} epochs, {seconds:.1f} s of training")
