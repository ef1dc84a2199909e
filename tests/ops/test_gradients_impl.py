"""tf.gradients: TensorFlow's symbolic reverse mode, built as graph ops."""

import sys
import tracemalloc

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import registry


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_x_plus_x_times_x():
    x = tf.constant(3.0)
    (grad,) = tf.gradients(x + x * x, x)
    assert run(grad) == 7.0  # 1 + 2x: both paths are summed before x's gradient is read


def test_contributions_are_summed_once():
    x = tf.constant(3.0)
    (grad,) = tf.gradients(x * x + x, x, name="mygrads")
    assert grad.name == "mygrads/AddN:0"
    assert run(grad) == 7.0
    adds = [op for op in tf.get_default_graph().get_operations() if op.type == "AddN"]
    assert len(adds) == 1


def test_gradients_of_several_ys_are_summed():
    x = tf.constant(3.0)
    assert run(tf.gradients([x * x, 3.0 * x], x)) == [9.0]


def test_the_same_x_twice():
    x = tf.constant(3.0)
    first, second = tf.gradients(x * x, [x, x])
    assert first is second and run(first) == 6.0


def test_y_is_x():
    x = tf.constant(3.0)
    assert run(tf.gradients(x, x)) == [1.0]


def test_unconnected_gives_none_or_zeros():
    x = tf.placeholder(tf.float32, [2], name="x")
    unrelated = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(x * 2.0)
    assert tf.gradients(y, unrelated) == [None]
    (zeros,) = tf.gradients(y, unrelated, unconnected_gradients="zero")
    np.testing.assert_array_equal(run(zeros), [0.0, 0.0])
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'some'"):
        tf.gradients(y, x, unconnected_gradients="some")


def test_integer_tensors_get_no_gradient():
    i = tf.constant(2, name="i")
    assert tf.gradients(i * i, i) == [None]
    assert tf.gradients(tf.cast(i, tf.float32) * 2.0, i) == [None]


def test_stop_gradient_blocks():
    c = tf.constant(3.0)
    assert run(tf.gradients(tf.stop_gradient(c) * c, c)) == [3.0]
    assert tf.gradients(tf.stop_gradient(c), c) == [None]


def test_non_differentiable_ops_block():
    c = tf.constant(3.0)
    step = tf.cast(c > 2.0, tf.float32)  # Greater has no gradient
    assert tf.gradients(step, c) == [None]
    assert run(tf.gradients(step * c, c)) == [1.0]


def test_stop_gradients_argument():
    c = tf.constant(3.0)
    square = c * c
    assert run(tf.gradients(square + c, c, stop_gradients=[square])) == [1.0]
    assert run(tf.gradients(square + c, c)) == [7.0]


def test_missing_gradient_is_a_lookup_error_naming_the_op_type():
    op_type = "TestOnlyNoGradient"
    with registry.registration_scope():
        registry.register_op(
            op_type, infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape)
        )(lambda x: x)
        x = tf.constant(1.0)
        y = tf.get_default_graph().create_op(op_type, [x], name="mystery").outputs[0]
        with pytest.raises(
            LookupError,
            match=f"No gradient defined for operation 'mystery' "
            rf"\(op type: {op_type}\)",
        ):
            tf.gradients(y * 2.0, x)


def test_gradients_of_gradients():
    x = tf.constant(2.0)
    (first,) = tf.gradients(x * x * x, x)
    (second,) = tf.gradients(first, x)
    (third,) = tf.gradients(second, x)
    assert run([first, second, third]) == [12.0, 12.0, 6.0]


def test_broadcasting_is_reduced_back_with_an_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    bias = tf.constant([1.0, 2.0, 3.0])
    grad_x, grad_bias = tf.gradients(tf.reduce_sum(x + bias), [x, bias])
    assert grad_x.shape.as_list() == [None, 3]
    assert grad_bias.shape.as_list() == [3]
    values = run([grad_x, grad_bias], {x: np.ones((5, 3))})
    np.testing.assert_array_equal(values[0], np.ones((5, 3)))
    np.testing.assert_array_equal(values[1], [5.0, 5.0, 5.0])


def test_broadcast_of_both_operands():
    column = tf.placeholder(tf.float32, [None, 1], name="column")
    row = tf.constant([[1.0, 2.0, 3.0]])
    grads = tf.gradients(tf.reduce_sum(column * row), [column, row])
    values = run(grads, {column: [[1.0], [2.0]]})
    np.testing.assert_array_equal(values[0], [[6.0], [6.0]])
    np.testing.assert_array_equal(values[1], [[3.0, 3.0, 3.0]])


def test_grad_ys():
    c = tf.constant(3.0)
    assert run(tf.gradients(c * c, c, grad_ys=tf.constant(2.0))) == [12.0]
    assert run(tf.gradients([c * c], c, grad_ys=[2.0])) == [12.0]
    with pytest.raises(ValueError, match="Length mismatch. Passed 2 grad_ys for 1 ys"):
        tf.gradients([c * c], c, grad_ys=[2.0, 3.0])


