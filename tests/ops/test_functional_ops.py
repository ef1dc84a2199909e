"""tf.map_fn, tf.scan, tf.foldl, tf.foldr: loops over the first axis, with gradients."""

import numpy as np
import pytest

import tinytf as tf


def test_map_fn_stacks_results_with_static_shapes_and_tensorflows_name():
    elems = tf.placeholder(tf.float32, [5, 2])
    squares = tf.map_fn(lambda row: row * row, elems)
    assert squares.name == "map/TensorArrayStack/TensorArrayGatherV3:0"
    assert squares.shape.as_list() == [5, 2]
    values = np.arange(10, dtype=np.float32).reshape(5, 2)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(squares, {elems: values}), values**2)


def test_map_fn_over_a_nested_structure_with_an_unknown_length():
    a = tf.placeholder(tf.float32, [None])
    b = tf.placeholder(tf.float32, [None])
    total, difference = tf.map_fn(lambda pair: (pair[0] + pair[1], pair[0] - pair[1]), (a, b))
    assert total.shape.as_list() == [None]
    with tf.Session() as session:
        result = session.run([total, difference], {a: [1.0, 2.0, 3.0], b: [1.0, 1.0, 1.0]})
        empty = session.run(total, {a: np.zeros(0), b: np.zeros(0)})
    np.testing.assert_array_equal(result[0], [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(result[1], [0.0, 1.0, 2.0])
    assert empty.shape == (0,)


def test_scan_foldl_and_foldr_accumulate_in_tensorflows_order():
    elems = tf.constant([1.0, 2.0, 3.0, 4.0])
    running = tf.scan(lambda a, x: a + x, elems)
    from_the_end = tf.scan(lambda a, x: a + x, elems, initializer=10.0, reverse=True)
    left = tf.foldl(lambda a, x: a * 2.0 + x, elems)
    right = tf.foldr(lambda a, x: a * 2.0 + x, elems)
    with tf.Session() as session:
        values = session.run([running, from_the_end, left, right])
    np.testing.assert_array_equal(values[0], [1.0, 3.0, 6.0, 10.0])
    np.testing.assert_array_equal(values[1], [20.0, 19.0, 17.0, 14.0])
    assert values[2] == ((1.0 * 2 + 2) * 2 + 3) * 2 + 4
    assert values[3] == ((4.0 * 2 + 3) * 2 + 2) * 2 + 1


def test_gradients_reach_the_elements_and_a_variable_used_by_fn():
    elems = tf.placeholder(tf.float64, [3])
    w = tf.Variable(2.0, dtype=tf.float64)
    loss = tf.reduce_sum(tf.map_fn(lambda x: x * x * w, elems))
    d_elems, d_w = tf.gradients(loss, [elems, w])
    with tf.Session() as session:
        session.run(w.initializer)
        values = session.run([d_elems, d_w], {elems: [1.0, 2.0, 3.0]})
    np.testing.assert_allclose(values[0], [4.0, 8.0, 12.0])
    assert values[1] == pytest.approx(14.0)


def test_fn_must_be_callable():
    with pytest.raises(TypeError, match="fn must be callable"):
        tf.map_fn(1, tf.constant([1.0]))
