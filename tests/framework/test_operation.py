"""Operation: its API, printing, and running it."""

import re

import pytest

import tinytf as tf


class TestOperationApi:
    def test_attributes(self):
        graph = tf.get_default_graph()
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        total = x + 1.0
        op = total.op
        assert (op.name, op.type, op.graph) == ("add", "AddV2", graph)
        assert [t.name for t in op.inputs] == ["x:0", "add/y:0"]
        assert op.outputs == [total]
        assert op.control_inputs == []
        assert op.get_attr("T") is tf.float32
        assert x.op.get_attr("dtype") is tf.float32
        assert x.op.get_attr("shape").as_list() == [None, 3]

    def test_missing_attr(self):
        op = (tf.constant(1.0) + 1.0).op
        with pytest.raises(ValueError, match="Operation 'add' has no attr named 'nope'."):
            op.get_attr("nope")

    def test_repr_and_str(self):
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a]):
            identity = tf.identity(tf.constant(2.0, name="b"), name="idd")
        assert repr(identity.op) == "<tf.Operation 'idd' type=Identity>"
        assert str(identity.op) == 'name: "idd"\nop: "Identity"\ninput: "b"\n'
        assert str(tf.identity(identity).op).count('input: "idd"') == 1

    def test_run_executes_the_op(self):
        variable = tf.Variable(1.0, name="v")
        increment = tf.assign_add(variable, 2.0).op
        session = tf.Session()
        variable.initializer.run(session=session)
        increment.run(session=session)
        with session.as_default():
            increment.run()
        assert session.run(variable) == 5.0

    def test_run_without_a_session(self):
        with pytest.raises(
            ValueError,
            match=re.escape(
                "Cannot execute operation using `run()`: No default session is registered."
            ),
        ):
            tf.no_op().run()
