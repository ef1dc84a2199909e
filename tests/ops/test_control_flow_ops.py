"""Grouping and ordering: identity, stop_gradient, no_op, group, tuple."""

import numpy as np
import pytest

import tinytf as tf


def test_no_op_is_an_op_that_outputs_nothing():
    op = tf.no_op()
    assert (op.name, op.type, op.outputs) == ("NoOp", "NoOp", [])
    with tf.Session() as session:
        assert session.run(op) is None


def test_group_runs_every_input_and_is_named_group_deps():
    counter = tf.Variable(0)
    both = tf.group(tf.assign_add(counter, 1), [tf.assign_add(counter, 10)])
    assert both.type == "NoOp" and both.name == "group_deps"
    assert [op.type for op in both.control_inputs] == ["AssignAdd", "AssignAdd"]
    with tf.Session() as session:
        session.run(counter.initializer)
        assert session.run(both) is None
        assert session.run(counter) == 11


def test_group_flattens_nested_lists_and_takes_a_name():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    named = tf.group([a, [b, None]], name="both")
    assert named.name == "both" and [op.name for op in named.control_inputs] == ["a", "b"]
    assert tf.group().control_inputs == []


def test_group_errors():
    with pytest.raises(ValueError, match="Unknown keyword arguments: foo"):
        tf.group(tf.constant(1.0), foo=1)
    with pytest.raises(
        TypeError,
        match=r"'inputs' should be zero or more \(nested\) Tensors. "
        "Received '3'",
    ):
        tf.group(3)


def test_tuple_returns_gated_identities():
    counter = tf.Variable(0.0)
    x = tf.constant(2.0, name="x")
    update = tf.assign_add(counter, 1.0)
    gated = tf.tuple([x, None, x * 3.0], control_inputs=[update])
    assert gated[1] is None
    assert [t.name for t in (gated[0], gated[2])] == [
        "tuple/control_dependency:0",
        "tuple/control_dependency_1:0",
    ]
    assert gated[0].op.type == "Identity"
    assert [op.name for op in gated[0].op.control_inputs] == ["tuple/group_deps"]
    with tf.Session() as session:
        session.run(counter.initializer)
        assert session.run(gated[0]) == 2.0
        assert session.run(counter) == 1.0  # fetching one output ran the whole gate


def test_identity_and_stop_gradient_are_tf_names():
    x = tf.placeholder(tf.float64, [2])
    y = tf.identity(x, name="same")
    assert y.name == "same:0" and y.shape.as_list() == [2]
    loss = tf.reduce_sum(x * tf.stop_gradient(x * 2.0))
    with tf.Session() as session:
        grad = session.run(tf.gradients(loss, x)[0], {x: [1.0, 3.0]})
    np.testing.assert_array_equal(grad, [2.0, 6.0])  # only the unstopped factor counts
