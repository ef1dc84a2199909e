"""Random feeds: any dtype, shape (ragged too), NaN, strings and odd objects fed to a
placeholder of any dtype and static shape. A run returns the placeholder's dtype and a
shape its static shape allows, or fails naming the tensor."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from tests.fuzz.conftest import attempt, fuzz_settings

DTYPES = [tf.float32, tf.float64, tf.int32, tf.int64, tf.bool, tf.string, tf.uint8]
NAME = "fuzzed_input"

_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
    st.booleans(),
)
_arrays = hnp.arrays(
    dtype=st.sampled_from(["float32", "float64", "int8", "int64", "uint8", "bool", "U3"]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
)
_ragged = st.recursive(
    _numbers | st.text(max_size=3), lambda children: st.lists(children, max_size=3), max_leaves=8
)
VALUES = st.one_of(
    _arrays, _ragged, st.none(), st.just({"a": 1}), st.just(object()), st.just(b"\xff")
)
STATIC_SHAPES = st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(0, 3)), max_size=3))


@fuzz_settings(400)
@given(dtype=st.sampled_from(DTYPES), static_shape=STATIC_SHAPES, value=VALUES)
def test_a_fed_value_runs_or_fails_naming_the_tensor(dtype, static_shape, value):
    with tf.Graph().as_default():
        placeholder = tf.placeholder(dtype, static_shape, name=NAME)
        output = tf.identity(placeholder)
        with tf.Session() as session:
            result = attempt(lambda: session.run(output, {placeholder: value}), NAME)
    if result is None:
        return
    if dtype is tf.string and isinstance(result, bytes):  # a scalar, as in TensorFlow
        result = np.array(result, dtype=object)
    result = np.asarray(result)
    assert result.dtype == np.dtype(dtype.as_numpy_dtype), (result.dtype, dtype)
    if dtype is tf.string:
        assert all(isinstance(item, bytes) for item in result.flat)
    assert tf.TensorShape(static_shape).is_compatible_with(result.shape)
