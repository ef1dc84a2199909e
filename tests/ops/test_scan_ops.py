"""Scans: cumsum and cumprod with exclusive and reverse, against a plain NumPy reference."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def reference(accumulate, identity, value, axis, exclusive, reverse):
    """The scan written out: flip, shift by one for exclusive, accumulate, flip back."""
    moved = np.moveaxis(value, axis, 0)
    if reverse:
        moved = moved[::-1]
    if exclusive:
        moved = np.concatenate([np.full_like(moved[:1], identity), moved[:-1]])
    out = accumulate(moved, axis=0)
    if reverse:
        out = out[::-1]
    return np.moveaxis(out, 0, axis)


@pytest.mark.parametrize(
    "function, accumulate, identity, op_type",
    [(tf.cumsum, np.cumsum, 0, "Cumsum"), (tf.cumprod, np.cumprod, 1, "Cumprod")],
)
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_scans_match_the_reference(
    function, accumulate, identity, op_type, axis, exclusive, reverse
):
    value = np.random.default_rng(2).uniform(0.5, 1.5, size=(3, 4)).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4])
    y = function(x, axis, exclusive=exclusive, reverse=reverse)
    assert (y.op.type, y.op.name, y.shape.as_list()) == (op_type, op_type, [None, 4])
    result = run(y, {x: value})
    assert result.dtype == np.float32
    np.testing.assert_allclose(
        result, reference(accumulate, identity, value, axis, exclusive, reverse), rtol=1e-6
    )


def test_integer_scans_and_tensorflows_example():
    np.testing.assert_array_equal(
        run(tf.cumprod(tf.constant([1, 2, 3, 4]), exclusive=True, reverse=True)), [24, 12, 4, 1]
    )
    np.testing.assert_array_equal(run(tf.cumsum(tf.constant([1, 2, 3]), exclusive=True)), [0, 1, 3])


def test_scans_of_empty_axes_and_bad_axes():
    assert run(tf.cumsum(tf.zeros([0]), exclusive=True)).shape == (0,)
    with pytest.raises(ValueError, match="axis 2 is out of range for a tensor of rank 2"):
        tf.cumsum(tf.ones([2, 3]), axis=2)
    with pytest.raises(TypeError, match="DataType bool not in list"):
        tf.cumsum(tf.constant([True]))


def test_cumsum_gradient_is_a_reversed_cumsum():
    x = tf.constant([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(run(tf.gradients(tf.cumsum(x), x)[0]), [3.0, 2.0, 1.0])
    np.testing.assert_array_equal(
        run(tf.gradients(tf.cumsum(x, exclusive=True), x)[0]), [2.0, 1.0, 0.0]
    )
