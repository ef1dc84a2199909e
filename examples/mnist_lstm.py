"""An LSTM reading MNIST images row by row (28 steps of 28 pixels), as TF 1.x tutorials
train it: a BasicLSTMCell of 128 units unrolled by tf.nn.dynamic_rnn, its last output
classified by a dense layer; Adam on gradients clipped by their global norm. Prints the
validation accuracy after each epoch, then the test accuracy and the training time.

    python examples/mnist_lstm.py [MNIST folder] [epochs]

The folder defaults to $TINYTF_DATA when set (its mnist/ subfolder is looked in too), else
MNIST_data/ (downloaded there if missing, as TensorFlow did).
"""

import os
import sys
import time

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TINYTF_DATA") or "MNIST_data/"
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
batch_size, rows, columns, units = 128, 28, 28, 128

tf.set_random_seed(0)
mnist = input_data.read_data_sets(data_dir, seed=0)

x = tf.placeholder(tf.float32, [None, rows * columns], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
sequence = tf.reshape(x, [-1, rows, columns])  # [batch, time, pixels of one row]
cell = tf.nn.rnn_cell.BasicLSTMCell(units)
outputs, state = tf.nn.dynamic_rnn(cell, sequence, dtype=tf.float32)
logits = tf.layers.dense(state.h, 10, name="logits")  # state.h is the last step's output

steps_per_epoch = mnist.train.num_examples // batch_size
global_step = tf.train.get_or_create_global_step()
learning_rate = tf.train.exponential_decay(0.002, global_step, steps_per_epoch, 0.7, staircase=True)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
optimizer = tf.train.AdamOptimizer(learning_rate)
# Recurrent weights see the same gradient at every step: clipping keeps a burst from
# throwing the LSTM off course early in training.
gradients, variables = zip(*optimizer.compute_gradients(loss), strict=True)
clipped, _ = tf.clip_by_global_norm(gradients, 5.0)
train_op = optimizer.apply_gradients(zip(clipped, variables, strict=True), global_step=global_step)
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
        print(f"epoch {epoch}: validation accuracy {validation:.4f}")
    seconds = time.perf_counter() - started
    test = sess.run(accuracy, feed_dict={x: mnist.test.images, y: mnist.test.labels})

print(f"test accuracy {test:.4f} after {epochs} epochs, {seconds:.1f} s of training")