def test_names_live_under_the_gradients_scope():
    c = tf.constant(3.0, name="c")
    (first,) = tf.gradients(c * c, c)
    (second,) = tf.gradients(c * c, c)
    assert first.name.startswith("gradients/")
    assert second.name.startswith("gradients_1/")
    grad_ops = [
        op.name
        for op in tf.get_default_graph().get_operations()
        if op.name.startswith("gradients/")
    ]
    assert "gradients/mul_grad" in {name.rsplit("/", 1)[0] for name in grad_ops}


def test_variables_get_the_gradient_of_all_their_reads():
    variable = tf.Variable(3.0, name="v")
    y = variable.value() * 2.0 + variable.read_value() * 5.0
    (grad,) = tf.gradients(y, variable)
    with tf.Session() as session:
        session.run(variable.initializer)
        assert session.run(grad) == 7.0


def test_variable_as_y_differentiates_its_value():
    variable = tf.Variable([1.0, 2.0])
    (grad,) = tf.gradients(variable, variable)
    np.testing.assert_array_equal(run(grad), [1.0, 1.0])


def test_a_chain_of_ten_thousand_ops():
    limit = sys.getrecursionlimit()
    assert limit < 10_000  # so a recursive walk would fail
    x = tf.placeholder(tf.float64, [], name="x")
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    (grad,) = tf.gradients(y, x)
    value, derivative = run([y, grad], {x: 1.0})
    np.testing.assert_allclose(value, 1.0001**10_000)
    np.testing.assert_allclose(derivative, 1.0001**10_000)


def test_no_dense_jacobians():
    x = tf.placeholder(tf.float64, [1000, 1000], name="x")
    loss = tf.reduce_sum(tf.tanh(x) * x)
    (grad,) = tf.gradients(loss, x)
    value = np.random.default_rng(0).standard_normal((1000, 1000))
    with tf.Session() as session:
        session.run(grad, {x: value})  # plan, warm up
        tracemalloc.start()
        try:
            result = session.run(grad, {x: value})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    np.testing.assert_allclose(result, np.tanh(value) + value / np.cosh(value) ** 2)
    assert peak < 12 * value.nbytes  # a handful of [1000, 1000] arrays, not 10^12 entries


def test_compute_gradient_reports_both_jacobians():
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    y = tf.reduce_sum(x * x, axis=1)
    start = np.arange(6.0).reshape(2, 3)
    with tf.Session():
        theoretical, numerical = tf.test.compute_gradient(x, [2, 3], y, [2], x_init_value=start)
        error = tf.test.compute_gradient_error(x, [2, 3], y, [2])
    expected = np.zeros((6, 2))
    expected[:3, 0], expected[3:, 1] = 2 * start[0], 2 * start[1]
    np.testing.assert_array_equal(theoretical, expected)
    np.testing.assert_allclose(numerical, expected, atol=1e-8)
    assert error < 1e-8


def test_compute_gradient_of_several_xs_and_a_wrong_gradient():
    x = tf.placeholder(tf.float64, [2, 3])
    z = tf.placeholder(tf.float64, [3])
    y = tf.reduce_sum(x * z, axis=1)
    with tf.Session():
        pairs = tf.test.compute_gradient([x, z], [[2, 3], [3]], y, [2])
        assert [theoretical.shape for theoretical, _ in pairs] == [(6, 2), (3, 2)]
        assert tf.test.compute_gradient_error([x, z], [[2, 3], [3]], y, [2]) < 1e-8
        wrong = tf.stop_gradient(x * x) + x  # true derivative 2x + 1, computed as 1
        assert (
            tf.test.compute_gradient_error(x, [2, 3], wrong, [2, 3], x_init_value=np.ones((2, 3)))
            > 1.0
        )


def test_compute_gradient_needs_a_default_session():
    x = tf.placeholder(tf.float64, [2])
    with pytest.raises(ValueError, match="runs in the default session"):
        tf.test.compute_gradient(x, [2], x * 2.0, [2])


def test_a_gradient_of_the_wrong_shape_is_refused():
    op_type = "TestOnlyWrongShapeGradient"
    with registry.registration_scope():
        registry.register_op(
            op_type, infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape)
        )(lambda x: x)
        tf.RegisterGradient(op_type)(lambda op, grad: tf.reduce_sum(grad, axis=0))
        x = tf.constant([[1.0, 2.0]])
        y = tf.get_default_graph().create_op(op_type, [x], name="wrong").outputs[0]
        with pytest.raises(
            ValueError,
            match=r"Incompatible shapes between op input and "
            r"calculated input gradient. Forward operation: "
            r"wrong. Input index: 0. Original input shape: "
            r"\(1, 2\). Calculated input gradient shape: "
            r"\(2,\)",
        ):
            tf.gradients(y, x)
