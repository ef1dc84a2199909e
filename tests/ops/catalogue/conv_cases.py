"""Catalogue cases for the convolution, pooling and LRN ops and their backprop ops."""

import tinytf as tf
from tests.ops.catalogue.case import Case

_X = (1, 5, 4, 2)  # an odd height, batch 1
_W = (3, 2, 2, 3)
_EXPLICIT = [[0, 0], [1, 0], [2, 1], [0, 0]]


def _conv(**options):
    return lambda x, w: tf.nn.conv2d(x, w, **options)


def _conv_input_grad(x_shape, strides, padding):
    return lambda w, grad: tf.nn.conv2d_backprop_input(x_shape, w, grad, strides, padding)


def _conv_filter_grad(w_shape, strides, padding):
    return lambda x, grad: tf.nn.conv2d_backprop_filter(x, w_shape, grad, strides, padding)


def _depthwise(**options):
    return lambda x, w: tf.nn.depthwise_conv2d_native(x, w, **options)


def _pool_backprop(pool):
    return lambda x, grad: tf.gradients(pool(x), x, grad_ys=grad)[0]


def _max_pool_grad_grad(x, upstream, vector):
    pool_grad = tf.gradients(_max_pool(x), x, grad_ys=upstream)[0]
    return tf.gradients(pool_grad, upstream, grad_ys=vector)[0]


def _avg_pool_grad(grad):
    image = tf.zeros(_X, tf.float64)
    return tf.gradients(_avg_pool(image), image, grad_ys=grad)[0]


def _max_pool(x):
    return tf.nn.max_pool(x, [1, 3, 2, 1], [1, 2, 1, 1], "SAME")


def _avg_pool(x):
    return tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 1, 1], "SAME")


CASES = [
    Case("Conv2D", _conv(strides=[1, 1, 1, 1], padding="SAME"), [_X, _W], second_order=True),
    Case(
        "Conv2D",
        _conv(strides=[1, 2, 2, 1], padding="VALID"),
        [(2, 6, 5, 2), _W],
        label="Conv2D_strided_valid",
    ),
    Case(
        "Conv2D",
        _conv(strides=[1, 1, 1, 1], padding=_EXPLICIT, dilations=[1, 2, 1, 1]),
        [_X, _W],
        label="Conv2D_explicit_dilated",
        second_order=True,
    ),
    Case(
        "Conv2D",
        _conv(strides=[1, 1, 2, 1], padding="SAME", data_format="NCHW"),
        [(1, 2, 5, 4), _W],
        label="Conv2D_NCHW",
    ),
    Case(
        "Conv2D",
        _conv(strides=[1, 2, 1, 1], padding="SAME", dilations=[1, 1, 2, 1]),
        [(2, 5, 6, 1), (3, 2, 1, 3)],
        label="Conv2D_one_channel",
        second_order=True,
    ),
    Case(
        "Conv2DBackpropInput",
        _conv_input_grad([1, 5, 4, 2], [1, 2, 2, 1], "SAME"),
        [_W, (1, 3, 2, 3)],
        second_order=True,
    ),
    Case(
        "Conv2DBackpropFilter",
        _conv_filter_grad([3, 2, 2, 3], [1, 2, 1, 1], "VALID"),
        [_X, (1, 2, 3, 3)],
        second_order=True,
    ),
    Case(
        "DepthwiseConv2dNative",
        _depthwise(strides=[1, 1, 1, 1], padding="SAME"),
        [_X, (3, 2, 2, 2)],
        second_order=True,
    ),
    Case(
        "DepthwiseConv2dNative",
        _depthwise(strides=[1, 2, 1, 1], padding="VALID", dilations=[1, 1, 2, 1]),
        [(2, 5, 5, 2), (2, 2, 2, 1)],
        label="DepthwiseConv2dNative_strided_dilated",
    ),
    Case(
        "DepthwiseConv2dNativeBackpropInput",
        lambda w, grad: tf.nn.depthwise_conv2d_native_backprop_input(
            [1, 5, 4, 2], w, grad, [1, 2, 2, 1], "SAME"
        ),
        [(3, 2, 2, 2), (1, 3, 2, 4)],
        second_order=True,
    ),
    Case(
        "DepthwiseConv2dNativeBackpropFilter",
        lambda x, grad: tf.nn.depthwise_conv2d_native_backprop_filter(
            x, [3, 2, 2, 2], grad, [1, 1, 1, 1], "VALID"
        ),
        [_X, (1, 3, 3, 4)],
        second_order=True,
    ),
    Case("MaxPool", _max_pool, [_X], second_order=True),
    Case(
        "MaxPool",
        lambda x: tf.nn.max_pool(x, 2, 2, "VALID", data_format="NCHW"),
        [(1, 2, 5, 4)],
        label="MaxPool_NCHW",
    ),
    Case("MaxPoolGrad", _pool_backprop(_max_pool), [_X, (1, 3, 4, 2)], second_order=True),
    Case("MaxPoolGradGrad", _max_pool_grad_grad, [_X, (1, 3, 4, 2), _X]),
    Case(
        "MaxPool",
        lambda x: tf.nn.max_pool(x, 2, 2, "VALID"),
        [(2, 5, 4, 3)],
        label="MaxPool_tiling",
        second_order=True,
    ),
    Case("AvgPool", _avg_pool, [_X], second_order=True),
    Case(
        "AvgPool",
        lambda x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 2, 1], "VALID"),
        [(2, 5, 4, 2)],
        label="AvgPool_valid",
    ),
    Case("AvgPoolGrad", _avg_pool_grad, [(1, 3, 4, 2)], second_order=True),
    Case(
        "LRN",
        lambda x: tf.nn.lrn(x, depth_radius=2, bias=1.5, alpha=0.3, beta=0.75),
        [(1, 2, 3, 6)],
    ),
]
