"""tf.contrib.layers: initializers, regularizers, fully_connected, batch_norm, flatten."""

import numpy as np
import pytest

import tinytf as tf

layers = tf.contrib.layers
BATCH = np.array([[1, 2, 3], [4, 0, 1], [2, 2, 2], [0, 1, 5]], dtype=np.float32)


def names(items):
    return [item.name for item in items]


def initial_value(initializer, shape):
    variable = tf.get_variable("w", shape, initializer=initializer)
    with tf.Session() as session:
        session.run(variable.initializer)
        return session.run(variable)


def test_xavier_initializer_is_glorot_uniform():
    weights = initial_value(layers.xavier_initializer(seed=1), [400, 200])
    limit = np.sqrt(6 / 600)
    assert np.abs(weights).max() <= limit
    assert abs(weights.std() - limit / np.sqrt(3)) < 0.01 * limit


def test_variance_scaling_initializer_draws_contribs_truncated_normal():
    weights = initial_value(layers.variance_scaling_initializer(), [500, 100])
    stddev = np.sqrt(1.3 * 2.0 / 500)
    assert np.abs(weights).max() <= 2 * stddev
    # A normal cut at two standard deviations keeps 0.88 of its standard deviation.
    assert abs(weights.std() - 0.8796 * stddev) < 0.02 * stddev


def test_xavier_normal_and_fan_out():
    weights = initial_value(
        layers.variance_scaling_initializer(factor=1.0, mode="FAN_OUT", uniform=True), [100, 300]
    )
    limit = np.float32(np.sqrt(3 / 300))  # a float32 draw may round up to the limit itself
    assert np.abs(weights).max() <= limit
    assert np.abs(weights).max() > 0.9 * limit


def test_initializer_argument_errors():
    with pytest.raises(TypeError, match="Cannot create initializer for non-floating point"):
        layers.xavier_initializer(dtype=tf.int32)
    with pytest.raises(TypeError, match="Unknown mode FAN_MAX"):
        layers.variance_scaling_initializer(mode="FAN_MAX")


def test_l1_and_l2_regularizers():
    values = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
    weights = tf.constant(values)
    l1 = layers.l1_regularizer(0.1)(weights)
    l2 = layers.l2_regularizer(0.1)(weights)
    both = layers.l1_l2_regularizer(0.1, 0.2)(weights)
    assert (l1.name, l2.name) == ("l1_regularizer:0", "l2_regularizer:0")
    assert both.name == "l1_l2_regularizer:0"
    with tf.Session() as session:
        l1_value, l2_value, both_value = session.run([l1, l2, both])
    np.testing.assert_allclose(l1_value, 0.1 * np.abs(values).sum(), rtol=1e-6)
    np.testing.assert_allclose(l2_value, 0.1 * (values**2).sum() / 2, rtol=1e-6)
    np.testing.assert_allclose(
        both_value, 0.1 * np.abs(values).sum() + 0.2 * (values**2).sum() / 2, rtol=1e-6
    )


def test_regularizer_scales_are_checked_and_zero_disables():
    assert layers.l2_regularizer(0.0)(tf.ones([2])) is None
    with pytest.raises(ValueError, match="Setting a scale less than 0 on a regularizer: -1"):
        layers.l1_regularizer(-1.0)
    with pytest.raises(ValueError, match="scale cannot be an integer: 1"):
        layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="scale_l2 cannot be an integer: 2"):
        layers.l1_l2_regularizer(0.5, 2)
    assert layers.sum_regularizer([None]) is None


def test_apply_regularization_sums_over_weights():
    first, second = tf.constant([1.0, -1.0]), tf.constant([2.0])
    total = layers.apply_regularization(layers.l1_regularizer(0.5), [first, second])
    assert total.name == "get_regularization_penalty:0"
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [total]
    with tf.Session() as session:
        assert session.run(total) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="No weights to regularize."):
        layers.apply_regularization(layers.l1_regularizer(0.5))
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, first)
    from_collection = layers.apply_regularization(layers.l2_regularizer(1.0))
    with tf.Session() as session:
        assert session.run(from_collection) == pytest.approx(1.0)


