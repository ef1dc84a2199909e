"""Clipping by value, by norm and by global norm, against NumPy formulas."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_clip_by_value_is_minimum_then_maximum():
    x = tf.placeholder(tf.float32, [None, 3])
    clipped = tf.clip_by_value(x, 0.2, 0.8)
    assert (clipped.op.type, clipped.op.name) == ("Maximum", "clip_by_value")
    assert clipped.op.inputs[0].op.name == "clip_by_value/Minimum"
    value = np.array([[0.0, 0.5, 1.0]], np.float32)
    np.testing.assert_array_equal(run(clipped, {x: value}), np.clip(value, 0.2, 0.8))
    bounds = tf.clip_by_value(tf.constant([1.0, 5.0]), [2.0, 2.0], [3.0, 3.0])
    np.testing.assert_array_equal(run(bounds), [2.0, 3.0])


def test_clip_by_value_must_not_broadcast_t():
    with pytest.raises(ValueError, match="must not change its shape"):
        tf.clip_by_value(tf.ones([3]), tf.zeros([2, 3]), 1.0)


def test_clip_by_norm_scales_only_tensors_that_are_too_long():
    rows = tf.constant([[3.0, 4.0], [0.0, 0.0], [0.3, 0.4]])
    per_row = tf.clip_by_norm(rows, 1.0, axes=[1])
    assert (per_row.op.type, per_row.op.name) == ("Identity", "clip_by_norm")
    np.testing.assert_allclose(run(per_row), [[0.6, 0.8], [0.0, 0.0], [0.3, 0.4]], rtol=1e-6)
    whole = run(tf.clip_by_norm(rows, 2.0))
    np.testing.assert_allclose(whole, run(rows) * 2.0 / np.linalg.norm(run(rows)), rtol=1e-6)


def test_clip_by_norm_has_a_finite_gradient_at_zero():
    x = tf.zeros([3])
    grad = run(tf.gradients(tf.clip_by_norm(x, 1.0), x)[0])
    assert np.all(np.isfinite(grad))


def test_global_norm_and_clip_by_global_norm():
    a, b = np.array([3.0, 0.0], np.float32), np.array([[4.0]], np.float32)
    norm = tf.global_norm([a, None, b])
    assert (norm.op.type, norm.op.name) == ("Sqrt", "global_norm/global_norm")
    np.testing.assert_allclose(run(norm), 5.0, rtol=1e-6)
    clipped, used = tf.clip_by_global_norm([a, None, b], 1.0)
    assert clipped[1] is None
    assert [t.op.name for t in (clipped[0], clipped[2])] == [
        "clip_by_global_norm/clip_by_global_norm/_0",
        "clip_by_global_norm/clip_by_global_norm/_2",
    ]
    first, second, used = run([clipped[0], clipped[2], used])
    np.testing.assert_allclose(first, a / 5, rtol=1e-6)
    np.testing.assert_allclose(second, b / 5, rtol=1e-6)
    assert used == pytest.approx(5.0)
    unchanged, _ = tf.clip_by_global_norm([a], 10.0)
    np.testing.assert_allclose(run(unchanged[0]), a, rtol=1e-6)


def test_clip_by_global_norm_makes_everything_nan_for_an_infinite_norm():
    clipped, _ = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)
    assert np.all(np.isnan(run(clipped[0])))


def test_norm_functions_need_a_list():
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.global_norm(tf.ones([2]))
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.clip_by_global_norm(tf.ones([2]), 1.0)
