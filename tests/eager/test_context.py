"""Eager ops run at once through the registered kernels and give tensors with values."""

import numpy as np
import pytest

import tinytf
from tinytf.eager.context import EagerTensor, eager_mode


def test_ops_run_when_built_and_hold_their_values(tf):
    assert tf.executing_eagerly()
    product = tf.matmul(tf.constant([[1.0, 2.0]]), tf.ones([2, 3]))
    assert isinstance(product, EagerTensor)
    np.testing.assert_array_equal(product.numpy(), [[3.0, 3.0, 3.0]])
    assert product.shape.as_list() == [1, 3]
    assert product.dtype == tf.float32


def test_eager_tensors_convert_to_python_and_numpy(tf):
    value = tf.reduce_sum(tf.constant([1.5, 2.5]))
    assert float(value) == 4.0
    assert int(tf.constant(3)) == 3
    assert bool(tf.constant(True)) is True
    assert np.asarray(tf.constant([1, 2])).tolist() == [1, 2]
    assert "numpy=4.0" in repr(value)
    assert [float(row) for row in tf.constant([1.0, 2.0])] == [1.0, 2.0]
    assert len(tf.constant([[1], [2], [3]])) == 3


def test_python_control_flow_reads_values(tf):
    total = tf.constant(0)
    while total < 5:
        total = total + 2
    assert int(total) == 6


def test_variables_are_initialised_at_once_and_read_anew_at_each_use(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    assert w.name == "w:0"
    doubled = w * 2.0
    w.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(doubled.numpy(), [2.0, 4.0])
    np.testing.assert_array_equal((w * 2.0).numpy(), [4.0, 6.0])
    np.testing.assert_array_equal(w.numpy(), [2.0, 3.0])


def test_get_variable_in_a_variable_scope(tf):
    with tf.variable_scope("layer"):
        kernel = tf.get_variable("kernel", [2, 2], initializer=tf.ones_initializer())
    assert kernel.name == "layer/kernel:0"
    np.testing.assert_array_equal(kernel.numpy(), np.ones((2, 2)))


def test_seeded_random_ops_draw_new_numbers_each_call(tf):
    tf.set_random_seed(1)
    first, second = tf.random_normal([3]), tf.random_normal([3])
    assert not np.array_equal(first.numpy(), second.numpy())


def test_a_kernel_error_names_the_op(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="MatMul"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]), name="bad")


def test_ops_of_a_graph_are_refused_as_eager_inputs(tf):
    with tf.Graph().as_default():
        placeholder = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="must be from the same graph"):
        tf.add(placeholder, tf.ones([2]))
    with pytest.raises(TypeError, match="graph tensor"):
        tf.identity(placeholder)


def test_eager_ops_are_not_kept(tf):
    graph = tf.get_default_graph()
    for _ in range(100):
        tf.add(tf.ones([2]), 1.0)
    assert graph.get_operations() == []


def test_enable_eager_execution_after_graph_ops_raises():
    with tinytf.Graph().as_default():
        tinytf.constant(1.0)
        with pytest.raises(ValueError, match="must be called at program startup"):
            tinytf.enable_eager_execution()
    assert not tinytf.executing_eagerly()


def test_cond_and_while_loop_are_pythons_own_in_eager_mode(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cond(x > 2.0, lambda: x * x, lambda: x)
    assert float(y) == 9.0
    assert float(tape.gradient(y, x)) == 6.0
    assert float(tf.cond(x < 2.0, lambda: [x], lambda: [x + 1.0])) == 4.0
    count, total = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), [0, 0])
    assert (int(count), int(total)) == (5, 10)
    assert int(tf.while_loop(lambda i: i < 10, lambda i: i * 2, [1])) == 16
    assert int(tf.while_loop(lambda i: i < 10, lambda i: i * 2, 1, maximum_iterations=2)) == 4


def test_map_fn_scan_and_folds_loop_in_python_in_eager_mode(tf):
    elems = tf.constant([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(tf.map_fn(lambda x: x * x, elems).numpy(), [1.0, 4.0, 9.0])
    np.testing.assert_array_equal(tf.scan(lambda a, x: a + x, elems).numpy(), [1.0, 3.0, 6.0])
    np.testing.assert_array_equal(
        tf.scan(lambda a, x: a + x, elems, initializer=10.0, reverse=True).numpy(),
        [16.0, 15.0, 13.0],
    )
    assert float(tf.foldl(lambda a, x: a - x, elems)) == -4.0
    assert float(tf.foldr(lambda a, x: a - x, elems)) == 0.0


def test_eager_mode_sets_the_graphs_aside_and_restores_them():
    with tinytf.Graph().as_default() as graph:
        with eager_mode():
            assert tinytf.executing_eagerly()
            assert float(tinytf.constant(2.0) * 3.0) == 6.0
        assert not tinytf.executing_eagerly()
        assert tinytf.get_default_graph() is graph
