"""tf.layers' convolution and pooling layers: variables, shapes, names and reuse."""

import numpy as np
import pytest

import tinytf as tf


def test_conv2d_creates_tensorflows_variables_and_ops():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    hidden = tf.layers.conv2d(x, 4, 5, padding="same", activation=tf.nn.relu)
    pooled = tf.layers.max_pooling2d(hidden, 2, 2)
    second = tf.layers.conv2d(pooled, 2, [3, 1], strides=(2, 1), use_bias=False)
    averaged = tf.layers.average_pooling2d(second, 2, 1, padding="same")
    assert hidden.name == "conv2d/Relu:0" and hidden.shape.as_list() == [None, 28, 28, 4]
    assert pooled.name == "max_pooling2d/MaxPool:0" and pooled.shape.as_list() == [None, 14, 14, 4]
    assert second.name == "conv2d_1/Conv2D:0" and second.shape.as_list() == [None, 6, 14, 2]
    assert averaged.name == "average_pooling2d/AvgPool:0"
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("conv2d/kernel:0", [5, 5, 1, 4]),
        ("conv2d/bias:0", [4]),
        ("conv2d_1/kernel:0", [3, 1, 4, 2]),
    ]


def test_transposed_and_separable_layers():
    x = tf.placeholder(tf.float32, [None, 7, 7, 3])
    up = tf.layers.conv2d_transpose(x, 2, 3, strides=2, padding="same")
    valid_up = tf.layers.Conv2DTranspose(2, 3, strides=2)(x)
    separable = tf.layers.separable_conv2d(x, 5, 3, depth_multiplier=2)
    assert up.shape.as_list() == [None, 14, 14, 2] and up.name == "conv2d_transpose/BiasAdd:0"
    assert valid_up.shape.as_list() == [None, 15, 15, 2]
    assert separable.shape.as_list() == [None, 5, 5, 5]
    names = {v.name: v.shape.as_list() for v in tf.global_variables()}
    assert names["conv2d_transpose/kernel:0"] == [3, 3, 2, 3]
    assert names["separable_conv2d/depthwise_kernel:0"] == [3, 3, 3, 2]
    assert names["separable_conv2d/pointwise_kernel:0"] == [1, 1, 6, 5]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        value = session.run(up, {x: np.ones((2, 7, 7, 3))})
    assert value.shape == (2, 14, 14, 2)


def test_a_conv_layer_shares_its_variables_when_called_again():
    layer = tf.layers.Conv2D(3, 3, padding="same", name="shared")
    first = layer(tf.ones([1, 5, 5, 2]))
    second = layer(tf.zeros([1, 5, 5, 2]))
    assert len(tf.global_variables()) == 2 and first.shape == second.shape
    reused = tf.layers.conv2d(tf.ones([1, 5, 5, 2]), 3, 3, name="shared", reuse=True)
    assert len(tf.global_variables()) == 2 and reused.shape.as_list() == [1, 3, 3, 3]


def test_channels_first_is_the_transposed_channels_last():
    image = np.random.default_rng(0).standard_normal((2, 6, 5, 3)).astype(np.float32)
    init = tf.constant_initializer(np.random.default_rng(1).standard_normal((3, 3, 3, 4)))
    last = tf.layers.conv2d(image, 4, 3, kernel_initializer=init)
    first = tf.layers.conv2d(
        image.transpose(0, 3, 1, 2), 4, 3, data_format="channels_first", kernel_initializer=init
    )
    pooled = tf.layers.max_pooling2d(first, 2, 2, data_format="channels_first")
    assert first.shape.as_list() == [2, 4, 4, 3] and pooled.shape.as_list() == [2, 4, 2, 1]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        a, b = session.run([last, first])
    np.testing.assert_allclose(b, a.transpose(0, 3, 1, 2), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "build, error",
    [
        (lambda: tf.layers.conv2d(tf.ones([2, 5, 5]), 3, 3), "expected ndim=4"),
        (lambda: tf.layers.conv2d(tf.ones([2, 5, 5, 1]), 3, 3, padding="full"), "padding"),
        (lambda: tf.layers.max_pooling2d(tf.ones([2, 5, 5, 1]), (2, 2, 2), 2), "pool_size"),
    ],
)
def test_bad_layer_arguments_fail_clearly(build, error):
    with pytest.raises(ValueError, match=error):
        build()
