"""NumPy integer axes (scalars and 0-d arrays) give what TensorFlow's compat.v1 gives."""

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

X_VALUE = np.arange(6.0).reshape(2, 3)

# Each program takes the `tf` module, the axis and x (float64 [2, 3]). TensorFlow 2.21's
# argmax refuses a NumPy axis ("axis tensor dtypes int64 is not supported"), unlike its
# TF 1.x form and its own argmin, and its squeeze takes no 0-d array for a lone axis;
# tinytf accepts both, so neither is compared.
PROGRAMS = {
    "reduce_mean": lambda tf, axis, x: tf.reduce_mean(x, axis=axis),
    "reduce_sum_keepdims": lambda tf, axis, x: tf.reduce_sum(x, axis, keepdims=True),
    "reduce_max_in_list": lambda tf, axis, x: tf.reduce_max(x, [axis]),
    "reduce_logsumexp": lambda tf, axis, x: tf.reduce_logsumexp(x, axis),
    "reduce_all": lambda tf, axis, x: tf.reduce_all(x > 1, axis),
    "l2_normalize": lambda tf, axis, x: tf.nn.l2_normalize(x, axis),
    "count_nonzero": lambda tf, axis, x: tf.count_nonzero(x, axis),
    "moments": lambda tf, axis, x: tf.nn.moments(x, [axis])[1],
    "concat": lambda tf, axis, x: tf.concat([x, x], axis),
    "argmin": lambda tf, axis, x: tf.argmin(x, axis=axis),
    "expand_dims": lambda tf, axis, x: tf.expand_dims(x, axis),
    "squeeze": lambda tf, axis, x: tf.squeeze(x[:, :1], [axis]),
    "split": lambda tf, axis, x: tf.split(x, 3, axis)[1],
    "stack": lambda tf, axis, x: tf.stack([x, x], axis=axis),
    "unstack": lambda tf, axis, x: tf.unstack(x, axis=axis)[2],
    "gather": lambda tf, axis, x: tf.gather(x, [0, 2], axis=axis),
    "cumsum": lambda tf, axis, x: tf.cumsum(x, axis),
    "softmax": lambda tf, axis, x: tf.nn.softmax(x, axis=axis),
    "one_hot": lambda tf, axis, x: tf.one_hot([0, 2], 3, axis=axis),
    "reverse": lambda tf, axis, x: tf.reverse(x, [axis]),
}
AXES = [np.int64(1), np.int32(-1), np.array(1)]


def build_and_run(tf, program, axis):
    with tf.Graph().as_default():
        output = program(tf, axis, tf.constant(X_VALUE))
        with tf.Session() as session:
            return output.shape.as_list(), output.dtype.name, session.run(output)


@pytest.mark.parametrize("axis", AXES, ids=lambda axis: f"{axis.dtype}({axis})")
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_numpy_integer_axes_as_in_tensorflow(name, axis):
    ours = build_and_run(tinytf, PROGRAMS[name], axis)
    theirs = build_and_run(compat, PROGRAMS[name], axis)
    assert ours[:2] == theirs[:2]
    np.testing.assert_allclose(ours[2], theirs[2])
