"""Learning-rate schedules: TF's formulas, staircase and cycle, names, dtypes, errors."""

import math

import numpy as np
import pytest

import tinytf as tf

STEPS = [0, 1, 5, 10, 14, 15, 25, 100]


def evaluate(build, steps=STEPS, step_dtype=tf.int64):
    """The schedule built by `build(global_step)`, evaluated at each of `steps`."""
    step = tf.placeholder(step_dtype, [], name="step")
    rate = build(step)
    with tf.Session() as sess:
        return rate, [sess.run(rate, {step: value}) for value in steps]


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay(staircase):
    rate, values = evaluate(
        lambda step: tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=staircase)
    )
    exponent = [s // 10 if staircase else s / 10 for s in STEPS]
    np.testing.assert_allclose(values, [0.1 * 0.5**p for p in exponent], rtol=1e-6)
    assert rate.name == "ExponentialDecay:0" and rate.dtype == tf.float32


@pytest.mark.parametrize("staircase", [False, True])
def test_natural_exp_decay(staircase):
    rate, values = evaluate(
        lambda step: tf.train.natural_exp_decay(0.1, step, 10, 0.5, staircase=staircase)
    )
    exponent = [s // 10 if staircase else s / 10 for s in STEPS]
    np.testing.assert_allclose(values, [0.1 * math.exp(-0.5 * p) for p in exponent], rtol=1e-6)
    assert rate.name == "ExponentialDecay:0"


@pytest.mark.parametrize("staircase", [False, True])
def test_inverse_time_decay(staircase):
    rate, values = evaluate(
        lambda step: tf.train.inverse_time_decay(0.1, step, 10, 0.5, staircase=staircase)
    )
    ratio = [s // 10 if staircase else s / 10 for s in STEPS]
    np.testing.assert_allclose(values, [0.1 / (1 + 0.5 * p) for p in ratio], rtol=1e-6)
    assert rate.name == "InverseTimeDecay:0"


def test_polynomial_decay_stops_at_the_end_rate():
    rate, values = evaluate(
        lambda step: tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0)
    )
    expected = [(0.1 - 0.01) * (1 - min(s, 10) / 10) ** 2 + 0.01 for s in STEPS]
    np.testing.assert_allclose(values, expected, rtol=1e-6)
    assert rate.name == "PolynomialDecay:0"


def test_polynomial_decay_with_cycle_restarts_on_longer_periods():
    _, values = evaluate(
        lambda step: tf.train.polynomial_decay(
            0.1, step, 10, end_learning_rate=0.01, power=1.0, cycle=True
        )
    )
    periods = [10 * max(math.ceil(s / 10), 1) for s in STEPS]
    expected = [(0.1 - 0.01) * (1 - s / p) + 0.01 for s, p in zip(STEPS, periods, strict=True)]
    np.testing.assert_allclose(values, expected, rtol=1e-6)
    assert values[0] == pytest.approx(0.1) and values[3] == pytest.approx(0.01)


def test_cosine_decay():
    rate, values = evaluate(lambda step: tf.train.cosine_decay(0.1, step, 10, alpha=0.1))
    fractions = [min(s, 10) / 10 for s in STEPS]
    expected = [0.1 * (0.9 * 0.5 * (1 + math.cos(math.pi * f)) + 0.1) for f in fractions]
    np.testing.assert_allclose(values, expected, rtol=1e-6, atol=1e-8)
    assert rate.name.startswith("CosineDecay/")


def test_piecewise_constant_switches_after_each_boundary():
    _, values = evaluate(
        lambda step: tf.train.piecewise_constant(step, [10, 20], [1.0, 0.5, 0.1]),
        steps=[0, 10, 11, 20, 21, 1000],
    )
    np.testing.assert_allclose(values, [1.0, 1.0, 0.5, 0.5, 0.1, 0.1])


def test_piecewise_constant_on_floats():
    _, values = evaluate(
        lambda step: tf.train.piecewise_constant(step, [0.5], [3, 7]),
        steps=[0.0, 0.5, 0.75],
        step_dtype=tf.float32,
    )
    assert values == [3, 3, 7]


def test_schedules_keep_the_dtype_of_the_learning_rate_and_take_names():
    step = tf.train.get_or_create_global_step()
    rate = tf.train.exponential_decay(tf.constant(0.1, tf.float64), step, 10, 0.5, name="my_rate")
    assert rate.dtype == tf.float64 and rate.name == "my_rate:0"


def test_a_schedule_drives_an_optimizer_through_the_global_step():
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(0.0, name="w")
    rate = tf.train.exponential_decay(1.0, step, 1, 0.5)
    train = tf.train.GradientDescentOptimizer(rate).minimize(-w, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(w) == pytest.approx(1.0 + 0.5 + 0.25)
        assert sess.run(step) == 3


def test_errors_match_tensorflow():
    with pytest.raises(ValueError, match="global_step is required for exponential_decay."):
        tf.train.exponential_decay(0.1, None, 10, 0.5)
    step = tf.train.get_or_create_global_step()
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        tf.train.piecewise_constant(step, [1, 2], [0.1, 0.2])
    with pytest.raises(
        ValueError,
        match="Values must have elements all with the same dtype "
        r"\(float32 vs int32\)",
    ):
        tf.train.piecewise_constant(step, [1], [0.1, 2])
    with pytest.raises(
        ValueError,
        match=r"Boundaries \(float32\) must have the same dtype "
        r"as x \(int64\)",
    ):
        tf.train.piecewise_constant(step, [1.5], [0.1, 0.2])
