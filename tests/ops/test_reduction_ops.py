"""Reductions: values and static shapes against NumPy, argument aliases, gradients, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests import strategies
from tinytf.ops.reduction_ops import reduction_axes


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


REDUCTIONS = [
    (tf.reduce_sum, np.sum, "Sum"),
    (tf.reduce_mean, np.mean, "Mean"),
    (tf.reduce_max, np.max, "Max"),
    (tf.reduce_min, np.min, "Min"),
    (tf.reduce_prod, np.prod, "Prod"),
]


@pytest.mark.parametrize(
    "function, reference, op_type", REDUCTIONS, ids=[case[2] for case in REDUCTIONS]
)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, [0, 2], (), [-3, -1]])
@pytest.mark.parametrize("keepdims", [False, True])
def test_values_and_shapes_match_numpy(function, reference, op_type, axis, keepdims):
    value = np.random.default_rng(1).uniform(0.5, 1.5, size=(2, 3, 4)).astype(np.float32)
    x = tf.placeholder(tf.float32, [2, 3, 4])
    y = function(x, axis=axis, keepdims=keepdims)
    numpy_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = reference(value.astype(np.float64), axis=numpy_axis, keepdims=keepdims)
    assert (y.op.type, y.op.name, y.dtype) == (op_type, op_type, tf.float32)
    assert tuple(y.shape.as_list()) == expected.shape
    result = run(y, {x: value})
    assert result.dtype == np.float32 and np.shape(result) == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_sums_and_maxima_match_numpy_for_any_shape(data):
    shape = data.draw(strategies.shapes(min_rank=1, min_side=1))
    value = data.draw(strategies.arrays(shape))
    axis = data.draw(st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)))
    keepdims = data.draw(st.booleans())
    total, largest = run(
        [tf.reduce_sum(value, axis, keepdims), tf.reduce_max(value, axis, keepdims)]
    )
    np.testing.assert_allclose(
        total, np.sum(value, tuple(axis), keepdims=keepdims), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_array_equal(largest, np.max(value, tuple(axis), keepdims=keepdims))


def test_old_argument_names_and_their_conflicts():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    old = tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)
    assert old.shape.as_list() == [2, 1]
    np.testing.assert_array_equal(run(old), [[3.0], [7.0]])
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'reduction_indices'"):
        tf.reduce_sum(x, axis=0, reduction_indices=0)
    with pytest.raises(ValueError, match="Cannot specify both 'keepdims' and 'keep_dims'"):
        tf.reduce_sum(x, keepdims=True, keep_dims=True)


def test_axis_may_be_a_constant_tensor_but_not_a_computed_one():
    x = tf.ones([2, 3])
    assert tf.reduce_sum(x, tf.constant(1)).shape.as_list() == [2]
    with pytest.raises(NotImplementedError, match="needs an axis known when the graph is built"):
        tf.reduce_sum(x, tf.placeholder(tf.int32, []))


def test_an_axis_out_of_range_is_a_value_error():
    with pytest.raises(
        ValueError, match="Invalid reduction dimension 2 for input with 2 dimensions."
    ):
        tf.reduce_sum(tf.ones([2, 3]), axis=2)


def test_unknown_dimensions_stay_unknown():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.reduce_max(x, 1).shape.as_list() == [None]
    assert tf.reduce_sum(x, [0, 1], keepdims=True).shape.as_list() == [1, 1]
    assert tf.reduce_mean(tf.placeholder(tf.float32)).shape.ndims is None


def test_integer_and_boolean_reductions():
    ints = tf.constant([[1, 2], [4, -7]])
    mean, total = run([tf.reduce_mean(ints, 1), tf.reduce_sum(ints)])
    np.testing.assert_array_equal(mean, [1, -1])
    assert mean.dtype == np.int32 and total == 0
    flags = tf.constant([[True, False], [True, True]])
    any_, all_ = run([tf.reduce_any(flags, 1), tf.reduce_all(flags, 1)])
    np.testing.assert_array_equal(any_, [True, True])
    np.testing.assert_array_equal(all_, [False, True])
    with pytest.raises(TypeError, match="parameter 'input' has DataType bool not in list"):
        tf.reduce_sum(flags)
    with pytest.raises(TypeError, match="Input 'input' of 'Any' Op has type float32"):
        tf.reduce_any(tf.ones([2]))


def test_empty_maxima_and_minima_are_the_extremes_of_the_dtype():
    empty = tf.zeros([0, 2])
    np.testing.assert_array_equal(run(tf.reduce_max(empty, 0)), [-np.inf, -np.inf])
    np.testing.assert_array_equal(
        run(tf.reduce_min(tf.zeros([0], tf.int32))), np.iinfo(np.int32).max
    )


def test_max_gradient_is_split_among_ties_as_in_tensorflow():
    c = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, 1.0]])
    rows = run(tf.gradients(tf.reduce_max(c, 1), c)[0])
    overall = run(tf.gradients(tf.reduce_max(c), c)[0])
    smallest = run(tf.gradients(tf.reduce_min(c, 0, keepdims=True), c)[0])
    np.testing.assert_array_equal(rows, [[0, 0.5, 0.5], [0.5, 0.5, 0]])
    np.testing.assert_array_equal(overall, [[0, 0.5, 0.5], [0, 0, 0]])
    np.testing.assert_array_equal(smallest, [[1, 0, 0], [0, 1, 1]])


def test_prod_gradient_is_right_where_elements_are_zero():
    p = tf.constant([[1.0, 0.0, 3.0], [2.0, 2.0, 0.0], [0.0, 5.0, 0.0]])
    np.testing.assert_array_equal(
        run(tf.gradients(tf.reduce_prod(p, 1), p)[0]), [[0, 3, 0], [0, 0, 4], [0, 0, 0]]
    )


def test_reduction_gradients_work_with_an_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 3])
    grads = tf.gradients([tf.reduce_mean(x), tf.reduce_prod(x, 0), tf.reduce_max(x, 1)], x)[0]
    value = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32)
    expected = 1 / 6 + np.prod(value, 0) / value + (value == value.max(1, keepdims=True))
    np.testing.assert_allclose(run(grads, {x: value}), expected, rtol=1e-6)


def test_the_axes_are_a_const_input_named_as_in_tensorflow():
    x = tf.placeholder(tf.float32, [None, 3])
    every, second = tf.reduce_mean(x), tf.reduce_sum(x, -1)
    assert [t.name for t in every.op.inputs] == ["Placeholder:0", "Const:0"]
    assert [t.name for t in second.op.inputs] == ["Placeholder:0", "Sum/reduction_indices:0"]
    assert every.op.get_attr("keep_dims") is False
    assert reduction_axes(every.op) == (0, 1) and reduction_axes(second.op) == (1,)
    np.testing.assert_array_equal(
        tf.get_default_graph().get_tensor_by_name("Sum/reduction_indices:0").op.get_attr("value"),
        -1,
    )


def test_every_axis_of_an_input_of_unknown_rank_is_a_range_over_its_rank():
    x = tf.placeholder(tf.float64)
    mean = tf.reduce_mean(x * x)
    assert mean.op.inputs[1].op.type == "Range" and reduction_axes(mean.op) is None
    assert mean.shape.ndims is None
    (gradient,) = tf.gradients(mean, x)
    value = np.arange(6.0).reshape(2, 3)
    result, slope = run([mean, gradient], {x: value})
    np.testing.assert_allclose(result, np.mean(value**2))
    np.testing.assert_allclose(slope, 2 * value / value.size)
    np.testing.assert_allclose(run(mean, {x: 3.0}), 9.0)


def test_every_axis_of_a_scalar_is_none():
    x = tf.placeholder(tf.float32, [])
    total = tf.reduce_sum(x)
    assert reduction_axes(total.op) == () and total.shape.as_list() == []
    assert run(tf.gradients(total, x)[0], {x: 2.0}) == 1.0


def test_reduce_logsumexp_is_stable_and_named_as_tensorflow():
    x = tf.constant([[1000.0, 1000.0], [-np.inf, -np.inf], [0.0, np.log(3.0)]])
    y = tf.reduce_logsumexp(x, 1)
    assert (y.op.type, y.op.name, y.shape.as_list()) == ("AddV2", "ReduceLogSumExp", [3])
    np.testing.assert_allclose(run(y), [1000 + np.log(2), -np.inf, np.log(4)], rtol=1e-6)
    kept = run(tf.reduce_logsumexp(x[2:], keepdims=True))
    np.testing.assert_allclose(kept, [[np.log(4)]], rtol=1e-6)


def test_argmax_and_argmin_with_axis_dimension_and_output_type():
    x = tf.constant([[1, 3, 3], [2, 2, 1]])
    largest = tf.argmax(x, 1)
    assert (largest.op.type, largest.op.name, largest.dtype) == ("ArgMax", "ArgMax", tf.int64)
    np.testing.assert_array_equal(run(largest), [1, 0])
    np.testing.assert_array_equal(run(tf.argmin(x, dimension=0)), [0, 1, 1])
    np.testing.assert_array_equal(run(tf.argmax(x)), [1, 0, 0])
    old = tf.arg_min(x, 1, output_type=tf.int32)
    assert old.dtype == tf.int32 and run(old).dtype == np.int32
    np.testing.assert_array_equal(run(old), [0, 2])
    assert tf.argmax(tf.placeholder(tf.float32, [None, 3])).shape.as_list() == [3]


def test_argmax_errors_as_tensorflow():
    with pytest.raises(
        ValueError,
        match=r"Dimension \(2\) must be in the range \[-2, 2\), where "
        "2 is the number of dimensions in the input.",
    ):
        tf.argmax(tf.ones([2, 3]), axis=2)
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dimension'"):
        tf.argmax(tf.ones([2, 3]), axis=0, dimension=0)
    with pytest.raises(TypeError, match="'output_type' has DataType float32"):
        tf.argmax(tf.ones([2, 3]), output_type=tf.float32)


def test_count_nonzero_counts_as_int64_by_default():
    x = tf.constant([[1.0, 0.0, 3.0], [2.0, 2.0, 0.0]])
    counts = tf.count_nonzero(x, 1)
    assert (counts.op.name, counts.dtype) == ("count_nonzero/Sum", tf.int64)
    np.testing.assert_array_equal(run(counts), [2, 2])
    as_int32 = tf.count_nonzero(x, 0, keepdims=True, dtype=tf.int32)
    assert as_int32.dtype == tf.int32 and as_int32.shape.as_list() == [1, 3]
    np.testing.assert_array_equal(run(as_int32), [[2, 1, 1]])
    assert run(tf.count_nonzero(tf.constant([True, False, True]))) == 2


def test_trace_sums_the_main_diagonals():
    matrices = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    trace = tf.trace(matrices)
    assert (trace.op.type, trace.op.name, trace.shape.as_list()) == ("Sum", "Trace", [2])
    np.testing.assert_array_equal(run(trace), np.trace(matrices, axis1=1, axis2=2))
