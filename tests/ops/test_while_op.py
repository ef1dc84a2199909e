"""tf.while_loop: TF 1.x names, structures, shape invariants, errors, gradients."""

import collections

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(7)


def test_a_counting_loop_returns_tensorflows_exits():
    i, total = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), [0, 0])
    assert (i.name, total.name) == ("while/Exit:0", "while/Exit_1:0")
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"while/Merge", "while/Less", "while/Identity", "while/add", "while/add_1"} <= names
    with tf.Session() as session:
        assert session.run([i, total]) == [5, 10]


def test_single_variables_and_nested_structures():
    single = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])
    assert isinstance(single, tf.Tensor)
    same = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [0], return_same_structure=True)
    assert isinstance(same, list)
    State = collections.namedtuple("State", "step values")

    def body(state):
        return (State(state.step + 1, {"x": state.values["x"] * 2.0}),)

    start = State(tf.constant(0), {"x": tf.constant([1.0, 2.0])})
    final = tf.while_loop(lambda s: s.step < 3, body, (start,))  # one variable: unpacked
    with tf.Session() as session:
        assert session.run(single) == 3 and session.run(same) == [3]
        result = session.run(final)
    assert result.step == 3
    np.testing.assert_array_equal(result.values["x"], [8.0, 16.0])


def test_data_dependent_trip_count_and_maximum_iterations():
    limit = tf.placeholder(tf.int32, [])
    i = tf.while_loop(lambda i: i < limit, lambda i: i + 1, [0])
    capped = tf.while_loop(lambda i: i < limit, lambda i: i + 1, [0], maximum_iterations=4)
    with tf.Session() as session:
        assert session.run([i, capped], {limit: 7}) == [7, 4]
        assert session.run([i, capped], {limit: 2}) == [2, 2]


def test_shape_invariants_let_a_shape_grow():
    start = tf.constant([1.0])
    grown = tf.while_loop(
        lambda x: tf.size(x) < 8,
        lambda x: tf.concat([x, x], 0),
        [start],
        shape_invariants=[tf.TensorShape([None])],
    )
    assert grown.shape.as_list() == [None]
    with tf.Session() as session:
        assert session.run(grown).shape == (8,)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: tf.while_loop(1, lambda i: i, [0]), TypeError, "'cond' must be callable"),
        (lambda: tf.while_loop(lambda: True, lambda: [], []), ValueError, "must be provided"),
        (
            lambda: tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [tf.constant(0)]),
            ValueError,
            "don't have the same nested structure",
        ),
        (
            lambda: tf.while_loop(
                lambda x: tf.size(x) < 3, lambda x: tf.concat([x, x], 0), [tf.constant([0])]
            ),
            ValueError,
            r"enters the loop with shape \(1,\), but has shape \(2,\) after one iteration",
        ),
    ],
)
def test_bad_calls_raise_tensorflows_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gradient_of_a_data_dependent_loop_replays_each_iteration():
    x = tf.placeholder(tf.float64, [])
    w = tf.Variable(1.5, dtype=tf.float64)
    # s <- s * w until s exceeds 10: the trip count depends on x.
    _, s = tf.while_loop(lambda i, s: s < 10.0, lambda i, s: (i + 1, s * w), [0, x])
    dx, dw = tf.gradients(s, [x, w])
    with tf.Session() as session:
        session.run(w.initializer)
        for start, trips in ((1.0, 6), (5.0, 2)):
            values = session.run([s, dx, dw], {x: start})
            np.testing.assert_allclose(values[0], start * 1.5**trips)
            np.testing.assert_allclose(values[1], 1.5**trips)
            np.testing.assert_allclose(values[2], trips * start * 1.5 ** (trips - 1))


def test_an_optimizer_trains_a_variable_read_in_the_body():
    w = tf.Variable(0.5)
    _, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * w), [0, tf.constant(2.0)])
    loss = tf.square(s - 2.0 * 1.2**3)
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for _ in range(300):
            session.run(train)
        assert session.run(w) == pytest.approx(1.2, abs=1e-3)


def test_back_prop_false_stops_the_gradient():
    x = tf.placeholder(tf.float32, [])
    y = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x], back_prop=False)
    assert tf.gradients(y, x) == [None]


def test_plan_source_shows_the_condition_and_body_as_sub_plans():
    y = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [tf.constant(1.0)])
    with tf.Session() as session:
        assert session.run(y) == 16.0
        (plan,) = session._plans.values()
    assert "While 'while/While'" in plan.source
    assert "# sub-plan 'while/body'" in plan.source and "Mul 'while/mul'" in plan.source


