"""Lab 6's program: a small LeNet-style network on MNIST (5x5x16 convolution, 2x2 max pool,
5x5x32 convolution, pool, 256 dense units with dropout, 10 outputs), trained with Adam at a
learning rate that shrinks every epoch.

Run on its own, it trains on the first 2,000 training images for one epoch and prints the
test accuracy on 1,000 test images (`--dropout 0` switches dropout off, whose random masks
differ between tinytf and TensorFlow):

    python -m tinytf.course.programs.cnn [--engine tensorflow] [--images 2000] [--dropout 0.4]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import initial_kernel, minibatches
from tinytf.datasets import load_mnist

FILTERS = (16, 32)  # the two convolutions' output channels
KERNEL = 5
DENSE_UNITS = 256
DROPOUT = 0.4
DECAY_PER_EPOCH = 0.6  # the learning rate shrinks after every epoch


def initial_filter(shape, generator):
    """He initialisation for a ReLU convolution: std sqrt(2 / (KH * KW * in_channels))."""
    fan_in = int(np.prod(shape[:3]))
    return generator.normal(0.0, np.sqrt(2.0 / fan_in), size=shape).astype(np.float32)


def convolutional_network(tf, generator, dropout=DROPOUT):
    """x [None, 784], labels [None] (digits), the `training` switch (dropout only when True),
    the logits, the loss, and the two convolutions' feature maps."""
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    features, maps, depth = tf.reshape(x, [-1, 28, 28, 1]), [], 1
    for index, filters in enumerate(FILTERS, start=1):
        kernel = initial_filter((KERNEL, KERNEL, depth, filters), generator)
        features = tf.layers.conv2d(
            features,
            filters,
            KERNEL,
            activation=tf.nn.relu,
            kernel_initializer=tf.constant_initializer(kernel),
            name=f"conv{index}",
        )
        maps.append(features)
        features = tf.layers.max_pooling2d(features, 2, 2, name=f"pool{index}")
        depth = filters
    flat = tf.layers.flatten(features)
    hidden = tf.layers.dense(
        flat,
        DENSE_UNITS,
        activation=tf.nn.relu,
        kernel_initializer=tf.constant_initializer(
            initial_kernel("he", int(flat.shape[1]), DENSE_UNITS, generator)
        ),
        name="dense",
    )
    dropped = tf.layers.dropout(hidden, dropout, training=training)
    logits = tf.layers.dense(
        dropped,
        10,
        kernel_initializer=tf.constant_initializer(
            initial_kernel("he", DENSE_UNITS, 10, generator)
        ),
        name="output",
    )
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    )
    return x, labels, training, logits, loss, maps


def train(
    sess,
    train_op,
    x,
    labels,
    training,
    images,
    digits,
    epochs,
    batch_size,
    generator,
    rate,
    learning_rate,
    after_epoch=None,
):
    """Minibatch training with dropout on; the `rate` placeholder gets `learning_rate` shrunk
    by DECAY_PER_EPOCH once per epoch before; `after_epoch(epoch)` runs at each epoch's end."""
    for epoch in range(epochs):
        feed = {training: True, rate: learning_rate * DECAY_PER_EPOCH**epoch}
        for batch in minibatches(len(images), batch_size, generator):
            sess.run(train_op, {x: images[batch], labels: digits[batch], **feed})
        if after_epoch is not None:
            after_epoch(epoch)


def main(argv=None):
    tf, arguments = command_line(
        __doc__, argv, epochs=1, images=2000, batch_size=64, learning_rate=0.002, dropout=DROPOUT
    )
    (train_images, train_labels), (test_images, test_labels) = load_mnist(progress=False)
    images = train_images[5000 : 5000 + arguments.images].reshape(-1, 784) / np.float32(255)
    test = test_images[:1000].reshape(-1, 784) / np.float32(255)
    generator = np.random.default_rng(0)
    with tf.Graph().as_default():
        x, labels, training, logits, loss, _ = convolutional_network(
            tf, generator, arguments.dropout
        )
        rate = tf.placeholder_with_default(np.float32(arguments.learning_rate), [], name="rate")
        train_op = tf.train.AdamOptimizer(rate).minimize(loss)
        correct = tf.equal(tf.argmax(logits, 1), labels)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            train(
                sess,
                train_op,
                x,
                labels,
                training,
                images,
                train_labels[5000 : 5000 + arguments.images],
                arguments.epochs,
                arguments.batch_size,
                generator,
                rate,
                arguments.learning_rate,
            )
            test_loss, test_accuracy = sess.run(
                [loss, accuracy], {x: test, labels: test_labels[:1000]}
            )
    print(
        f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f} "
        f"after {arguments.epochs} epoch(s)"
    )


if __name__ == "__main__":
    main()
