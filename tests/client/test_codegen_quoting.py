"""The plan's source holds no text from the graph but as repr literals: names and attributes
that slipped past the name checks still run as data, never as code."""

import builtins
import dataclasses

import numpy as np
import pytest

import tinytf as tf
from tests.client.conftest import COUNTING_OP
from tinytf.framework import registry

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


def test_an_attribute_name_python_would_fold_is_not_a_keyword(counter):
    """'ﬁ' is an identifier Python reads as 'fi'; it must reach the kernel as itself."""
    received = {}

    def kernel(x, label, **others):
        received.update(others)
        return x

    counting = registry._OPS[COUNTING_OP]
    registry._OPS[COUNTING_OP] = dataclasses.replace(counting, kernel=kernel)
    counted = counter(tf.constant(1.0), name="counted")
    counted.op._attrs["\ufb01"] = "ligature"
    counted.op._attrs["fi"] = "plain"
    with tf.Session() as session:
        session.run(counted)
    assert received == {"\ufb01": "ligature", "fi": "plain"}


def test_an_op_type_that_is_not_an_identifier_stays_quoted(counter):
    x = tf.constant(1.0)
    counted = counter(x)
    odd_type = f"Odd\n{PAYLOAD}"
    registry._OPS[odd_type] = registry._OPS[COUNTING_OP]
    counted.op._type = odd_type
    try:
        with tf.Session() as session:
            assert session.run(counted) == 1.0
    finally:
        registry._OPS.pop(odd_type)


def test_a_huge_integer_attribute_is_passed_as_a_value(counter):
    counted = counter(tf.constant(1.0))
    counted.op._attrs["label"] = 10**5000
    with tf.Session() as session:
        session.run(counted)
    assert counter.calls == [10**5000]
