"""tf.contrib.layers' conv2d, conv2d_transpose, max_pool2d and avg_pool2d."""

import numpy as np

import tinytf as tf

layers = tf.contrib.layers


def test_conv2d_has_contribs_defaults_and_names():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    hidden = layers.conv2d(x, 32, 5)
    pooled = layers.max_pool2d(hidden, 2)
    up = layers.conv2d_transpose(pooled, 3, 3, stride=2, activation_fn=None)
    averaged = layers.avg_pool2d(up, [2, 2], stride=1, padding="SAME")
    assert hidden.name == "Conv/Relu:0" and hidden.shape.as_list() == [None, 28, 28, 32]
    assert pooled.name == "MaxPool2D/MaxPool:0" and pooled.shape.as_list() == [None, 14, 14, 32]
    assert up.name == "Conv2d_transpose/BiasAdd:0" and up.shape.as_list() == [None, 28, 28, 3]
    assert averaged.name == "AvgPool2D/AvgPool:0"
    assert [(v.name, v.shape.as_list()) for v in tf.model_variables()] == [
        ("Conv/weights:0", [5, 5, 1, 32]),
        ("Conv/biases:0", [32]),
        ("Conv2d_transpose/weights:0", [3, 3, 3, 32]),
        ("Conv2d_transpose/biases:0", [3]),
    ]


def test_conv2d_with_a_normalizer_has_no_biases_and_rate_dilates():
    image = np.random.default_rng(0).standard_normal((2, 9, 9, 2)).astype(np.float32)
    out = layers.conv2d(
        image, 4, 3, rate=2, padding="VALID", normalizer_fn=layers.batch_norm, scope="block"
    )
    assert out.shape.as_list() == [2, 5, 5, 4]
    assert "block/biases:0" not in [v.name for v in tf.global_variables()]
    assert layers.convolution2d is layers.conv2d
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        assert np.all(session.run(out) >= 0)
