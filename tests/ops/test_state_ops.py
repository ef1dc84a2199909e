"""Assign, AssignAdd, AssignSub and IsVariableInitialized: values, names and TF's errors."""

import numpy as np
import pytest

import tinytf as tf


@pytest.fixture
def session():
    with tf.Session() as session:
        yield session


def test_assign_ops_and_their_values(session):
    variable = tf.Variable([1.0, 2.0], name="v")
    session.run(variable.initializer)
    np.testing.assert_array_equal(session.run(tf.assign(variable, [5.0, 6.0])), [5.0, 6.0])
    np.testing.assert_array_equal(session.run(tf.assign_add(variable, [1.0, 1.0])), [6.0, 7.0])
    np.testing.assert_array_equal(session.run(tf.assign_sub(variable, [2.0, 4.0])), [4.0, 3.0])
    np.testing.assert_array_equal(session.run(variable), [4.0, 3.0])


def test_op_names_follow_tf():
    variable = tf.Variable(1.0, name="v")
    assigned = tf.assign(variable, 2.0)
    increment = tf.assign_add(variable, 1.0, name="inc")
    with tf.name_scope("scope"):
        scoped = tf.assign_sub(variable, 1.0)
    assert (assigned.name, assigned.op.type) == ("Assign:0", "Assign")
    assert assigned.op.inputs[1].name == "Assign/value:0"
    assert (increment.name, increment.op.type) == ("inc:0", "AssignAdd")
    assert (scoped.name, scoped.op.type) == ("scope/AssignSub:0", "AssignSub")


def test_counter_increments_once_per_run(session):
    counter = tf.Variable(3, name="i")
    increment = tf.assign_add(counter, 1)
    session.run(counter.initializer)
    assert [session.run(increment) for _ in range(3)] == [4, 5, 6]
    assert session.run(tf.assign_sub(counter, 10)) == -4


def test_python_values_take_the_variable_dtype():
    variable = tf.Variable([1.0, 2.0])
    assert tf.assign(variable, [1, 2]).dtype == tf.float32


def test_dtype_mismatch_is_a_type_error():
    variable = tf.Variable([1.0, 2.0])
    with pytest.raises(TypeError) as info:
        tf.assign_add(variable, tf.constant([1, 2]))
    assert str(info.value) == (
        "Input 'value' of 'AssignAdd' Op has type int32 that does not "
        "match type float32 of argument 'ref'."
    )
    counter = tf.Variable(3)
    with pytest.raises(
        TypeError,
        match="Expected int32 passed to parameter 'value' of op "
        "'Assign', got 2.5 of type 'float' instead.",
    ):
        tf.assign(counter, 2.5)


def test_shape_mismatch_is_a_value_error():
    variable = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError) as info:
        tf.assign_add(variable, [1.0, 2.0, 3.0])
    assert str(info.value) == (
        "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3]. "
        "for 'AssignAdd' with input shapes: [2], [3]."
    )
    with pytest.raises(
        ValueError,
        match="Shapes must be equal rank, but are 1 and 2 for "
        "'Assign' with input shapes: \\[2\\], \\[1,2\\].",
    ):
        tf.assign(variable, [[1.0, 2.0]])


def test_assign_without_shape_validation_changes_the_shape(session):
    variable = tf.Variable([1.0, 2.0], name="v")
    grow = tf.assign(variable, [1.0, 2.0, 3.0], validate_shape=False)
    assert grow.shape.as_list() == [3]
    session.run(variable.initializer)
    session.run(grow)
    np.testing.assert_array_equal(session.run(variable), [1.0, 2.0, 3.0])


def test_runtime_shape_mismatch_names_the_op(session):
    variable = tf.Variable(tf.zeros([2]), validate_shape=False, name="loose")
    fed = tf.placeholder(tf.float32, [None])
    add = tf.assign_add(variable, fed)
    session.run(variable.initializer)
    with pytest.raises(tf.errors.InvalidArgumentError, match="AssignAdd requires shapes"):
        session.run(add, {fed: [1.0, 2.0, 3.0]})
    np.testing.assert_array_equal(session.run(add, {fed: [1.0, 2.0]}), [1.0, 2.0])


def test_only_variables_can_be_assigned():
    with pytest.raises(TypeError, match="is not a variable"):
        tf.assign(tf.constant(1.0), 2.0)


def test_is_variable_initialized(session):
    variable = tf.Variable(1.0, name="v")
    initialized = tf.is_variable_initialized(variable)
    assert (initialized.name, initialized.dtype, initialized.op.type) == (
        "IsVariableInitialized:0",
        tf.bool,
        "IsVariableInitialized",
    )
    assert not session.run(initialized)
    session.run(variable.initializer)
    assert session.run(initialized)


def test_write_ops_have_no_gradient():
    from tinytf.framework import registry

    for op_type in ("VariableV2", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized"):
        assert registry.has_gradient_entry(op_type)
        assert not registry.is_differentiable(op_type)


def test_reads_in_a_run_see_the_value_before_writes(session):
    variable = tf.Variable(0.0, name="x")
    session.run(variable.initializer)
    update = variable.assign_add(1.0)
    assert session.run([update, variable.value() * 1.0]) == [1.0, 0.0]
    with tf.control_dependencies([update]):
        after = variable.read_value() * 1.0
    assert session.run(after) == 2.0


def test_assign_result_can_be_used_as_a_tensor(session):
    variable = tf.Variable(0.0)
    session.run(variable.initializer)
    assert session.run(variable.assign(5.0) * 2.0) == 10.0
