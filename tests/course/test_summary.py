"""Model summary numbers: shapes, parameters and multiply-adds per layer."""

import numpy as np

import tinytf as tf
from tinytf.course.summary import model_summary


def test_mlp_summary():
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    hidden = tf.layers.dense(x, 512, activation=tf.nn.relu, name="hidden1")
    hidden = tf.layers.dense(hidden, 256, activation=tf.nn.relu, name="hidden2")
    logits = tf.layers.dense(hidden, 10, name="output")
    tf.train.AdamOptimizer().minimize(tf.reduce_sum(logits))  # its slots are not the model's
    summary = model_summary(x, logits)
    assert [layer.name for layer in summary.layers] == ["hidden1", "hidden2", "output"]
    assert [layer.output_shape for layer in summary.layers] == [
        [None, 512],
        [None, 256],
        [None, 10],
    ]
    assert [layer.parameters for layer in summary.layers] == [
        784 * 512 + 512,
        512 * 256 + 256,
        2570,
    ]
    assert [layer.multiply_adds for layer in summary.layers] == [784 * 512, 512 * 256, 2560]
    assert summary.parameters == 535818 and summary.multiply_adds == 535040
    assert summary.non_trainable == 0
    text = summary.table().text()
    assert "2,143,272 bytes" in text and "total" in text


def test_unscoped_variables_and_batch_norm():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.name_scope("linear"):
        weights = tf.Variable(np.ones((3, 4), np.float32), name="W")
        bias = tf.Variable(np.zeros(4, np.float32), name="b")
        hidden = tf.matmul(x, weights) + bias
    normalised = tf.layers.batch_normalization(hidden, training=True)
    output = tf.tanh(normalised)
    summary = model_summary(x, output)
    names = [layer.name for layer in summary.layers]
    assert names == ["linear", "batch_normalization", "Tanh"]
    linear, batch_norm, tanh = summary.layers
    assert (linear.parameters, linear.multiply_adds) == (16, 12)
    assert (batch_norm.parameters, batch_norm.output_shape) == (8, [None, 4])
    assert (tanh.parameters, tanh.multiply_adds) == (0, 0)
    assert summary.non_trainable == 8  # the moving mean and variance
