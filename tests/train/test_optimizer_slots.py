"""tf.train optimizers: slot variables, their names, initial values and Adam's beta powers."""

import numpy as np
import pytest

import tinytf as tf


@pytest.mark.parametrize(
    "make_optimizer, slot_names, variable_names",
    [
        (lambda: tf.train.GradientDescentOptimizer(0.1), [], []),
        (lambda: tf.train.MomentumOptimizer(0.1, 0.9), ["momentum"], ["w/Momentum:0"]),
        (lambda: tf.train.AdagradOptimizer(0.1), ["accumulator"], ["w/Adagrad:0"]),
        (
            lambda: tf.train.AdadeltaOptimizer(),
            ["accum", "accum_update"],
            ["w/Adadelta:0", "w/Adadelta_1:0"],
        ),
        (
            lambda: tf.train.RMSPropOptimizer(0.1),
            ["momentum", "rms"],
            ["w/RMSProp:0", "w/RMSProp_1:0"],
        ),
        (
            lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
            ["mg", "momentum", "rms"],
            ["w/RMSProp:0", "w/RMSProp_1:0", "w/RMSProp_2:0"],
        ),
        (
            lambda: tf.train.AdamOptimizer(),
            ["m", "v"],
            ["beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"],
        ),
    ],
)
def test_slot_variables_are_named_and_collected_as_in_tensorflow(
    make_optimizer, slot_names, variable_names
):
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = make_optimizer()
    optimizer.minimize(tf.reduce_sum(w * w))
    assert optimizer.get_slot_names() == slot_names
    assert [v.name for v in optimizer.variables()] == variable_names
    assert [v.name for v in tf.global_variables()] == ["w:0"] + variable_names
    assert tf.trainable_variables() == [w]
    for name in slot_names:
        slot = optimizer.get_slot(w, name)
        assert slot.dtype == tf.float32 and slot.shape.as_list() == [2]
    assert optimizer.get_slot(w, "no_such_slot") is None


def test_rmsprop_slots_start_at_one_and_adagrad_at_initial_value():
    w = tf.Variable([1.0, 2.0], name="w")
    rmsprop = tf.train.RMSPropOptimizer(0.1)
    adagrad = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.25)
    rmsprop.minimize(tf.reduce_sum(w * w))
    adagrad.minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(rmsprop.get_slot(w, "rms")), [1.0, 1.0])
        np.testing.assert_array_equal(sess.run(rmsprop.get_slot(w, "momentum")), [0.0, 0.0])
        np.testing.assert_array_equal(sess.run(adagrad.get_slot(w, "accumulator")), [0.25, 0.25])


def test_adam_beta_powers_follow_the_steps_and_live_at_the_top_scope():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.name_scope("training"):
        first = tf.train.AdamOptimizer(0.1, beta1=0.5, beta2=0.25)
        train = first.minimize(tf.reduce_sum(w * w))
    second = tf.train.AdamOptimizer(0.1)
    second.minimize(tf.reduce_sum(w * w))
    names = [v.name for v in second.variables()]
    assert names == ["beta1_power:0", "beta2_power:0", "w/Adam_2:0", "w/Adam_3:0"]
    assert [v.name for v in first.variables()][:2] == [
        "training/beta1_power:0",
        "training/beta2_power:0",
    ]
    assert train.name == "training/Adam"
    beta1_power, beta2_power = first.variables()[:2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(beta1_power) == pytest.approx(0.5**4)
        assert sess.run(beta2_power) == pytest.approx(0.25**4)


def test_uninitialized_slot_is_a_failed_precondition():
    w = tf.Variable([1.0, 2.0], name="w")
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="w/Momentum"):
            sess.run(train)