def test_a_gradient_loop_computes_only_the_gradients_that_are_read():
    x = tf.placeholder(tf.float64, [3, 2])
    w = tf.Variable([[0.5, -1.0], [2.0, 0.25]], dtype=tf.float64)

    def body(i, h):
        return i + 1, tf.tanh(tf.matmul(h, w) + tf.gather(x, i))

    _, h = tf.while_loop(lambda i, h: i < 3, body, [0, tf.zeros([1, 2], tf.float64)])
    dw, dx = tf.gradients(tf.reduce_sum(h), [w, x])
    values = RNG.normal(size=(3, 2))
    with tf.Session() as session:
        session.run(w.initializer)
        only_dw = session.run(dw, {x: values})
        both = session.run([dw, dx], {x: values})
        sources = [plan.source for plan in session._plans.values()]
    assert "UnsortedSegmentSum" not in sources[-2] and "UnsortedSegmentSum" in sources[-1]
    np.testing.assert_array_equal(only_dw, both[0])
    weights, rows, state = np.array([[0.5, -1.0], [2.0, 0.25]]), [], np.zeros((1, 2))
    for step in range(3):  # the gradient by hand: forward, then back through each step
        rows.append(state)
        state = np.tanh(state @ weights + values[step])
    grad, expected_dw, expected_dx = np.ones((1, 2)), np.zeros((2, 2)), np.zeros((3, 2))
    for step in (2, 1, 0):
        pre = 1 - np.tanh(rows[step] @ weights + values[step]) ** 2
        grad = grad * pre
        expected_dw += rows[step].T @ grad
        expected_dx[step] = grad[0]
        grad = grad @ weights.T
    np.testing.assert_allclose(both[0], expected_dw)
    np.testing.assert_allclose(both[1], expected_dx)


def test_a_tensor_read_a_slice_at_a_time_gets_its_gradient_scattered_once_after_the_loop():
    x = tf.placeholder(tf.float32, [3, 2])

    def body(i, h):  # rows i % 3 and 2: row 2 twice at i = 2, rows repeat across steps
        rows = tf.gather(x, tf.stack([i % 3, 2]))
        return i + 1, h * 0.5 + tf.reduce_sum(rows * rows, axis=0)

    _, h = tf.while_loop(lambda i, h: i < 5, body, [0, tf.zeros([2])])
    (dx,) = tf.gradients(tf.reduce_sum(h), [x])
    assert (dx.dtype, dx.shape.as_list()) == (tf.float32, [3, 2])
    values = RNG.normal(size=(3, 2)).astype(np.float32)
    with tf.Session() as session:
        result = session.run(dx, {x: values})
        source = list(session._plans.values())[-1].source
    gradient_body = source[source.index("# sub-plan 'while/While_grad/body'") :]
    # Each iteration's slices are kept, not scattered into a [3, 2] sum.
    assert "# UnsortedSegmentSum '" not in gradient_body and "# AddV2 '" not in gradient_body
    expected = np.zeros((3, 2))
    for step in range(5):  # h after the loop holds step's rows times 0.5 ** (4 - step)
        for row in (step % 3, 2):
            expected[row] += 0.5 ** (4 - step) * 2 * values[row]
    np.testing.assert_allclose(result, expected, rtol=1e-6)


def test_a_third_order_gradient_through_a_loop_is_refused_naming_the_op():
    x = tf.placeholder(tf.float32, [3])
    result = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * v), [0, x])[1]
    (gradient,) = tf.gradients(tf.reduce_sum(result), x)
    (second,) = tf.gradients(tf.reduce_sum(gradient), x)
    with pytest.raises(LookupError, match=r"No gradient defined for .*WhileGradGrad"):
        tf.gradients(tf.reduce_sum(second), x)


def test_second_order_through_a_loop_matches_the_closed_form():
    x = tf.placeholder(tf.float64, [3])
    # v -> v * v three times: x ** 8, whose second derivative is 56 x ** 6.
    result = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * v), [0, x])[1]
    (gradient,) = tf.gradients(tf.reduce_sum(result), x)
    (second,) = tf.gradients(tf.reduce_sum(gradient), x)
    values = np.array([0.5, -1.2, 0.9])
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(second, {x: values}), 56 * values**6)
