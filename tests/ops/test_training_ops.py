"""The fused update ops themselves: in-place writes, inputs left alone, TF's checks."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import adaptive_training_ops, training_ops


def test_apply_adam_updates_variable_and_slots_and_returns_the_variable():
    var = tf.Variable([1.0, -2.0], dtype=tf.float64, name="var")
    m = tf.Variable([0.1, 0.2], dtype=tf.float64, name="m")
    v = tf.Variable([0.3, 0.4], dtype=tf.float64, name="v")
    grad = tf.placeholder(tf.float64, [2])
    scalars = [tf.constant(x, tf.float64) for x in (0.5, 0.25, 0.01, 0.9, 0.999, 1e-8)]
    updated = adaptive_training_ops.apply_adam(var, m, v, *scalars, grad)
    assert updated.op.type == "ApplyAdam" and updated.op.name == "ApplyAdam"
    assert updated.dtype == tf.float64 and updated.shape.as_list() == [2]
    gradient = np.array([0.5, -1.5])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        result = sess.run(updated, {grad: gradient})
        new_m = np.array([0.1, 0.2]) * 0.9 + 0.1 * gradient
        new_v = np.array([0.3, 0.4]) * 0.999 + 0.001 * gradient**2
        step = 0.01 * np.sqrt(1 - 0.25) / (1 - 0.5) * new_m / (np.sqrt(new_v) + 1e-8)
        np.testing.assert_allclose(result, [1.0, -2.0] - step, rtol=1e-12)
        np.testing.assert_allclose(sess.run(m), new_m, rtol=1e-12)
        np.testing.assert_allclose(sess.run(v), new_v, rtol=1e-12)
        np.testing.assert_array_equal(gradient, [0.5, -1.5])


def test_the_gradient_may_be_the_variable_itself():
    var = tf.Variable([2.0, 4.0], name="var")
    step = training_ops.apply_gradient_descent(var, tf.constant(0.25), var.value())
    with tf.Session() as sess:
        sess.run(var.initializer)
        sess.run(step)
        np.testing.assert_array_equal(sess.run(var), [1.5, 3.0])


def test_python_numbers_take_the_variable_dtype():
    var = tf.Variable([2.0, 4.0], dtype=tf.float64, name="var")
    step = training_ops.apply_gradient_descent(var, 0.5, [1.0, 2.0])
    assert [t.dtype for t in step.op.inputs] == [tf.float64] * 3
    with tf.Session() as sess:
        sess.run(var.initializer)
        np.testing.assert_array_equal(sess.run(step), [1.5, 3.0])


def test_only_variables_can_be_updated():
    with pytest.raises(TypeError, match="'ApplyGradientDescent' updates variables in place"):
        training_ops.apply_gradient_descent(
            tf.constant([1.0]), tf.constant(0.1), tf.constant([1.0])
        )


def test_hyper_parameters_must_be_scalars_of_the_variable_dtype():
    var = tf.Variable([1.0, 2.0], name="var")
    accum = tf.Variable([0.0, 0.0], name="accum")
    grad = tf.constant([1.0, 1.0])
    with pytest.raises(
        ValueError, match="Shape must be rank 0 but is rank 1 for input 'lr' of 'ApplyMomentum'"
    ):
        training_ops.apply_momentum(var, accum, tf.constant([0.1, 0.1]), grad, tf.constant(0.9))
    with pytest.raises(
        TypeError,
        match="Input 'momentum' of 'ApplyMomentum' Op has type "
        "float64 that does not match type float32",
    ):
        training_ops.apply_momentum(
            var, accum, tf.constant(0.1), grad, tf.constant(0.9, tf.float64)
        )


def test_a_gradient_of_another_shape_fails_at_run_time():
    var = tf.Variable([1.0, 2.0], validate_shape=False, name="var")
    grad = tf.placeholder(tf.float32)
    step = training_ops.apply_gradient_descent(var, tf.constant(0.1), grad)
    with tf.Session() as sess:
        sess.run(var.initializer)
        with pytest.raises(
            tf.errors.InvalidArgumentError,
            match=r"var and grad do not have the same shape\[2\] \[3\]",
        ):
            sess.run(step, {grad: [1.0, 2.0, 3.0]})


def test_update_ops_have_no_gradient():
    var = tf.Variable([1.0, 2.0], name="var")
    rate = tf.constant(0.1)
    step = training_ops.apply_gradient_descent(var, rate, tf.constant([1.0, 1.0]))
    assert tf.gradients(step, [rate]) == [None]
