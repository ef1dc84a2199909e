"""tf.train optimizers: TF's update formulas step by step, global step, var lists, errors."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from tests.train.optimizer_reference import (
    B0,
    CASES,
    W0,
    X,
    Y,
    as_tf_float,
    least_squares,
    numpy_gradients,
)

STEPS = 5


def ancestor_names(op):
    """The names of every op that `op` waits for, through inputs and control inputs."""
    names, pending = set(), [op]
    while pending:
        current = pending.pop()
        for parent in [t.op for t in current.inputs] + current.control_inputs:
            if parent.name not in names:
                names.add(parent.name)
                pending.append(parent)
    return names


@pytest.mark.parametrize("case", sorted(CASES))
def test_steps_follow_tensorflow_formula(case):
    make_optimizer, make_reference = CASES[case]
    w, b, loss = least_squares()
    optimizer = make_optimizer()
    train = optimizer.minimize(loss)
    reference = make_reference()
    expected = {"w": W0.copy(), "b": B0.copy()}
    slots = {name: reference.init_slots(value) for name, value in expected.items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            sess.run(train)
            gradients = numpy_gradients(expected["w"], expected["b"])
            grads = dict(zip(("w", "b"), gradients, strict=True))
            for name in expected:
                expected[name] = reference.update(expected[name], grads[name], slots[name])
            reference.finish()
        for name, var in (("w", w), ("b", b)):
            np.testing.assert_allclose(sess.run(var), expected[name], rtol=1e-6, atol=1e-9)
            for slot_name, slot_value in slots[name].items():
                slot = optimizer.get_slot(var, slot_name)
                np.testing.assert_allclose(sess.run(slot), slot_value, rtol=1e-6, atol=1e-9)
        assert sess.run(loss) < 0.5 * np.sum((X @ W0 + B0 - Y) ** 2)


def test_global_step_increments_after_the_updates():
    w, b, loss = least_squares()
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    assert train.type == "AssignAdd" and train.name == "GradientDescent"
    assert "GradientDescent/update" in ancestor_names(train)
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for expected in range(1, 4):
            sess.run(train)
            assert tf.train.global_step(sess, step) == expected


def test_without_global_step_the_train_op_groups_the_updates():
    w, b, loss = least_squares()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, name="fit")
    assert train.type == "NoOp" and train.name == "fit"
    update_types = sorted(op.type for op in train.control_inputs)
    assert update_types == ["ApplyAdam", "ApplyAdam", "Assign", "Assign"]
    assert tf.get_default_graph().get_operation_by_name("fit/update_w/ApplyAdam")


def test_var_list_limits_the_update_and_none_gradients_are_skipped():
    w, b, loss = least_squares()
    unused = tf.Variable([3.0], name="unused")
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    grads_and_vars = optimizer.compute_gradients(loss, var_list=[b, unused])
    assert [var for _, var in grads_and_vars] == [b, unused]
    assert grads_and_vars[1][0] is None
    train = optimizer.apply_gradients(grads_and_vars)
    assert optimizer.get_slot(unused, "momentum") is None
    assert optimizer.get_slot(w, "momentum") is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_array_equal(sess.run(w), W0)
        np.testing.assert_array_equal(sess.run(unused), [3.0])
        expected_b = B0 - as_tf_float(0.1) * numpy_gradients(W0, B0)[1]
        np.testing.assert_allclose(sess.run(b), expected_b, rtol=1e-12)


def test_learning_rate_may_be_a_tensor_or_a_callable():
    w = tf.Variable([1.0, -2.0], name="w")
    rate = tf.placeholder(tf.float32, [], name="rate")
    by_tensor = tf.train.GradientDescentOptimizer(rate).minimize(tf.reduce_sum(w * w))
    by_callable = tf.train.GradientDescentOptimizer(lambda: 0.25).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(by_tensor, {rate: 0.5})
        np.testing.assert_array_equal(sess.run(w), [0.0, 0.0])
        sess.run(w.initializer)
        sess.run(by_callable)
        np.testing.assert_array_equal(sess.run(w), [0.5, -1.0])


@pytest.mark.parametrize(
    "case", ["gradient_descent", "nesterov", "adagrad", "adadelta", "rmsprop_centered", "adam"]
)
def test_float32_training_stays_float32_and_updates_in_place(case):
    w, b, loss = least_squares(tf.float32)
    train = CASES[case][0]().minimize(loss)
    assert not [op for op in tf.get_default_graph().get_operations() if op.type == "Cast"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        storage = sess.variable_cell(w.op).value
        for _ in range(3):
            sess.run(train)
        assert sess.variable_cell(w.op).value is storage
        assert sess.run(w).dtype == np.float32
        assert not np.array_equal(sess.run(w), W0.astype(np.float32))


def test_gradients_gated_by_graph_give_the_same_step():
    w, b, loss = least_squares()
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss, gate_gradients=optimizer.GATE_GRAPH)
    assert all(grad.op.type == "Identity" for grad, _ in grads_and_vars)
    train = optimizer.apply_gradients(grads_and_vars)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        expected = W0 - as_tf_float(0.1) * numpy_gradients(W0, B0)[0]
        np.testing.assert_allclose(sess.run(w), expected, rtol=1e-12)


def test_errors_match_tensorflow():
    w = tf.Variable([1.0, 2.0], name="w")
    unused = tf.Variable([1.0, 2.0], name="unused")
    loss = tf.reduce_sum(w * w)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(
        ValueError,
        match="No gradients provided for any variable, check your "
        r"graph .* between variables \[\"<tf.Variable "
        "'unused:0'",
    ):
        optimizer.minimize(loss, var_list=[unused])
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: \["):
        optimizer.apply_gradients([(None, unused)])
    with pytest.raises(ValueError, match="No variables provided."):
        optimizer.apply_gradients([])
    with pytest.raises(ValueError, match="No variables to optimize."):
        optimizer.minimize(loss, var_list=[])
    with pytest.raises(ValueError, match="Invalid type tf.int32 for"):
        optimizer.minimize(tf.constant(1))
    with pytest.raises(
        ValueError, match="Dimension 0 in both shapes must be equal, but are 2 and 3"
    ):
        optimizer.apply_gradients([(tf.constant([1.0, 2.0, 3.0]), unused)])
    with pytest.raises(
        TypeError,
        match="Input 'delta' of 'ApplyGradientDescent' Op has type "
        "float64 that does not match type float32",
    ):
        optimizer.apply_gradients([(tf.constant([1.0, 2.0], tf.float64), unused)])
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        optimizer.minimize(loss, gate_gradients=5)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive: 0.0"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.GradientDescentOptimizer(0.1, name="")


OPTIMIZERS_WITH_SMALL_STEPS = [
    lambda: tf.train.GradientDescentOptimizer(1e-3),
    lambda: tf.train.MomentumOptimizer(1e-3, 0.9, use_nesterov=True),
    lambda: tf.train.AdagradOptimizer(1e-3),
    lambda: tf.train.AdadeltaOptimizer(1.0),
    lambda: tf.train.RMSPropOptimizer(1e-3, centered=True),
    lambda: tf.train.AdamOptimizer(1e-3),
]


@settings(max_examples=20, deadline=None)
@given(
    factor=hnp.arrays(np.float64, (3, 3), elements=st.floats(-2, 2)),
    start=hnp.arrays(np.float64, (3,), elements=st.floats(-5, 5)),
    which=st.integers(0, len(OPTIMIZERS_WITH_SMALL_STEPS) - 1),
)
def test_one_small_step_lowers_a_convex_quadratic(factor, start, which):
    hessian = factor @ factor.T + np.eye(3)
    gradient = hessian @ start
    assume(np.linalg.norm(gradient) > 1e-2)  # at the minimum no step can lower the loss
    graph = tf.Graph()
    with graph.as_default():
        x = tf.expand_dims(tf.Variable(start, name="x"), 1)
        loss = 0.5 * tf.reduce_sum(x * tf.matmul(tf.constant(hessian), x))
        train = OPTIMIZERS_WITH_SMALL_STEPS[which]().minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(loss)
            sess.run(train)
            assert sess.run(loss) < before


def test_a_variable_constraint_is_applied_after_each_update():
    w = tf.Variable([0.5, -0.5], name="w", constraint=lambda v: tf.clip_by_value(v, -0.6, 0.6))
    train = tf.train.GradientDescentOptimizer(1.0).minimize(tf.reduce_sum([-3.0, -0.5] * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(train)
        np.testing.assert_allclose(sess.run(w), [0.6, 0.0])
