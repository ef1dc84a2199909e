"""tf.layers.dense / Dense, dropout / Dropout and flatten / Flatten."""

import numpy as np
import pytest

import tinytf as tf


def names(variables):
    return [v.name for v in variables]


def test_dense_variables_names_and_collections():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    hidden = tf.layers.dense(x, 3, activation=tf.nn.relu)
    logits = tf.layers.dense(hidden, 2)
    assert hidden.name == "dense/Relu:0" and logits.name == "dense_1/BiasAdd:0"
    assert logits.shape.as_list() == [None, 2]
    expected = ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert names(tf.global_variables()) == expected
    assert names(tf.trainable_variables()) == expected
    kernel = tf.global_variables()[0]
    assert kernel.shape.as_list() == [4, 3]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("dense/MatMul").type == "MatMul"
    assert graph.get_operation_by_name("dense/BiasAdd").type == "BiasAdd"


def test_dense_computes_activation_of_x_w_plus_b():
    x_value = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    x = tf.constant(x_value)
    y = tf.layers.dense(x, 3, activation=tf.nn.relu, bias_initializer=tf.ones_initializer())
    kernel, bias = tf.trainable_variables()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        y_value, kernel_value, bias_value = session.run([y, kernel, bias])
    np.testing.assert_array_equal(bias_value, np.ones(3))
    np.testing.assert_allclose(y_value, np.maximum(x_value @ kernel_value + 1, 0), rtol=1e-5)


def test_dense_kernel_is_glorot_uniform_by_default():
    tf.layers.dense(tf.ones([2, 300]), 200)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        kernel = session.run(tf.trainable_variables()[0])
    limit = np.sqrt(6 / (300 + 200))
    assert np.abs(kernel).max() <= limit
    assert abs(kernel.std() - limit / np.sqrt(3)) < 0.01 * limit


def test_named_layers_share_variables_with_reuse():
    x = tf.placeholder(tf.float32, [None, 4])
    first = tf.layers.dense(x, 3, name="foo")
    second = tf.layers.dense(x, 3, name="foo", reuse=True)
    assert first.name == "foo/BiasAdd:0" and second.name == "foo_1/BiasAdd:0"
    assert names(tf.global_variables()) == ["foo/kernel:0", "foo/bias:0"]
    with pytest.raises(ValueError, match="Variable foo/kernel already exists, disallowed"):
        tf.layers.dense(x, 3, name="foo")
    with tf.variable_scope("outer"):
        nested = tf.layers.dense(x, 3)
    assert nested.name == "outer/dense/BiasAdd:0"
    assert "outer/dense/kernel:0" in names(tf.global_variables())


def test_a_dense_object_creates_its_variables_once():
    layer = tf.layers.Dense(5, use_bias=False, name="projection")
    x = tf.placeholder(tf.float32, [None, 4])
    first, second = layer(x), layer(x)
    assert (first.name, second.name) == ("projection/MatMul:0", "projection/MatMul_1:0")
    assert layer.kernel.name == "projection/kernel:0" and layer.bias is None
    assert layer.trainable_variables == [layer.kernel] == layer.weights
    assert names(tf.global_variables()) == ["projection/kernel:0"]
    unnamed = [tf.layers.Dense(2), tf.layers.Dense(2)]
    assert [layer.name for layer in unnamed] == ["dense", "dense_1"]


def test_dense_regularizers_and_untrainable_layers():
    x = tf.ones([2, 3])
    tf.layers.dense(
        x,
        4,
        kernel_regularizer=lambda w: tf.reduce_sum(tf.square(w)),
        bias_regularizer=lambda b: tf.reduce_sum(b),
        trainable=False,
    )
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [loss.name for loss in losses] == [
        "dense/kernel/Regularizer/Sum:0",
        "dense/bias/Regularizer/Sum:0",
    ]
    assert tf.trainable_variables() == []
    kernel = tf.global_variables()[0]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        kernel_value, penalty = session.run([kernel, losses[0]])
    np.testing.assert_allclose(penalty, np.sum(kernel_value**2), rtol=1e-5)


def test_dense_on_rank_three_inputs_multiplies_the_last_axis():
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    y = tf.layers.dense(values, 2, kernel_initializer=tf.ones_initializer())
    assert y.shape.as_list() == [2, 3, 2]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_allclose(
            session.run(y), values.sum(axis=2, keepdims=True).repeat(2, axis=2)
        )


def test_dense_needs_a_known_last_dimension():
    with pytest.raises(
        ValueError,
        match="The last dimension of the inputs to `Dense` should be defined. Found `None`.",
    ):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 3)


def test_dropout_in_training_and_inference():
    x = tf.ones([1000])
    inference = tf.layers.dropout(x, rate=0.4)
    training = tf.layers.dropout(x, rate=0.4, training=True, seed=2)
    assert inference.name == "dropout/Identity:0"
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(inference), np.ones(1000))
        dropped = session.run(training)
    assert set(np.unique(dropped)) <= {0.0, np.float32(1 / 0.6)}
    assert abs((dropped == 0).mean() - 0.4) < 0.06


def test_dropout_with_a_training_tensor():
    x = tf.ones([500])
    is_training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, rate=0.5, training=is_training)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(y, {is_training: False}), np.ones(500))
        dropped = session.run(y, {is_training: True})
    assert set(np.unique(dropped)) == {0.0, 2.0}


def test_dropout_rate_is_checked():
    with pytest.raises(ValueError, match="Invalid value 1.5 received for `rate`"):
        tf.layers.Dropout(1.5)


def test_flatten_keeps_the_batch_dimension():
    x = tf.placeholder(tf.float32, [None, 2, 3])
    flat = tf.layers.flatten(x)
    assert flat.name == "flatten/Reshape:0" and flat.shape.as_list() == [None, 6]
    values = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    channels_first = tf.layers.Flatten(data_format="channels_first")(values)
    ragged = tf.placeholder(tf.float32, [None, None, 2])
    unknown = tf.layers.flatten(ragged)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(flat, {x: values}), values.reshape(2, 6))
        np.testing.assert_array_equal(
            session.run(channels_first), values.transpose(0, 2, 1).reshape(2, 6)
        )
        result = session.run(unknown, {ragged: np.ones((3, 4, 2))})
    assert result.shape == (3, 8)
