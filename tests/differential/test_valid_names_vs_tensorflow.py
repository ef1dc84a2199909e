"""Names TensorFlow refuses are refused, with one of its messages, and names it accepts
give the same op names, through each builder a program names things with (issue 11).

Two differences, on purpose: a name ending in a newline ("a\n") passes TensorFlow's
Python check (its pattern ends in `$`, which matches before a final newline) and becomes
an op named "a\n"; tinytf refuses it. And which of TensorFlow's messages a refusal
gives (root scope, scope or node name) depends on whether a builder opens a name scope;
tinytf always checks the name as a scope first, so the message may be the other one.
"""

import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

NAMES = ["ok", "a b", "_a", "-a", "a\nb", "a\\b", "a>b", ".a", "a:b", "ä", "a/b", "7", "a\x00"]
BUILDERS = {
    "identity": lambda tf, x, name: tf.identity(x, name=name).name,
    "constant": lambda tf, x, name: tf.constant(1.0, name=name).name,
    "add": lambda tf, x, name: tf.add(x, x, name=name).name,
    "no_op": lambda tf, x, name: tf.no_op(name=name).name,
    "Variable": lambda tf, x, name: tf.Variable(1.0, name=name).name,
    "get_variable": lambda tf, x, name: tf.get_variable(name, shape=[]).name,
    "name_scope": lambda tf, x, name: _scoped(tf, tf.name_scope(name), x),
    "variable_scope": lambda tf, x, name: _scoped(tf, tf.variable_scope(name), x),
    "identity in scope": lambda tf, x, name: _scoped(tf, tf.name_scope("s"), x, name),
}


def _scoped(tf, scope, x, name=None):
    with scope:
        return tf.identity(x, name=name).name


def outcome(tf, builder, name):
    with graph(tf):
        x = tf.constant(1.0, name="x")
        try:
            return BUILDERS[builder](tf, x, name)
        except ValueError as error:
            assert "is not a valid" in str(error), error
            return "refused"


@pytest.mark.parametrize("builder", list(BUILDERS))
def test_names_are_checked_as_in_tensorflow(builder):
    for name in NAMES:
        ours, theirs = (outcome(tf, builder, name) for tf in ENGINES.values())
        assert ours == theirs, (builder, name)
        record("ops")


def test_a_name_ending_in_a_newline_is_refused_where_tensorflow_lets_it_through():
    tinytf, tensorflow = ENGINES.values()
    assert outcome(tensorflow, "identity", "a\n") == "a\n:0"
    assert outcome(tinytf, "identity", "a\n") == "refused"
