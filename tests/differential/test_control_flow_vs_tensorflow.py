"""Control flow against TensorFlow 1.x's (compat.v1 with control flow v1): cond, case,
while_loop, map_fn, scan, foldl/foldr, nested two levels: values, gradients, static shapes,
the names of the ops the program's functions create, and errors."""

import re

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph, tolerances
from tests.differential.reporting import record

X = np.random.default_rng(15).uniform(-1.0, 1.0, (3, 4))
W = np.random.default_rng(16).uniform(0.5, 1.0, (4, 4))
# Op types only one engine builds to carry control flow: TF 1.x's dataflow and TensorArray
# ops, and the functional ops and their argument placeholders in tinytf.
PLUMBING = {
    "Switch",
    "Merge",
    "Enter",
    "Exit",
    "NextIteration",
    "LoopCond",
    "If",
    "While",
    "Placeholder",
    "TensorListStack",
}
# tinytf's Identity ops that stand for TensorFlow's Merge and Exit ops (same names), and
# the axis of the gather that reads a map_fn's element where TensorFlow reads a TensorArray.
STAND_INS = re.compile(r"(/Merge(_\d+)?|/Exit(_\d+)?|TensorArrayReadV3(/axis)?)$")
# scan/foldl/foldr read and stack their elements with other helper ops than TensorArrays:
# their programs compare values, gradients, shapes and the result's name only.
HELPERS_DIFFER = {"scan", "foldl foldr"}


def _cond(tf, x, w):
    pred = tf.reduce_sum(x) > 0.0
    out = tf.cond(
        pred,
        lambda: {"a": tf.matmul(x, w), "b": (tf.sin(x),)},
        lambda: {"a": x * 2.0, "b": (x - 1.0,)},
    )
    return out["a"] + out["b"][0]


def _cond_false(tf, x, w):
    return tf.cond(tf.reduce_sum(x) > 100.0, lambda: tf.matmul(x, w), lambda: tf.tanh(x) * w[0])


def _nested_cond(tf, x, w):
    def outer_true():
        return tf.cond(x[0, 0] < 0.0, lambda: tf.exp(x) * w[1], lambda: tf.square(x)) + 1.0

    return tf.cond(tf.reduce_max(x) > 0.0, outer_true, lambda: x)


def _case(tf, x, w):
    total = tf.reduce_sum(x)
    return tf.case(
        [(total < -10.0, lambda: x * 3.0), (total < 10.0, lambda: tf.matmul(x, w))],
        default=lambda: x,
        exclusive=False,
    )


def _while(tf, x, w):
    def body(i, s):
        return i + 1, tf.tanh(tf.matmul(s, w)) + x

    # The trip count depends on the data.
    limit = tf.cast(tf.reduce_sum(tf.abs(x)) * 0.0 + 4.0, tf.int32)
    return tf.while_loop(lambda i, s: i < limit, body, [tf.constant(0), x])[1]


def _nested_while(tf, x, w):
    def inner(s):
        return tf.while_loop(
            lambda j, t: j < 2, lambda j, t: (j + 1, tf.matmul(tf.sin(t), w)), [0, s]
        )[1]

    return tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, inner(s) + x), [0, x])[1]


def _cond_in_while(tf, x, w):
    def body(i, s):
        return [i + 1, tf.cond(i < 2, lambda: tf.matmul(s, w), lambda: tf.sigmoid(s))]

    return tf.while_loop(lambda i, s: i < 4, body, [0, x], maximum_iterations=3)[1]


def _map(tf, x, w):
    return tf.map_fn(lambda row: tf.reduce_sum(tf.sin(row) * w, 0), x)


def _nested_map(tf, x, w):
    return tf.map_fn(lambda row: tf.map_fn(lambda v: v * v * w[0, 0], row), x)


def _scan(tf, x, w):
    return tf.scan(lambda a, row: tf.tanh(a * w[0] + row), x)


def _folds(tf, x, w):
    left = tf.foldl(lambda a, row: a * 0.5 + row * w[1], x, initializer=tf.zeros([4], x.dtype))
    return left + tf.foldr(lambda a, row: a * 0.5 + tf.sin(row), x)


PROGRAMS = {
    "cond": _cond,
    "cond false branch": _cond_false,
    "cond nested": _nested_cond,
    "case": _case,
    "while_loop": _while,
    "while_loop nested": _nested_while,
    "cond in while_loop": _cond_in_while,
    "map_fn": _map,
    "map_fn nested": _nested_map,
    "scan": _scan,
    "foldl foldr": _folds,
}


