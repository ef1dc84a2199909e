"""Grouping and ordering ops: no_op, group, tuple, identity; no dynamic control flow."""

import numpy as np
import pytest

import tinytf as tf


def test_no_op():
    op = tf.no_op(name="nop")
    assert (op.name, op.type, op.outputs, op.inputs) == ("nop", "NoOp", [], ())
    assert tf.Session().run(op) is None


def test_group_depends_on_every_member():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    total = a + b
    grouped = tf.group(a, b.op, total)
    assert (grouped.name, grouped.type) == ("group_deps", "NoOp")
    assert [op.name for op in grouped.control_inputs] == ["a", "b", "add"]
    named = tf.group([a, b], name="mygroup")
    assert (named.name, [op.name for op in named.control_inputs]) == ("mygroup", ["a", "b"])
    empty = tf.group()
    assert (empty.name, empty.control_inputs) == ("group_deps_1", [])


def test_group_runs_its_updates():
    first, second = tf.Variable(0.0), tf.Variable(0.0)
    step = tf.group(tf.assign_add(first, 1.0), tf.assign_add(second, 2.0))
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(step)
        session.run(step)
        assert session.run([first, second]) == [2.0, 4.0]


def test_group_rejects_unknown_keywords():
    with pytest.raises(ValueError, match="Unknown keyword arguments: foo"):
        tf.group(tf.constant(1.0), foo=1)


def test_tuple_gates_every_output_on_all_inputs():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    gated = tf.tuple([a, b])
    assert [t.name for t in gated] == ["tuple/control_dependency:0",
                                       "tuple/control_dependency_1:0"]
    gates = {op.name for t in gated for op in t.op.control_inputs}
    assert gates == {"tuple/group_deps"}
    assert [op.name for op in gated[0].op.control_inputs[0].control_inputs] == ["a", "b"]
    assert tf.Session().run(gated) == [1.0, 2.0]


def test_tuple_keeps_none_and_extra_control_inputs():
    a = tf.constant(1.0, name="a")
    extra = tf.no_op(name="extra")
    gated = tf.tuple([a, None], control_inputs=[extra])
    assert gated[1] is None
    gate = gated[0].op.control_inputs[0]
    assert [op.name for op in gate.control_inputs] == ["a", "extra"]


def test_identity():
    a = tf.constant([1.0, 2.0], name="a")
    same = tf.identity(a)
    assert (same.name, same.op.type, same.shape.as_list()) == ("Identity:0", "Identity", [2])
    assert tf.identity(a, name="myid").name == "myid:0"
    np.testing.assert_array_equal(tf.Session().run(same), [1.0, 2.0])


@pytest.mark.parametrize("function", [tf.cond, tf.while_loop, tf.case])
def test_dynamic_control_flow_says_what_to_use_instead(function):
    with pytest.raises(NotImplementedError, match="tinytf does not implement"):
        function(None, None, None)
