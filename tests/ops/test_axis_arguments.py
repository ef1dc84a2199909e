"""NumPy integer scalars and 0-d arrays serve as axes wherever a Python int does, as in
TensorFlow: reductions, concat, argmax, expand_dims, squeeze, split and the rest."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import common_shapes
from tinytf.ops.math_common import constant_axis

X_VALUE = np.arange(6.0).reshape(2, 3)

# Each program takes the `axis` (1 or -1 in some type) and x (float64 [2, 3]).
PROGRAMS = {
    "reduce_mean": lambda axis, x: tf.reduce_mean(x, axis=axis),
    "reduce_sum_keepdims": lambda axis, x: tf.reduce_sum(x, axis, keepdims=True),
    "reduce_max_in_list": lambda axis, x: tf.reduce_max(x, [axis]),
    "reduce_logsumexp": lambda axis, x: tf.reduce_logsumexp(x, axis),
    "reduce_all": lambda axis, x: tf.reduce_all(x > 1, axis),
    "reduction_indices": lambda axis, x: tf.reduce_min(x, reduction_indices=axis),
    "l2_normalize": lambda axis, x: tf.nn.l2_normalize(x, axis),
    "count_nonzero": lambda axis, x: tf.count_nonzero(x, axis),
    "moments": lambda axis, x: tf.nn.moments(x, [axis])[1],
    "concat": lambda axis, x: tf.concat([x, x], axis),
    "argmax": lambda axis, x: tf.argmax(x, axis),
    "argmin": lambda axis, x: tf.argmin(x, axis=axis),
    "expand_dims": lambda axis, x: tf.expand_dims(x, axis),
    "squeeze": lambda axis, x: tf.squeeze(x[:, :1], [axis]),
    "squeeze_scalar": lambda axis, x: tf.squeeze(x[:, :1], axis),
    "split": lambda axis, x: tf.split(x, 3, axis)[1],
    "stack": lambda axis, x: tf.stack([x, x], axis=axis),
    "unstack": lambda axis, x: tf.unstack(x, axis=axis)[2],
    "gather": lambda axis, x: tf.gather(x, [0, 2], axis=axis),
    "cumsum": lambda axis, x: tf.cumsum(x, axis),
    "softmax": lambda axis, x: tf.nn.softmax(x, axis=axis),
    "one_hot": lambda axis, x: tf.one_hot([0, 2], 3, axis=axis),
    "reverse": lambda axis, x: tf.reverse(x, [axis]),
}
AXES = [np.int64(1), np.int32(1), np.array(1), np.int64(-1), np.array(-1, np.int16)]


def run(program, axis):
    with tf.Graph().as_default():
        x = tf.constant(X_VALUE)
        output = program(axis, x)
        with tf.Session() as session:
            return output.shape.as_list(), session.run(output)


@pytest.mark.parametrize("axis", AXES, ids=lambda axis: f"{axis.dtype}({axis})")
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_numpy_integer_axis_gives_what_a_python_int_gives(name, axis):
    shape, value = run(PROGRAMS[name], axis)
    expected_shape, expected = run(PROGRAMS[name], int(axis))
    assert shape == expected_shape
    np.testing.assert_array_equal(value, expected)


def test_the_axis_helpers_turn_numpy_integers_into_python_ints():
    for axis in (np.int64(-1), np.array(-1), np.uint8(1)):
        assert type(constant_axis(axis, "Sum")) is int
    assert constant_axis(np.array([0, np.int64(1)]), "Sum") == [0, 1]
    assert common_shapes.normalize_axis(np.int64(-1), 2, "Sum") == (1,)
    assert common_shapes.normalize_axis(np.array([0, -1]), 3, "Sum") == (0, 2)


def test_numpy_axis_out_of_range_is_refused_as_a_python_one():
    x = tf.ones([2, 3])
    with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2"):
        tf.reduce_mean(x, axis=np.int64(2))
