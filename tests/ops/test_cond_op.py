"""tf.cond: only the taken branch runs, TF 1.x names and shapes, errors, gradients."""

import collections

import numpy as np
import pytest

import tinytf as tf


def test_only_the_taken_branch_runs_its_assign_and_random_draw():
    pred = tf.placeholder(tf.bool, [])
    counter = tf.Variable(0, name="counter")
    others = tf.Variable(0, name="others")

    def true_fn():
        with tf.control_dependencies([tf.assign_add(counter, 1)]):
            return tf.identity(tf.random_uniform([]))

    def false_fn():
        with tf.control_dependencies([tf.assign_add(others, 1)]):
            return tf.constant(-1.0)

    result = tf.cond(pred, true_fn, false_fn)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        assert session.run(result, {pred: False}) == -1.0
        assert session.run([counter, others]) == [0, 1]
        drawn = session.run(result, {pred: True})
        assert 0.0 <= drawn < 1.0 and session.run([counter, others]) == [1, 1]


def test_names_shapes_and_nested_structures_are_tensorflows():
    pred = tf.placeholder(tf.bool, [], name="p")
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    result = tf.cond(
        pred,
        lambda: {"a": x * 2.0, "b": (tf.zeros([2, 3]), 1.0)},
        lambda: {"a": x - 1.0, "b": (tf.zeros([2, 4]), 2.0)},
    )
    assert result["a"].name == "cond/Merge:0" and result["a"].shape.as_list() == [None, 3]
    assert result["b"][0].name == "cond/Merge_1:0"
    assert result["b"][0].shape.as_list() == [2, None]  # the merge of [2,3] and [2,4]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert {"cond/mul", "cond/sub", "cond/zeros", "cond/zeros_1"} <= set(names)
    with tf.Session() as session:
        values = session.run(result, {pred: False, x: np.ones((1, 3))})
    np.testing.assert_array_equal(values["a"], np.zeros((1, 3)))
    assert values["b"][1] == 2.0


def test_single_results_are_unpacked_unless_strict_and_old_keywords_work():
    pred = tf.constant(True)
    assert isinstance(tf.cond(pred, lambda: [tf.constant(1)], lambda: [tf.constant(2)]), tf.Tensor)
    strict = tf.cond(pred, lambda: [tf.constant(1)], lambda: [tf.constant(2)], strict=True)
    assert isinstance(strict, list) and len(strict) == 1
    old = tf.cond(pred, fn1=lambda: tf.constant(3), fn2=lambda: tf.constant(4), name="old")
    Pair = collections.namedtuple("Pair", "a b")
    pair = tf.cond(pred, lambda: Pair(1.0, 2.0), lambda: Pair(3.0, 4.0))
    with tf.Session() as session:
        assert session.run(old) == 3 and old.name == "old/Merge:0"
        assert session.run(pair) == Pair(1.0, 2.0)


def test_variables_created_in_a_branch_keep_their_names_and_initialise_outside():
    pred = tf.placeholder(tf.bool, [])

    def true_fn():
        return tf.get_variable("v", [2], initializer=tf.ones_initializer()) * 3.0

    result = tf.cond(pred, true_fn, lambda: tf.zeros([2]))
    assert [v.name for v in tf.global_variables()] == ["v:0"]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(session.run(result, {pred: True}), [3.0, 3.0])


