"""Variable cells and the default-session stack, as kernels and Tensor.eval reach them."""

import pytest

import tinytf as tf
from tinytf.framework import runtime


def test_reading_an_uninitialised_cell_names_the_variable():
    variable = tf.Variable(1.0, name="weights")
    cell = runtime.VariableCell(variable.op)
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value weights"):
        runtime.read_cell(cell)
    cell.value = 3.0
    assert runtime.read_cell(cell) == 3.0


def test_default_sessions_nest_and_unwind():
    outer, inner = tf.Session(), tf.Session()
    with runtime.default_session(outer):
        with runtime.default_session(inner):
            assert runtime.get_default_session() is inner
        assert runtime.get_default_session() is outer
    assert runtime.get_default_session() is None


def test_eval_without_a_default_session_says_how_to_give_one():
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.constant(1.0).eval()
    with pytest.raises(ValueError, match="Cannot execute operation using `run\\(\\)`"):
        tf.no_op().run()


def test_eval_finds_the_session_entered_as_default():
    session = tf.Session()
    with session.as_default():
        assert tf.constant(2.0).eval() == 2.0
