"""tf.layers.batch_normalization / BatchNormalization: statistics, updates, names."""

import numpy as np
import pytest

import tinytf as tf

BATCH = np.array([[1, 2, 3], [4, 0, 1], [2, 2, 2], [0, 1, 5]], dtype=np.float32)


def names(variables):
    return [v.name for v in variables]


def normalise(x, mean, variance, epsilon=1e-3):
    return (x - mean) / np.sqrt(variance + epsilon)


def test_variables_names_and_collections():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(x, training=True)
    assert y.name == "batch_normalization/batchnorm/add_1:0"
    assert names(tf.global_variables()) == [
        "batch_normalization/gamma:0",
        "batch_normalization/beta:0",
        "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0",
    ]
    assert names(tf.trainable_variables()) == [
        "batch_normalization/gamma:0",
        "batch_normalization/beta:0",
    ]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [op.name for op in updates] == [
        "batch_normalization/AssignMovingAvg",
        "batch_normalization/AssignMovingAvg_1",
    ]
    assert all(op.type == "AssignSub" for op in updates)
    tf.layers.batch_normalization(x, training=True, center=False, scale=False)
    assert names(tf.global_variables())[-2:] == [
        "batch_normalization_1/moving_mean:0",
        "batch_normalization_1/moving_variance:0",
    ]


def test_training_uses_batch_statistics_and_only_update_ops_move_the_averages():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(x, training=True, momentum=0.9)
    moving_mean, moving_variance = tf.global_variables()[2:]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        output = session.run(y, {x: BATCH})
        unchanged = session.run([moving_mean, moving_variance])
        session.run(updates, {x: BATCH})
        mean_value, variance_value = session.run([moving_mean, moving_variance])
    data = BATCH.astype(np.float64)
    np.testing.assert_allclose(
        output, normalise(data, data.mean(0), data.var(0)), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_array_equal(unchanged[0], np.zeros(3))
    np.testing.assert_array_equal(unchanged[1], np.ones(3))
    np.testing.assert_allclose(mean_value, 0.1 * data.mean(0), rtol=1e-6)
    np.testing.assert_allclose(variance_value, 0.9 + 0.1 * data.var(0), rtol=1e-6)


def test_inference_uses_the_moving_statistics_and_adds_no_updates():
    x = tf.constant(BATCH)
    y = tf.layers.batch_normalization(
        x,
        moving_mean_initializer=tf.constant_initializer(1.0),
        moving_variance_initializer=tf.constant_initializer(4.0),
        gamma_initializer=tf.constant_initializer(2.0),
        beta_initializer=tf.constant_initializer(0.5),
    )
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_allclose(session.run(y), 2 * normalise(BATCH, 1.0, 4.0) + 0.5, rtol=1e-6)


def test_a_training_tensor_chooses_the_statistics_at_run_time():
    x = tf.placeholder(tf.float32, [None, 3])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
    moving_mean = tf.global_variables()[2]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2
    data = BATCH.astype(np.float64)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        inference, _ = session.run([y, updates], {x: BATCH, training: False})
        np.testing.assert_array_equal(session.run(moving_mean), np.zeros(3))
        trained, _ = session.run([y, updates], {x: BATCH, training: True})
        np.testing.assert_allclose(session.run(moving_mean), 0.5 * data.mean(0), rtol=1e-6)
    np.testing.assert_allclose(inference, normalise(data, 0.0, 1.0), rtol=1e-5)
    np.testing.assert_allclose(
        trained, normalise(data, data.mean(0), data.var(0)), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("batch", [2, None])
def test_four_d_inputs_update_the_variance_with_bessels_correction(batch):
    images = np.random.default_rng(0).random((2, 2, 2, 3)).astype(np.float32)
    x = tf.placeholder(tf.float32, [batch, 2, 2, 3])
    y = tf.layers.batch_normalization(x, training=True)
    moving_variance = tf.global_variables()[3]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run([y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)], {x: images})
        variance = session.run(moving_variance)
    unbiased = images.reshape(-1, 3).astype(np.float64).var(axis=0, ddof=1)
    np.testing.assert_allclose(variance, 0.99 + 0.01 * unbiased, rtol=1e-6)


def test_channels_first_axis():
    images = np.random.default_rng(1).random((4, 3, 2, 2)).astype(np.float32)
    y = tf.layers.batch_normalization(tf.constant(images), axis=1, training=True)
    assert tf.global_variables()[0].shape.as_list() == [3]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        output = session.run(y)
    data = images.astype(np.float64)
    mean, variance = data.mean((0, 2, 3), keepdims=True), data.var((0, 2, 3), keepdims=True)
    np.testing.assert_allclose(output, normalise(data, mean, variance), rtol=1e-4, atol=1e-5)


def test_gradients_reach_gamma_beta_and_inputs_but_not_moving_statistics():
    x = tf.constant(BATCH)
    y = tf.layers.batch_normalization(x, training=True)
    gamma, beta, moving_mean, moving_variance = tf.global_variables()
    weights = np.arange(12, dtype=np.float32).reshape(4, 3)
    grads = tf.gradients(tf.reduce_sum(y * weights), [x, gamma, beta, moving_mean, moving_variance])
    assert grads[3] is None and grads[4] is None
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        x_grad, gamma_grad, beta_grad = session.run(grads[:3])
    data = BATCH.astype(np.float64)
    normalised = normalise(data, data.mean(0), data.var(0))
    np.testing.assert_allclose(beta_grad, weights.sum(0), rtol=1e-6)
    np.testing.assert_allclose(gamma_grad, (weights * normalised).sum(0), rtol=1e-5)
    centred = weights - weights.mean(0)
    expected = (centred - normalised * (centred * normalised).mean(0)) / np.sqrt(data.var(0) + 1e-3)
    np.testing.assert_allclose(x_grad, expected, rtol=1e-4, atol=1e-5)


def test_reuse_shares_the_layer_variables():
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.batch_normalization(x, training=True, name="bn")
    tf.layers.batch_normalization(x, training=False, name="bn", reuse=True)
    assert len(tf.global_variables()) == 4
    with pytest.raises(ValueError, match="Input has undefined `axis` dimension"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, None]))
