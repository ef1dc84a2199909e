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


def test_tf_gradients_is_refused_in_eager_mode(tf):
    with pytest.raises(RuntimeError, match="Use tf.GradientTape instead"):
        tf.gradients(tf.constant(1.0), tf.constant(2.0))


def test_a_persistent_tape_differentiates_its_own_gradient_inside_its_block(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * x
        dy = tape.gradient(y, x)
        d2y = tape.gradient(dy, x)
    assert (float(dy), float(d2y)) == (27.0, 18.0)


def test_a_tape_watches_the_variables_in_the_trainable_collection_as_it_is_now(tf):
    kept, frozen, later = (tf.Variable(float(value)) for value in (2.0, 3.0, 4.0))
    untrainable = tf.Variable(5.0, trainable=False)
    tf.get_collection_ref(tf.GraphKeys.TRAINABLE_VARIABLES).remove(frozen)
    with tf.GradientTape() as tape:
        loss = kept * frozen * untrainable
    assert tape.watched_variables() == (kept,)
    assert tape.gradient(loss, [kept, frozen, untrainable])[1:] == [None, None]
    tf.get_default_graph().clear_collection(tf.GraphKeys.TRAINABLE_VARIABLES)
    tf.add_to_collection(tf.GraphKeys.TRAINABLE_VARIABLES, later)
    with tf.GradientTape() as tape:
        loss = kept * later
    assert tape.watched_variables() == (later,)
    assert float(tape.gradient(loss, later)) == 2.0


def test_eager_tensors_take_the_shape_of_their_values(tf):
    known = tf.matmul(tf.ones([2, 3]), tf.ones([3, 4]))
    computed = tf.reshape(tf.ones([6]), tf.constant([-1, 2]))
    reference = tf.Variable(np.zeros((2, 2), np.float32))._variable
    assert known.shape.as_list() == [2, 4] and known.dtype == tf.float32
    assert computed.shape.as_list() == [3, 2]
    assert reference.shape.as_list() == [2, 2]
