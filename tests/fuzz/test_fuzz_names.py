"""Random names through the ways a name enters the graph: each is refused with a
ValueError naming it, or builds an op that runs; no name ever runs as code."""

import builtins

from hypothesis import given
from hypothesis import strategies as st

import tinytf as tf
from tests.fuzz.conftest import attempt, fuzz_settings

_PIECES = st.sampled_from(
    list("\n\r\x00\\'\"#:/_-.> \t\u2028\u202eä") + ["'''", "__import__('os')", "a", "7"]
)
NAMES = st.lists(st.one_of(_PIECES, st.text(max_size=4)), min_size=1, max_size=6).map("".join)


def _build(kind: str, name: str, x):
    if kind == "identity":
        return tf.identity(x, name=name)
    if kind == "constant":
        return tf.constant(1.0, name=name)
    if kind == "variable":
        return tf.Variable(2.0, name=name).value()
    if kind == "get_variable":
        return tf.get_variable(name, shape=[], initializer=tf.zeros_initializer()).value()
    if kind == "scope":
        with tf.name_scope(name):
            return tf.add(x, 1.0)
    if kind == "variable_scope":
        with tf.variable_scope(name):
            return tf.multiply(x, 2.0)
    if kind == "dense":
        return tf.layers.dense(tf.ones([1, 2]), 1, name=name)
    if kind == "create_op":
        return tf.get_default_graph().create_op("NoOp", [], name=name)
    raise AssertionError(kind)


KINDS = ["identity", "constant", "variable", "get_variable", "scope", "variable_scope"]


@fuzz_settings(300)
@given(name=NAMES, kind=st.sampled_from([*KINDS, "dense", "create_op"]))
def test_a_name_is_refused_naming_it_or_runs(name, kind):
    with tf.Graph().as_default():
        x = tf.constant(3.0)
        built = attempt(lambda: _build(kind, name, x), name, name.removesuffix("/"))
        if built is not None:
            with tf.Session() as session:
                session.run(tf.global_variables_initializer())
                session.run(built)
    assert not hasattr(builtins, "tinytf_injected")