def test_control_dependencies_outside_the_cond_run_before_it():
    counter = tf.Variable(0.0)
    with tf.control_dependencies([tf.assign_add(counter, 1.0)]):
        result = tf.cond(tf.constant(True), lambda: tf.constant(5.0), lambda: tf.constant(6.0))
    with tf.Session() as session:
        session.run(counter.initializer)
        assert session.run(result) == 5.0 and session.run(counter) == 1.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: tf.cond(True, lambda: 1.0, lambda: 2.0), TypeError, "must not be a Python bool"),
        (lambda: tf.cond(tf.constant(True), 1.0, lambda: 2.0), TypeError, "'true_fn' must be"),
        (
            lambda: tf.cond(tf.constant(True), lambda: None, lambda: 2.0),
            ValueError,
            "'true_fn' must have a return value",
        ),
        (
            lambda: tf.cond(tf.constant(True), lambda: 1.0, lambda: tf.constant(1)),
            ValueError,
            "Received float32 from 'true_fn' and int32 from 'false_fn'",
        ),
        (
            lambda: tf.cond(tf.constant(True), lambda: (1.0, 2.0), lambda: 1.0),
            ValueError,
            "don't have the same nested structure",
        ),
        (
            lambda: tf.cond(tf.constant([True]), lambda: 1.0, lambda: 2.0),
            ValueError,
            "Shape must be rank 0 but is rank 1",
        ),
    ],
)
def test_bad_calls_raise_tensorflows_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gradients_flow_to_captured_tensors_and_variables_of_the_taken_branch():
    pred = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float64, [2])
    w = tf.Variable(np.array([2.0, 3.0]))
    y = tf.cond(pred, lambda: tf.reduce_sum(x * w * w), lambda: tf.reduce_sum(x))
    dx, dw = tf.gradients(y, [x, w])
    with tf.Session() as session:
        session.run(w.initializer)
        feed = {x: [1.0, 2.0], pred: True}
        np.testing.assert_allclose(session.run(dx, feed), [4.0, 9.0])
        np.testing.assert_allclose(session.run(dw, feed), [4.0, 12.0])
        feed[pred] = False
        np.testing.assert_allclose(session.run(dx, feed), [1.0, 1.0])
        np.testing.assert_allclose(session.run(dw, feed), [0.0, 0.0])


def test_an_optimizer_trains_variables_read_in_a_branch():
    pred = tf.placeholder(tf.bool, [])
    w = tf.Variable(5.0)
    loss = tf.cond(pred, lambda: tf.square(w - 1.0), lambda: tf.square(w + 1.0))
    train = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
    with tf.Session() as session:
        session.run(w.initializer)
        for _ in range(30):
            session.run(train, {pred: True})
        assert session.run(w) == pytest.approx(1.0, abs=1e-4)


def test_second_order_gradient_through_cond():
    x = tf.placeholder(tf.float64, [])
    y = tf.cond(x > 0.0, lambda: x**3, lambda: x * x)
    (dx,) = tf.gradients(y, x)
    (ddx,) = tf.gradients(dx, x)
    with tf.Session() as session:
        assert session.run([dx, ddx], {x: 2.0}) == pytest.approx([12.0, 12.0])
        assert session.run([dx, ddx], {x: -2.0}) == pytest.approx([-4.0, 2.0])


def test_plan_source_shows_each_branch_as_a_sub_plan():
    pred = tf.placeholder(tf.bool, [])
    result = tf.cond(pred, lambda: tf.constant(1.0) * 2.0, lambda: tf.constant(0.0))
    with tf.Session() as session:
        session.run(result, {pred: True})
        (plan,) = session._plans.values()
    assert "If 'cond/If'" in plan.source
    assert "# sub-plan 'cond/true_fn'" in plan.source
    assert "# sub-plan 'cond/false_fn'" in plan.source


def test_a_graph_with_a_cond_exports_its_branches_as_functions_of_the_library():
    tf.cond(tf.placeholder(tf.bool, []), lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    graph_def = tf.get_default_graph().as_graph_def()
    nodes = {node.name: node for node in graph_def.node}
    assert "cond/Const" not in nodes  # inside the function, not at the top level
    assert nodes["cond/If"].op == "StatelessIf"
    functions = {f.signature.name: f for f in graph_def.library.function}
    then_branch = functions[nodes["cond/If"].attr["then_branch"].func.name]
    assert [node.name for node in then_branch.node_def] == ["cond/Const"]
    assert dict(then_branch.ret) == {"output_0": "cond/Const:output:0"}
