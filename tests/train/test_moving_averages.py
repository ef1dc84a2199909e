"""ExponentialMovingAverage: shadow variables, TF's update rule, num_updates, zero debias."""

import numpy as np
import pytest

import tinytf as tf


def test_shadow_variables_are_named_and_collected_as_in_tensorflow():
    w = tf.Variable([1.0, 2.0], name="w")
    b = tf.Variable(3.0, name="b")
    ema = tf.train.ExponentialMovingAverage(0.9)
    assert ema.average(w) is None
    assert ema.average_name(w) == "w/ExponentialMovingAverage"
    update = ema.apply([w, b])
    assert update.name == "ExponentialMovingAverage" and update.type == "NoOp"
    assert ema.average(w).name == "w/ExponentialMovingAverage:0"
    assert ema.average_name(b) == "b/ExponentialMovingAverage"
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == [w, b]
    assert tf.trainable_variables() == [w, b]
    assert [v.name for v in tf.global_variables()] == [
        "w:0",
        "b:0",
        "w/ExponentialMovingAverage:0",
        "b/ExponentialMovingAverage:0",
    ]


def test_averages_follow_the_variables_with_tensorflow_rule():
    w = tf.Variable([1.0, -2.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.75)
    update = ema.apply([w])
    new_value = tf.placeholder(tf.float32, [2])
    set_w = w.assign(new_value)
    expected = np.array([1.0, -2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(ema.average(w)), expected)
        for value in ([2.0, 0.0], [4.0, 4.0], [0.0, 1.0]):
            sess.run(set_w, {new_value: value})
            sess.run(update)
            expected = expected - (expected - np.array(value)) * (1 - 0.75)
            np.testing.assert_allclose(sess.run(ema.average(w)), expected, rtol=1e-6)


def test_num_updates_speeds_up_the_first_averages():
    w = tf.Variable(0.0, dtype=tf.float64, name="w")
    count = tf.Variable(0, name="count")
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=count)
    update = ema.apply([w])
    step = tf.group(w.assign_add(1.0), count.assign_add(1))
    expected = 0.0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for n in range(4):
            sess.run(update)
            decay = min(np.float32(0.99), np.float32((1.0 + n) / (10.0 + n)))
            expected -= (expected - float(n)) * (1 - float(decay))
            assert sess.run(ema.average(w)) == pytest.approx(expected, rel=1e-6)
            assert sess.run(ema.average(w)).dtype == np.float64
            sess.run(step)


def test_zero_debias_corrects_averages_of_tensors():
    x = tf.placeholder(tf.float32, [2])
    doubled = 2.0 * x
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
    update = ema.apply([doubled])
    average = ema.average(doubled)
    assert average.name == "mul/ExponentialMovingAverage:0"
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == []
    biased, steps = np.zeros(2), 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for value in ([1.0, 2.0], [3.0, -1.0], [0.5, 0.5]):
            sess.run(update, {x: value})
            biased = 0.5 * biased + 0.5 * 2.0 * np.array(value)
            steps += 1
            np.testing.assert_allclose(sess.run(average), biased / (1 - 0.5**steps), rtol=1e-6)


def test_without_zero_debias_tensor_averages_start_at_zero():
    x = tf.placeholder(tf.float32, [])
    shifted = x + 1.0
    ema = tf.train.ExponentialMovingAverage(0.5)
    update = ema.apply([shifted])
    assert [v.name for v in tf.global_variables()] == ["add/ExponentialMovingAverage:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(update, {x: 3.0})
        assert sess.run(ema.average(shifted)) == pytest.approx(2.0)


def test_variables_to_restore_maps_shadow_names_to_the_model():
    w = tf.Variable(1.0, name="w")
    step = tf.Variable(0, name="step", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([w])
    mapping = ema.variables_to_restore()
    assert mapping == {"w/ExponentialMovingAverage": w, "step": step}


def test_only_floating_variables_are_averaged():
    counter = tf.Variable(0, name="counter")
    with pytest.raises(TypeError, match="The variables must be half, float, or double: counter:0"):
        tf.train.ExponentialMovingAverage(0.9).apply([counter])
