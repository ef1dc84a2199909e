"""The plan's source holds no text from the graph but as repr literals: names and attributes
that slipped past the name checks still run as data, never as code."""

import builtins

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import common_shapes, registry

PAYLOAD = "__import__('builtins').__setattr__('tinytf_injected', 1)"
HOSTILE = [
    f"a\n    {PAYLOAD} #",
    f"a\r    {PAYLOAD} #",
    f"a'\n    {PAYLOAD} #",
    f'a"""\n    {PAYLOAD} #',
    "a\x00b",
    "a\\",
    f"a\u2028{PAYLOAD}",
    f"a\x0c\n{PAYLOAD}",
]


@pytest.fixture(autouse=True)
def no_injection():
    yield
    injected = hasattr(builtins, "tinytf_injected")
    if injected:
        del builtins.tinytf_injected
    assert not injected, "text from the graph ran as code"


@pytest.mark.parametrize("name", HOSTILE)
def test_an_op_name_that_bypassed_the_checks_stays_a_comment(name):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.exp(x, name="y")
    y.op._name = name  # as if the name checks had a hole
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(y, {x: [0.0, 1.0]}), np.exp([0.0, 1.0]), 1e-6)
        (plan,) = session._plans.values()
    assert repr(name) in plan.source


@pytest.mark.parametrize("text", HOSTILE)
def test_attribute_names_and_values_are_data(counter, text):
    x = tf.constant([1.0, 2.0])
    counted = counter(x, name="counted")
    counted.op._attrs["label"] = text
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(counted), [1.0, 2.0])
    assert counter.calls == [text]


def test_an_attribute_name_python_would_fold_is_not_a_keyword():
    """'ﬁ' is an identifier Python reads as 'fi'; it must reach the kernel as itself."""
    received = {}

    def kernel(x, **attributes):
        received.update(attributes)
        return x

    with registry.registration_scope():
        register_identity("TestOnlyKeywords", kernel)
        x = tf.constant(1.0)
        attributes = {"\ufb01": "ligature", "fi": "plain"}
        op = tf.get_default_graph().create_op("TestOnlyKeywords", [x], attributes, name="kw")
        with tf.Session() as session:
            session.run(op.outputs[0])
    assert received == {"\ufb01": "ligature", "fi": "plain"}


def test_an_op_type_that_is_not_an_identifier_stays_quoted():
    odd_type = f"Odd\n{PAYLOAD}"
    with registry.registration_scope():
        register_identity(odd_type, lambda x: x)
        x = tf.constant(1.0)
        odd = tf.get_default_graph().create_op(odd_type, [x], name="odd").outputs[0]
        with tf.Session() as session:
            assert session.run(odd) == 1.0
            (plan,) = session._plans.values()
    assert repr(odd_type) in plan.source


def register_identity(op_type, kernel):
    """Registers `kernel` as a stateful op type of one input, shaped as its input."""
    registry.register_op(op_type, infer=common_shapes.unchanged, stateful=True)(kernel)
    tf.NotDifferentiable(op_type)


def test_a_huge_integer_attribute_is_passed_as_a_value(counter):
    counted = counter(tf.constant(1.0))
    counted.op._attrs["label"] = 10**5000
    with tf.Session() as session:
        session.run(counted)
    assert counter.calls == [10**5000]
