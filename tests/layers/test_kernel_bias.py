"""KernelBiasLayer: Dense and the convolution layers share one set of kernel/bias settings."""

import numpy as np
import pytest

import tinytf as tf


def l2(weight):
    return tf.reduce_sum(tf.square(weight))


@pytest.mark.parametrize(
    "make_layer, inputs_shape",
    [
        (lambda **settings: tf.layers.Dense(3, **settings), [2, 4]),
        (lambda **settings: tf.layers.Conv2D(3, 2, **settings), [2, 4, 4, 1]),
        (lambda **settings: tf.layers.Conv2DTranspose(3, 2, **settings), [2, 4, 4, 1]),
    ],
)
def test_each_layer_honours_every_kernel_and_bias_setting(make_layer, inputs_shape):
    layer = make_layer(
        activation=tf.nn.relu,
        kernel_initializer=tf.ones_initializer(),
        bias_initializer=tf.constant_initializer(-0.5),
        kernel_regularizer=l2,
        bias_regularizer=l2,
        kernel_constraint=lambda w: w,
        trainable=False,
        name="layer",
    )
    outputs = layer(tf.ones(inputs_shape))
    assert outputs.op.type == "Relu"
    assert [v.name for v in layer.non_trainable_weights] == ["layer/kernel:0", "layer/bias:0"]
    assert layer.trainable_weights == [] and len(layer.losses) == 2
    assert layer.kernel_constraint is not None and layer.bias_constraint is None
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        bias, value = session.run([layer.bias, outputs])
    np.testing.assert_array_equal(bias, [-0.5] * 3)
    assert value.min() >= 0 and value.max() > 0


def test_settings_keep_their_positional_order_after_the_layers_own():
    dense = tf.layers.Dense(2, tf.nn.tanh, False)
    conv = tf.layers.Conv2D(2, 3, 1, "same", "channels_last", 1, tf.nn.tanh, False)
    for layer in (dense, conv):
        assert layer.activation is tf.nn.tanh and layer.use_bias is False
    assert conv.padding == "SAME" and dense.units == 2
    assert tf.layers.dense(tf.ones([1, 3]), 2, use_bias=False).op.type == "MatMul"


def test_unknown_settings_are_refused_by_name():
    with pytest.raises(TypeError, match="kernel_size"):
        tf.layers.Dense(2, kernel_size=3)