def test_fully_connected_names_defaults_and_collections():
    x = tf.placeholder(tf.float32, [None, 4])
    hidden = layers.fully_connected(x, 3)
    linear = layers.fully_connected(hidden, 2, activation_fn=None)
    assert hidden.name == "fully_connected/Relu:0"
    assert linear.name == "fully_connected_1/BiasAdd:0"
    expected = [
        "fully_connected/weights:0",
        "fully_connected/biases:0",
        "fully_connected_1/weights:0",
        "fully_connected_1/biases:0",
    ]
    assert names(tf.global_variables()) == expected
    assert names(tf.trainable_variables()) == expected
    assert names(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == expected
    values = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        weights, biases, output = session.run(tf.global_variables()[:2] + [hidden], {x: values})
    np.testing.assert_array_equal(biases, np.zeros(3))
    assert np.abs(weights).max() <= np.float32(np.sqrt(6 / 7))  # float32 may round up to it
    np.testing.assert_allclose(output, np.maximum(values @ weights, 0), rtol=1e-5)


def test_fully_connected_options():
    x = tf.placeholder(tf.float32, [None, 4])
    layers.fully_connected(
        x,
        3,
        biases_initializer=None,
        scope="no_bias",
        variables_collections={"weights": ["mine"]},
        outputs_collections=["outputs"],
        weights_regularizer=layers.l2_regularizer(0.1),
    )
    assert names(tf.global_variables()) == ["no_bias/weights:0"]
    assert names(tf.get_collection("mine")) == ["no_bias/weights:0"]
    assert names(tf.get_collection("outputs")) == ["no_bias/Relu:0"]
    assert names(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == [
        "no_bias/weights/Regularizer/l2_regularizer:0"
    ]
    shared = layers.fully_connected(x, 3, biases_initializer=None, scope="no_bias", reuse=True)
    assert len(tf.global_variables()) == 1 and shared.shape.as_list() == [None, 3]
    with pytest.raises(ValueError, match="num_outputs type should be one of"):
        layers.fully_connected(x, 3.0)


def test_fully_connected_with_a_normalizer_has_no_biases():
    x = tf.placeholder(tf.float32, [None, 4])
    y = layers.fully_connected(
        x, 2, normalizer_fn=layers.batch_norm, normalizer_params={"is_training": False}
    )
    assert y.name == "fully_connected/Relu:0"
    assert names(tf.global_variables()) == [
        "fully_connected/weights:0",
        "fully_connected/BatchNorm/beta:0",
        "fully_connected/BatchNorm/moving_mean:0",
        "fully_connected/BatchNorm/moving_variance:0",
    ]


def test_batch_norm_defaults_no_gamma_and_a_slow_decay():
    x = tf.placeholder(tf.float32, [None, 3])
    y = layers.batch_norm(x)
    assert y.name == "BatchNorm/batchnorm/add_1:0"
    assert names(tf.global_variables()) == [
        "BatchNorm/beta:0",
        "BatchNorm/moving_mean:0",
        "BatchNorm/moving_variance:0",
    ]
    assert names(tf.trainable_variables()) == ["BatchNorm/beta:0"]
    assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 3
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert names(updates) == ["BatchNorm/AssignMovingAvg:0", "BatchNorm/AssignMovingAvg_1:0"]
    moving_mean, moving_variance = tf.global_variables()[1:]
    data = BATCH.astype(np.float64)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        output = session.run(y, {x: BATCH})
        session.run(updates, {x: BATCH})
        mean_value, variance_value = session.run([moving_mean, moving_variance])
    np.testing.assert_allclose(
        output, (data - data.mean(0)) / np.sqrt(data.var(0) + 1e-3), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(mean_value, 0.001 * data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(variance_value, 0.999 + 0.001 * data.var(0, ddof=1), rtol=1e-6)


def test_batch_norm_in_place_updates_and_inference():
    x = tf.placeholder(tf.float32, [None, 3])
    y = layers.batch_norm(x, updates_collections=None, decay=0.5, scale=True)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    assert "BatchNorm/gamma:0" in names(tf.trainable_variables())
    moving_mean = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[2]
    assert moving_mean.name == "BatchNorm/moving_mean:0"
    inference = layers.batch_norm(x, is_training=False, scope="BatchNorm", reuse=True, scale=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(y, {x: BATCH})
        np.testing.assert_allclose(session.run(moving_mean), 0.5 * BATCH.mean(0), rtol=1e-6)
        result = session.run(inference, {x: BATCH})
    np.testing.assert_allclose(
        result,
        (BATCH - 0.5 * BATCH.mean(0))
        / np.sqrt(0.5 + 0.5 * BATCH.astype(np.float64).var(0, ddof=1) + 1e-3),
        rtol=1e-5,
    )


def test_batch_norm_with_a_training_tensor_and_channels_first():
    images = np.random.default_rng(2).random((4, 3, 2, 2)).astype(np.float32)
    is_training = tf.placeholder(tf.bool, [])
    y = layers.batch_norm(images, is_training=is_training, data_format="NCHW")
    moving_mean = tf.global_variables()[1]
    assert moving_mean.shape.as_list() == [3]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    data = images.astype(np.float64)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        inference, _ = session.run([y, updates], {is_training: False})
        np.testing.assert_array_equal(session.run(moving_mean), np.zeros(3))
        trained = session.run(y, {is_training: True})
    np.testing.assert_allclose(inference, data / np.sqrt(1 + 1e-3), rtol=1e-5)
    mean = data.mean((0, 2, 3), keepdims=True)
    variance = data.var((0, 2, 3), keepdims=True)
    np.testing.assert_allclose(
        trained, (data - mean) / np.sqrt(variance + 1e-3), rtol=1e-4, atol=1e-5
    )


def test_flatten_and_the_contrib_namespace():
    flat = layers.flatten(tf.ones([2, 3, 4]))
    assert flat.name == "Flatten/flatten/Reshape:0" and flat.shape.as_list() == [2, 12]
    with pytest.raises(ValueError, match="data_format has to be either NCHW or NHWC."):
        layers.batch_norm(tf.ones([2, 3]), data_format="NDHWC")
