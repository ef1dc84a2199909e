"""Names TensorFlow refuses are refused wherever a name enters the graph, with its messages;
names it accepts build ops that run. Arbitrary Unicode names either fail with ValueError
or work, and never run anything."""

import builtins

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tinytf as tf

# Names that ran code or broke `sess.run` before names were checked (issue 11).
INJECTIONS = [
    "a\n    __import__('builtins').tinytf_injected = 1 #",
    "a\r    __import__('builtins').tinytf_injected = 1 #",
    "a\r\n    __import__('builtins').tinytf_injected = 1 #",
    "a'\n    __import__('builtins').tinytf_injected = 1 #",
    "a\x00b",
    'a"""b',
    "a\n",
    "a b",
    "_a",
    "-a",
    "a:b",
    "\u202eab",
    "ä",
]


def builders(x):
    """Each way a user names something in the graph, as a function of the name."""
    graph = tf.get_default_graph()
    return {
        "identity": lambda name: tf.identity(x, name=name),
        "constant": lambda name: tf.constant(2.0, name=name),
        "no_op": lambda name: tf.no_op(name=name),
        "add": lambda name: tf.add(x, 1.0, name=name),
        "create_op": lambda name: graph.create_op("NoOp", [], name=name),
        "create_op scope": lambda name: graph.create_op("NoOp", [], name=name + "/"),
        "placeholder": lambda name: tf.placeholder(tf.float32, [], name=name),
        "Variable": lambda name: tf.Variable(1.0, name=name),
        "get_variable": lambda name: tf.get_variable(name, shape=[]),
        "name_scope": lambda name: _in_scope(tf.name_scope(name), x),
        "variable_scope": lambda name: _in_scope(tf.variable_scope(name), x),
        "dense": lambda name: tf.layers.dense(tf.ones([1, 2]), 1, name=name),
        "identity in scope": lambda name: _in_scope(tf.name_scope("outer"), x, name),
    }


def _in_scope(scope, x, name=None):
    with scope:
        return tf.identity(x, name=name)


class TestTensorFlowsRules:
    @pytest.mark.parametrize("name", INJECTIONS)
    @pytest.mark.parametrize(
        "builder", list(builders(None)), ids=lambda builder: builder.replace(" ", "_")
    )
    def test_names_tensorflow_refuses_are_refused(self, builder, name):
        x = tf.constant(1.0, name="x")
        if builder == "identity in scope" and name in ("_a", "-a"):
            name = "a b"  # inside a scope "_" and "-" may lead, as in TensorFlow
        with pytest.raises(ValueError, match="is not a valid (root scope|scope|node) name"):
            builders(x)[builder](name)
        assert not hasattr(builtins, "tinytf_injected")

    def test_an_op_name_gets_tensorflows_message(self):
        with pytest.raises(ValueError) as caught:
            tf.identity(tf.constant(1.0), name="a b")
        assert str(caught.value) == (
            "'a b' is not a valid root scope name. A root scope name has to match the "
            "following pattern: ^[A-Za-z0-9.][A-Za-z0-9_.\\\\/>-]*$"
        )
        with pytest.raises(ValueError) as caught:
            tf.get_default_graph().create_op("NoOp", [], name="a b/")
        assert str(caught.value) == (
            "`a b` is not a valid node name. Accepted names conform to Regex "
            "/re.compile('^[A-Za-z0-9.][A-Za-z0-9_.\\\\\\\\/>-]*$')/"
        )
        with tf.name_scope("outer"), pytest.raises(ValueError) as caught:
            tf.no_op(name="a\nb")
        assert str(caught.value).startswith("'a\nb' is not a valid scope name.")

    @pytest.mark.parametrize("name", ["a.b", "a-b", "a/b", "a>b", "a\\b", "7", ".a", "A_1"])
    def test_names_tensorflow_accepts_are_kept(self, name):
        x = tf.constant(3.0, name="x")
        y = tf.identity(x, name=name)
        assert y.name == f"{name}:0"
        with tf.Session() as session:
            assert session.run(y) == 3.0

    def test_inside_a_scope_underscore_and_dash_may_lead(self):
        with tf.name_scope("s"):
            assert tf.constant(1.0, name="_a").name == "s/_a:0"
            assert tf.constant(1.0, name="-a").name == "s/-a:0"


# Characters that matter to Python source and to the name rules, mixed with any others.
_TRICKY = st.sampled_from(
    list("\n\r\x00\\'\"#:/_-.> \t\x0c\u2028\u202e\u200fä") + ["'''", '"""', "\r\n", "__import__"]
)
_NAMES = st.lists(st.one_of(_TRICKY, st.text(min_size=1, max_size=3)), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=_NAMES, builder=st.sampled_from(sorted(builders(None))))
def test_any_name_is_refused_with_value_error_or_runs(parts, builder):
    name = "".join(parts)
    with tf.Graph().as_default():
        x = tf.constant(5.0, name="x")
        try:
            built = builders(x)[builder](name)
        except ValueError as error:
            assert "not a valid" in str(error) or "Duplicate node name" in str(error)
            return
        fetch = built if isinstance(built, (tf.Tensor, tf.Operation)) else built.value()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            feed = {fetch: 4.0} if builder == "placeholder" else None
            value = session.run(fetch, feed)
        if builder in ("identity", "name_scope", "variable_scope", "identity in scope"):
            np.testing.assert_equal(value, 5.0)
    assert not hasattr(builtins, "tinytf_injected")
