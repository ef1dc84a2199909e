"""tf.nn's convolutions against a direct NumPy sum over the filter taps."""

import numpy as np
import pytest

import tinytf as tf


def reference_conv(x, w, strides, pads, dilations):
    """NHWC cross-correlation by an explicit sum over the taps (no im2col)."""
    (top, bottom), (left, right) = pads
    x = np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
    kernel_h, kernel_w = w.shape[:2]
    out_h = (x.shape[1] - (kernel_h - 1) * dilations[0] - 1) // strides[0] + 1
    out_w = (x.shape[2] - (kernel_w - 1) * dilations[1] - 1) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, w.shape[3]))
    for a in range(kernel_h):
        for b in range(kernel_w):
            rows = slice(
                a * dilations[0], a * dilations[0] + (out_h - 1) * strides[0] + 1, strides[0]
            )
            cols = slice(
                b * dilations[1], b * dilations[1] + (out_w - 1) * strides[1] + 1, strides[1]
            )
            out += x[:, rows, cols] @ w[a, b]
    return out


def run(tensor, feed=None):
    with tf.Session() as session:
        return session.run(tensor, feed)


CONFIGS = [
    # (input shape, kernel shape, strides, padding, dilations, reference pads)
    ((2, 7, 6, 3), (3, 3, 3, 4), (1, 1), "SAME", (1, 1), ((1, 1), (1, 1))),
    ((1, 7, 6, 3), (3, 2, 3, 2), (2, 3), "VALID", (1, 1), ((0, 0), (0, 0))),
    ((2, 8, 5, 1), (4, 4, 1, 2), (2, 2), "SAME", (1, 1), ((1, 2), (1, 2))),
    ((2, 9, 9, 2), (3, 3, 2, 2), (1, 1), "SAME", (2, 3), ((2, 2), (3, 3))),
    (
        (1, 5, 6, 2),
        (2, 3, 2, 3),
        (1, 2),
        [[0, 0], [2, 0], [1, 3], [0, 0]],
        (1, 1),
        ((2, 0), (1, 3)),
    ),
]


@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_conv2d_matches_the_direct_sum(config):
    x_shape, w_shape, strides, padding, dilations, pads = config
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    with tf.Graph().as_default():
        y = tf.nn.conv2d(x, w, [1, *strides, 1], padding, dilations=[1, *dilations, 1])
        value = run(y)
    expected = reference_conv(x, w, strides, pads, dilations)
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_allclose(value, expected, rtol=1e-10, atol=1e-12)


def test_float32_stays_float32_and_nchw_is_the_transposed_nhwc():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 6, 5, 3)).astype(np.float32)
    with tf.Graph().as_default():
        w = tf.constant(rng.standard_normal((3, 3, 3, 4)).astype(np.float32))
        nhwc = tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME")
        nchw = tf.nn.conv2d(x.transpose(0, 3, 1, 2), w, [1, 1, 2, 1], "SAME", data_format="NCHW")
        grads = tf.gradients(nchw, w) + tf.gradients(nhwc, w)
        a, b, grad_nchw, grad_nhwc = run([nhwc, nchw, *grads])
    assert a.dtype == np.float32 and nchw.shape.as_list() == [2, 4, 3, 5]
    np.testing.assert_allclose(b, a.transpose(0, 3, 1, 2), rtol=1e-5)
    np.testing.assert_allclose(grad_nchw, grad_nhwc, rtol=1e-5)


def test_conv2d_transpose_is_the_adjoint_of_conv2d():
    # <conv(x), y> == <x, conv_transpose(y)> for every x and y.
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((2, 7, 6, 3)), rng.standard_normal((3, 3, 3, 4))
    with tf.Graph().as_default():
        y = tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME")
        grad = rng.standard_normal(y.shape.as_list())
        back = tf.nn.conv2d_transpose(grad, w, [2, 7, 6, 3], [1, 2, 2, 1], "SAME")
        forward, backward = run([y, back])
    assert back.name == "conv2d_transpose:0" and back.op.type == "Conv2DBackpropInput"
    np.testing.assert_allclose(np.sum(forward * grad), np.sum(x * backward), rtol=1e-10)


def test_depthwise_and_separable_convolutions_convolve_each_channel_alone():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 6, 5, 3))
    depthwise, pointwise = rng.standard_normal((3, 3, 3, 2)), rng.standard_normal((1, 1, 6, 4))
    expected = np.stack(
        [
            reference_conv(x[..., [c]], depthwise[:, :, [c], :], (1, 1), ((1, 1), (1, 1)), (1, 1))
            for c in range(3)
        ],
        axis=3,
    ).reshape(2, 6, 5, 6)
    with tf.Graph().as_default():
        out = tf.nn.depthwise_conv2d(x, depthwise, [1, 1, 1, 1], "SAME")
        separable = tf.nn.separable_conv2d(x, depthwise, pointwise, [1, 1, 1, 1], "SAME")
        got, got_separable = run([out, separable])
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    np.testing.assert_allclose(got_separable, expected @ pointwise[0, 0], rtol=1e-10)
    assert separable.op.inputs[0].op.name == "separable_conv2d/depthwise"


def test_atrous_conv2d_is_a_dilated_convolution():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((1, 9, 8, 2)), rng.standard_normal((3, 3, 2, 2))
    with tf.Graph().as_default():
        value = run(tf.nn.atrous_conv2d(x, w, 2, "VALID"))
    np.testing.assert_allclose(value, reference_conv(x, w, (1, 1), ((0, 0), (0, 0)), (2, 2)))


def test_second_order_gradients_flow_through_the_backprop_ops():
    rng = np.random.default_rng(5)
    with tf.Graph().as_default():
        x = tf.constant(rng.standard_normal((1, 5, 5, 2)))
        w = tf.constant(rng.standard_normal((3, 3, 2, 2)))
        loss = tf.reduce_sum(tf.square(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")))
        grad_w = tf.gradients(loss, w)[0]
        hessian_part = tf.gradients(tf.reduce_sum(grad_w), x)[0]
    assert grad_w.op.type == "Conv2DBackpropFilter"
    assert hessian_part.shape.as_list() == [1, 5, 5, 2]


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: tf.nn.conv2d(tf.ones([2, 7, 8, 3]), tf.ones([3, 3, 4, 4]), 1, "SAME"),
            r"Depth of input \(3\) is not a multiple of input depth of filter \(4\)",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([2, 7, 8]), tf.ones([3, 3, 3, 4]), 1, "SAME"),
            "Shape must be rank 4 but is rank 3 for 'Conv2D'",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([2, 2, 2, 3]), tf.ones([3, 3, 3, 4]), 1, "VALID"),
            "Negative dimension size caused by subtracting 3 from 2 for 'Conv2D'",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([2, 7, 8, 3]), tf.ones([3, 3, 3, 4]), [1, 1, 1], "SAME"),
            "strides should be of length 1, 2 or 4",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([2, 7, 8, 3]), tf.ones([3, 3, 3, 4]), 1, "FOO"),
            "padding must be one of SAME, VALID",
        ),
    ],
)
def test_bad_convolutions_fail_when_built(build, message):
    with tf.Graph().as_default(), pytest.raises(ValueError, match=message):
        build()


def test_a_fed_depth_mismatch_fails_when_run():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, None, None, None])
        y = tf.nn.conv2d(x, tf.ones([3, 3, 4, 2]), [1, 1, 1, 1], "SAME")
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(y, {x: np.ones((1, 5, 5, 3))})
