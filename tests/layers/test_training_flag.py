"""Layers with a bool tensor `training` build a tf.cond as TensorFlow does: shapes stay
static (so a dense layer can follow) and only the taken branch runs."""

import numpy as np

import tinytf as tf


def test_dropout_and_batch_norm_with_a_training_placeholder_feed_a_dense_layer():
    # The pattern of the tutorials: a training flag fed at run time.
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    dropped = tf.layers.dropout(x, rate=0.5, training=training)
    normalized = tf.layers.batch_normalization(dropped, training=training)
    logits = tf.layers.dense(normalized, 3)
    assert dropped.name == "dropout/cond/Merge:0" and dropped.shape.as_list() == [None, 4]
    assert normalized.shape.as_list() == [None, 4] and logits.shape.as_list() == [None, 3]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [op.name for op in updates] == [
        "batch_normalization/cond_2/Merge",
        "batch_normalization/cond_3/Merge",
    ]
    with tf.control_dependencies(updates):
        step = tf.identity(logits)
    values = np.arange(8, dtype=np.float32).reshape(2, 4)
    moving_mean = tf.get_default_graph().get_tensor_by_name("batch_normalization/moving_mean:0")
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(step, {x: values})  # inference: no dropout, no update
        np.testing.assert_array_equal(session.run(moving_mean), np.zeros(4))
        np.testing.assert_array_equal(session.run(dropped, {x: values}), values)
        session.run(step, {x: values + 1.0, training: True})
        assert np.any(session.run(moving_mean) != 0.0)
        kept = session.run(dropped, {x: values + 1.0, training: True})
        assert set(np.unique(kept / (values + 1.0))) <= {0.0, 2.0}


def test_batch_norm_statistics_follow_the_flag():
    x = tf.placeholder(tf.float64, [None, 2])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, epsilon=0.0)
    values = np.array([[1.0, 2.0], [3.0, 6.0]])
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_allclose(session.run(y, {x: values, training: True}), [[-1, -1], [1, 1]])
        np.testing.assert_allclose(session.run(y, {x: values, training: False}), values)


def test_contrib_batch_norm_with_an_is_training_placeholder():
    x = tf.placeholder(tf.float32, [None, 3])
    is_training = tf.placeholder(tf.bool, [])
    y = tf.contrib.layers.batch_norm(x, is_training=is_training, decay=0.5)
    assert y.shape.as_list() == [None, 3]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    moving_mean = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        values = np.ones((2, 3), np.float32)
        session.run(updates, {x: values, is_training: False})
        np.testing.assert_array_equal(session.run(moving_mean), np.zeros(3))
        session.run(updates, {x: values, is_training: True})
        np.testing.assert_allclose(session.run(moving_mean), np.full(3, 0.5))


def test_nn_dropout_with_a_keep_prob_placeholder_keeps_the_shape_for_a_dense_layer():
    x = tf.placeholder(tf.float32, [None, 4])
    keep_prob = tf.placeholder(tf.float32)  # unknown shape, as tutorials write it
    dropped = tf.nn.dropout(x, keep_prob=keep_prob)
    assert dropped.shape.as_list() == [None, 4]
    logits = tf.layers.dense(dropped, 3)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        values = session.run(logits, {x: np.ones((2, 4)), keep_prob: 1.0})
    assert values.shape == (2, 3)