def _run(tf, program):
    with graph(tf) as g:
        x = tf.placeholder(tf.float64, [3, 4], name="x")
        w = tf.Variable(W, name="w")
        out = program(tf, x, w)
        names = sorted(
            op.name
            for op in g.get_operations()
            if op.type not in PLUMBING and not op.type.startswith("TensorArray")
        )
        loss = tf.reduce_sum(out * out)
        grads = tf.gradients(loss, [x, w])
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            values = session.run([out, *grads], {x: X})
        return {"values": values, "shape": out.shape.as_list(), "name": out.name, "ops": names}


@pytest.mark.parametrize("label", list(PROGRAMS))
def test_control_flow_matches_tensorflow(label):
    mine, theirs = (_run(tf, PROGRAMS[label]) for tf in ENGINES.values())
    for value, expected in zip(mine["values"], theirs["values"], strict=True):
        np.testing.assert_allclose(value, expected, **tolerances(np.float64))
    assert mine["shape"] == theirs["shape"]
    assert mine["name"] == theirs["name"]
    # Every op the program's functions create has TensorFlow's name (tinytf builds no
    # Switch/Enter/... plumbing, whose names TensorFlow takes as well).
    if label not in HELPERS_DIFFER:
        theirs_names = set(theirs["ops"])
        extra = [n for n in mine["ops"] if n not in theirs_names and not STAND_INS.search(n)]
        assert not extra, f"ops TensorFlow names differently: {extra}"
    record("programs")


def _errors(tf, build):
    with graph(tf):
        with pytest.raises(Exception) as caught:
            build(tf)
    return type(caught.value).__name__, str(caught.value).split("\n")[0]


ERRORS = {
    "cond dtypes": lambda tf: tf.cond(
        tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(1)
    ),
    "cond structures": lambda tf: tf.cond(
        tf.constant(True), lambda: (tf.constant(1.0), tf.constant(2.0)), lambda: tf.constant(1.0)
    ),
    "cond python bool": lambda tf: tf.cond(True, lambda: 1.0, lambda: 2.0),
    "cond missing result": lambda tf: tf.cond(tf.constant(True), lambda: None, lambda: 1.0),
    "while shape invariant": lambda tf: tf.while_loop(
        lambda v: tf.size(v) < 4, lambda v: tf.concat([v, v], 0), [tf.constant([1.0])]
    ),
    "while structure": lambda tf: tf.while_loop(
        lambda i: i < 3, lambda i: (i + 1, i), [tf.constant(0)]
    ),
    "while not callable": lambda tf: tf.while_loop(1, lambda i: i, [tf.constant(0)]),
    # TF 1.x's counter for maximum_iterations compares the loop variables' sequence types.
    "while maximum_iterations structure": lambda tf: tf.while_loop(
        lambda i, s: i < 3, lambda i, s: (i + 1, s), [0, 1.0], maximum_iterations=2
    ),
}


@pytest.mark.parametrize("label", list(ERRORS))
def test_errors_match_tensorflow(label):
    mine, theirs = (_errors(tf, ERRORS[label]) for tf in ENGINES.values())
    assert mine == theirs
    record("programs")


def _variables_program(tf):
    """Variables created inside a branch and inside a loop body, then trained through."""
    with graph(tf):
        x = tf.placeholder(tf.float32, [2], name="x")

        def branch():
            v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
            u = tf.Variable([3.0, 4.0], name="u")
            return x * v + u

        def body(i, s):
            with tf.variable_scope("cell", reuse=tf.AUTO_REUSE):
                k = tf.get_variable("k", [2], initializer=tf.constant_initializer(0.5))
            return i + 1, s * k

        out = tf.cond(x[0] > 0, branch, lambda: x)
        _, s = tf.while_loop(lambda i, s: i < 3, body, [0, out])
        loss = tf.reduce_sum(s * s)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        variables = tf.global_variables()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for _ in range(3):
                session.run(train, {x: [1.0, 2.0]})
            values = session.run(variables)
    names = [v.name for v in variables]
    return sorted(names), dict(zip(names, values, strict=True))


def test_variables_created_in_branches_and_bodies_are_named_and_trained_as_in_tensorflow():
    (mine, my_values), (theirs, their_values) = (_variables_program(tf) for tf in ENGINES.values())
    assert mine == theirs == ["cell/k:0", "cond/u:0", "v:0"]
    for name in mine:
        np.testing.assert_allclose(my_values[name], their_values[name], rtol=1e-5)
    record("programs")
