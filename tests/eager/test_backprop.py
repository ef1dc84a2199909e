"""GradientTape: the registered gradient functions, run eagerly over the recorded ops."""

import numpy as np
import pytest


def test_gradient_of_a_variable_through_a_matmul(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    w = tf.Variable([[0.5], [-0.5]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
    grad = tape.gradient(loss, w)
    expected = 2 * x.numpy().T @ (x.numpy() @ np.array([[0.5], [-0.5]], np.float32))
    np.testing.assert_allclose(grad.numpy(), expected, rtol=1e-6)


def test_tensors_need_watching_and_unconnected_sources_get_none_or_zeros(tf):
    x = tf.constant(2.0)
    other = tf.constant(5.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 4.0
    assert tape.gradient(y, other) is None
    assert float(tape.gradient(y, other, unconnected_gradients="zero")) == 0.0


def test_nested_tapes_give_second_derivatives(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    assert float(dy) == 27.0
    assert float(outer.gradient(dy, x)) == 18.0


def test_a_non_persistent_tape_gives_one_set_of_gradients(tf):
    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x + x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(y, x)


def test_stop_recording_and_nested_sources(tf):
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = a * b
        with tape.stop_recording():
            z = a * 10.0
        y = y + z
    grads = tape.gradient(y, {"a": a, "pair": [b]})
    assert float(grads["a"]) == 2.0
    assert float(grads["pair"][0]) == 1.0
    assert set(map(id, tape.watched_variables())) == {id(a), id(b)}


def test_watch_accessed_variables_off(tf):
    v = tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = v * v
    assert tape.gradient(y, v) is None


def test_output_gradients_weight_the_targets(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 3.0
    grad = tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0]))
    np.testing.assert_array_equal(grad.numpy(), [3.0, 30.0])


def test_minimize_with_a_loss_function_trains_in_eager_mode(tf):
    w = tf.Variable(5.0)
    optimizer = tf.train.GradientDescentOptimizer(0.25)
    for _ in range(20):
        optimizer.minimize(lambda: tf.square(w - 1.0))
    assert abs(float(w.numpy()) - 1.0) < 1e-4
