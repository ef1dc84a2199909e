"""The fused kernels of a convolutional layer (Conv2D + bias + Relu forward, MaxPoolGrad +
ReluGrad backward): optimized plans use them, with exactly the plain ops' values."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.client import executor
from tinytf.client.steps import CONST


def images(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def conv_layer(x, add="bias_add", relu=True, channels=4):
    kernel = tf.Variable(images((3, 3, int(x.shape[3]), channels), 1), name="kernel")
    bias = tf.Variable(images((channels,), 2) * 0.5, name="bias")
    h = tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME")
    h = tf.nn.bias_add(h, bias) if add == "bias_add" else h + bias
    return tf.nn.relu(h) if relu else h


def train_both_ways(loss, feed, steps=2):
    """The plan's step types and, for plain and optimized plans, the bytes of the loss and
    every variable after `steps` Adam steps; asserts both ways give the same bytes."""
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    fetches = [loss, *tf.global_variables()]
    results = {}
    for optimize in (False, True):
        with executor.optimizations(optimize):
            session = tf.Session()
            session.run(tf.global_variables_initializer())
            for _ in range(steps):
                session.run(train, feed)
            results[optimize] = [value.tobytes() for value in session.run(fetches, feed)]
            plans = [[_kind(step) for step in plan.steps] for plan in session._plans.values()]
    assert results[True] == results[False]
    (types,) = [types for types in plans if "ApplyAdam" in types]
    return types


def _kind(step):
    return "Const" if step.kind == CONST else step.type


@pytest.mark.parametrize(
    "add, relu, fused",
    [
        ("bias_add", True, "Conv2D+BiasAdd+Relu"),
        ("add", True, "Conv2D+AddV2+Relu"),
        ("bias_add", False, "Conv2D+BiasAdd"),
    ],
)
def test_a_conv_layer_trains_as_one_kernel_with_the_same_values(add, relu, fused):
    x = tf.placeholder(tf.float32, [None, 6, 5, 2])
    loss = tf.reduce_sum(tf.square(conv_layer(x, add, relu)))
    types = train_both_ways(loss, {x: images((2, 6, 5, 2))})
    assert fused in types and "Conv2DBackpropFilter+shared" in types


@pytest.mark.parametrize("channels", [1, 3])
def test_the_filter_gradient_reuses_the_forward_patches(channels):
    x = tf.placeholder(tf.float32, [None, 7, 6, channels])
    kernel = tf.Variable(images((3, 2, channels, 4), 1))
    h = tf.nn.conv2d(x, kernel, [1, 2, 1, 1], "SAME")
    types = train_both_ways(tf.reduce_sum(h * h), {x: images((2, 7, 6, channels))})
    assert "Conv2D" in types and "Conv2DBackpropFilter+shared" in types


def test_patches_of_another_window_are_made_again():
    x = tf.placeholder(tf.float32, [2, 6, 6, 2])
    conv = tf.nn.conv2d(x, tf.constant(images((3, 3, 2, 3), 1)), [1, 1, 1, 1], "VALID")
    grad = tf.placeholder(tf.float32, [2, 5, 5, 3])
    # The same attributes but a 2x2 filter: the forward's 3x3 patches do not fit.
    other = tf.nn.conv2d_backprop_filter(x, [2, 2, 2, 3], grad, [1, 1, 1, 1], "VALID")
    feed = {x: images((2, 6, 6, 2)), grad: images((2, 5, 5, 3), 2)}
    values = {}
    for optimize in (False, True):
        with executor.optimizations(optimize):
            session = tf.Session()
            values[optimize] = [value.tobytes() for value in session.run([conv, other], feed)]
            (plan,) = session._plans.values()
    assert values[True] == values[False]
    assert "Conv2DBackpropFilter+shared" in [step.type for step in plan.steps]


def test_no_sharing_across_a_write_to_the_convolved_variable():
    image = tf.Variable(images((1, 5, 5, 2)))
    kernel = tf.constant(images((3, 3, 2, 2), 1))
    conv = tf.nn.conv2d(image, kernel, [1, 1, 1, 1], "VALID")
    with tf.control_dependencies([conv]):
        write = tf.assign_add(image, tf.ones_like(image))
    with tf.control_dependencies([write]):
        grad = tf.nn.conv2d_backprop_filter(image, [3, 3, 2, 2], conv, [1, 1, 1, 1], "VALID")
    values = {}
    for optimize in (False, True):
        with executor.optimizations(optimize):
            session = tf.Session()
            session.run(tf.global_variables_initializer())
            values[optimize] = session.run(grad).tobytes()
            types = {step.type for plan in session._plans.values() for step in plan.steps}
    assert values[True] == values[False]
    assert "Conv2DBackpropFilter" in types and "Conv2DBackpropFilter+shared" not in types


def test_an_nchw_conv_layer_is_not_fused():
    x = tf.placeholder(tf.float32, [2, 2, 6, 5])
    kernel = tf.Variable(images((3, 3, 2, 4), 1))
    h = tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME", data_format="NCHW")
    h = tf.nn.relu(tf.nn.bias_add(h, tf.Variable(images((4,), 2)), data_format="NCHW"))
    types = train_both_ways(tf.reduce_sum(h), {x: images((2, 2, 6, 5))})
    assert "Conv2D" in types and "BiasAdd" in types


@pytest.mark.parametrize(
    "pool, size",
    [
        ((2, 2, "VALID"), (2, 8, 6, 2)),  # windows tiling the image
        ((2, 2, "VALID"), (2, 7, 5, 2)),  # the last row and column in no window
        ((3, 1, "SAME"), (1, 5, 6, 2)),  # overlapping windows, padded
    ],
)
def test_max_pool_and_relu_gradients_run_as_one_kernel_with_the_same_values(pool, size):
    x = tf.placeholder(tf.float32, [None, *size[1:]])
    # Rounded inputs make ties (and Relu's zeros tie too): the first maximum gets it all.
    h = tf.nn.max_pool(conv_layer(tf.round(x * 2)), pool[0], pool[1], pool[2])
    loss = tf.reduce_sum(h * tf.constant(images(h.shape.as_list()[1:], 3)))
    types = train_both_ways(loss, {x: images(size)})
    assert "MaxPoolGrad+ReluGrad" in types and "ReluGrad" not in types


def test_relu_gradient_by_other_features_than_the_pooled_ones():
    x, features = tf.placeholder(tf.float32, [2, 4, 4, 3]), tf.placeholder(tf.float32)
    pooled = tf.nn.max_pool(x, 2, 2, "VALID")
    pool_grad = tf.gradients(pooled, x, grad_ys=pooled * 3.0)[0]
    graph = tf.get_default_graph()
    out = graph.create_op("ReluGrad", [pool_grad, features], {}).outputs[0]
    feed = {x: images((2, 4, 4, 3)), features: images((2, 4, 4, 3), 5)}
    values = {}
    for optimize in (False, True):
        with executor.optimizations(optimize):
            session = tf.Session()
            values[optimize] = session.run([out, pool_grad], feed)
            (plan,) = session._plans.values()
    assert values[True][0].tobytes() == values[False][0].tobytes()
    np.testing.assert_array_equal(values[True][0], np.where(feed[features] > 0, values[True][1], 0))
    assert "MaxPoolGrad+ReluGrad" not in [step.type for step in plan.steps]  # grad fetched
    with executor.optimizations(True):
        session = tf.Session()
        fused = session.run(out, feed)
        (plan,) = session._plans.values()
    assert "MaxPoolGrad+ReluGrad" in [step.type for step in plan.steps]
    assert fused.tobytes() == values[False][0].tobytes()


def test_a_training_step_leaves_out_the_first_layers_input_gradient():
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    h = tf.nn.max_pool(conv_layer(x), 2, 2, "VALID")
    h = conv_layer(h, channels=3)
    types = train_both_ways(tf.reduce_sum(h), {x: images((2, 8, 8, 1))})
    # Only the second convolution's input gradient feeds anything trained.
    assert types.count("Conv2DBackpropInput") == 1
    assert types.count("Conv2DBackpropFilter+shared") == 2
