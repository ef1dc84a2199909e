"""tf.nn.lrn against the sum of squares over a window of channels, written out."""

import numpy as np

import tinytf as tf


def run(tensor):
    with tf.Session() as session:
        return session.run(tensor)


def test_lrn_divides_by_the_window_of_squares_across_channels():
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 7))
    radius, bias, alpha, beta = 2, 1.5, 0.3, 0.75
    squares = np.stack(
        [np.sum(x[..., max(c - radius, 0) : c + radius + 1] ** 2, axis=-1) for c in range(7)],
        axis=-1,
    )
    with tf.Graph().as_default():
        y = tf.nn.lrn(x, radius, bias, alpha, beta)
        value = run(y)
    assert y.op.type == "LRN"
    np.testing.assert_allclose(value, x / (bias + alpha * squares) ** beta, rtol=1e-12)


def test_lrns_gradient_op_has_no_gradient():
    # TensorFlow registers none either (it raises LookupError); tinytf gives None.
    with tf.Graph().as_default():
        x = tf.constant(np.ones((1, 1, 1, 3)))
        grad = tf.gradients(tf.nn.lrn(x), x)[0]
        assert grad.op.type == "LRNGrad"
        assert tf.gradients(grad, x) == [None]
