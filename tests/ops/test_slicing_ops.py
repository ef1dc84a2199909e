"""Slicing: Tensor.__getitem__ and strided_slice, slice, reverse."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests import strategies

VALUE = np.arange(24.0).reshape(2, 3, 4)


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


@pytest.mark.parametrize(
    "index",
    [
        0,
        -1,
        (1, 2),
        (slice(None), 0),
        (Ellipsis, -1),
        (slice(1, None), slice(None, None, 2)),
        (slice(None, None, -1),),
        (slice(-1, 0, -1), Ellipsis, slice(-3, None)),
        (None, 0, None, Ellipsis),
        (Ellipsis, None),
        (0, slice(5, 1, -2), 3),
        (slice(-10, 10),),
        (1, 2, 3),
    ],
    ids=repr,
)
def test_getitem_equals_numpy_indexing(index):
    x = tf.constant(VALUE)
    y = x[index]
    assert y.op.type == "StridedSlice"
    assert y.shape.as_list() == list(VALUE[index].shape)
    np.testing.assert_array_equal(run(y), VALUE[index])


def test_getitem_builds_tf_op_names():
    x = tf.constant(VALUE)
    y = x[1:, ::2, tf.newaxis, ...]
    assert y.name == "strided_slice:0"
    assert [t.op.name for t in y.op.inputs[1:]] == [
        "strided_slice/stack",
        "strided_slice/stack_1",
        "strided_slice/stack_2",
    ]
    np.testing.assert_array_equal(run(y.op.inputs[1]), [1, 0, 0, 0])
    assert y.op.get_attr("begin_mask") == 0b10
    assert y.op.get_attr("end_mask") == 0b11
    assert y.op.get_attr("new_axis_mask") == 0b100
    assert y.op.get_attr("ellipsis_mask") == 0b1000
    first = x[0]
    assert first.op.get_attr("shrink_axis_mask") == 1
    assert first.name == "strided_slice_1:0"


def test_getitem_with_tensor_indices_and_bounds():
    x = tf.constant(VALUE)
    i = tf.placeholder(tf.int32, [])
    row = x[i]
    assert row.shape.as_list() == [3, 4]
    assert row.op.inputs[1].op.type == "Pack"
    np.testing.assert_array_equal(run(row, {i: 1}), VALUE[1])
    np.testing.assert_array_equal(run(x[:, tf.constant(-1)]), VALUE[:, -1])
    tail = x[0, i:]
    assert tail.shape.as_list() == [None, 4]
    np.testing.assert_array_equal(run(tail, {i: 1}), VALUE[0, 1:])
    j = tf.placeholder(tf.int64, [])
    np.testing.assert_array_equal(run(x[0, 1, j::-1], {j: 2}), VALUE[0, 1, 2::-1])


def test_getitem_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, None, 5])
    assert x[:2, 1:, ::2].shape.as_list() == [None, None, 3]
    assert x[..., ::-1].shape.as_list() == [None, None, 5]
    assert x[0].shape.as_list() == [None, 5]
    assert x[:, tf.newaxis, -1, 1:].shape.as_list() == [None, 1, 4]
    assert tf.placeholder(tf.float32)[1:, 0].shape.ndims is None


def test_getitem_of_a_variable():
    variable = tf.Variable(VALUE)
    with tf.Session() as session:
        session.run(variable.initializer)
        np.testing.assert_array_equal(session.run(variable[1, :, 2]), VALUE[1, :, 2])


def test_getitem_errors_at_build_time():
    x = tf.zeros([3])
    with pytest.raises(ValueError, match="slice index 5 of dimension 0 out of bounds"):
        x[5]
    with pytest.raises(ValueError, match="slice index -4 of dimension 0 out of bounds"):
        x[-4]
    with pytest.raises(ValueError, match=r"strides\[0\] must be non-zero"):
        x[::0]
    with pytest.raises(ValueError, match="Index out of range using input dim 1"):
        x[0, 0]
    with pytest.raises(ValueError, match="Multiple ellipses"):
        x[..., ...]
    for bad in (1.0, [0, 1], tf.constant(1.0), tf.constant([0, 1]), "a"):
        with pytest.raises(TypeError, match="Only integers, slices"):
            x[bad]


def test_getitem_out_of_bounds_at_run_time_names_the_op():
    x = tf.placeholder(tf.float32, [None])
    y = x[5]
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="slice index 5 of dimension 0 out of bounds"
    ) as error:
        run(y, {x: np.zeros(3)})
    assert error.value.op is y.op


def test_strided_slice_with_explicit_masks():
    x = tf.constant(VALUE)
    y = tf.strided_slice(x, [0, 1], [0, -1], [1, 1], begin_mask=1, end_mask=1, shrink_axis_mask=0)
    assert y.op.name == "StridedSlice"
    np.testing.assert_array_equal(run(y), VALUE[:, 1:-1])
    shrunk = tf.strided_slice(x, [1, 0], [2, 3], shrink_axis_mask=1)
    np.testing.assert_array_equal(run(shrunk), VALUE[1, 0:3])


def test_getitem_gradient_scatters_into_zeros():
    x = tf.placeholder(tf.float64, [None, 3])
    grad = tf.gradients(tf.reduce_sum(x[1:, ::-2] * 5.0), x)[0]
    assert grad.op.type == "StridedSliceGrad"
    expected = np.zeros((3, 3))
    expected[1:, ::-2] = 5.0
    np.testing.assert_array_equal(run(grad, {x: np.ones((3, 3))}), expected)


@settings(max_examples=80, deadline=None)
@given(
    strategies.shapes(min_rank=0, max_rank=3).flatmap(
        lambda shape: st.tuples(
            st.just(shape), strategies.index_specs(shape), strategies.partial_shapes(shape)
        )
    )
)
def test_getitem_static_shape_value_and_gradient_equal_numpys(case):
    shape, index, partial = case
    value = np.arange(float(np.prod(shape))).reshape(shape)
    expected = value[index]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, partial)
        y = tf.constant(value)[index]
        fed = x[index]
        grad = tf.gradients(fed, x)[0]
        assert y.shape.as_list() == list(expected.shape)
        assert fed.shape.is_compatible_with(expected.shape)
        with tf.Session() as session:
            got, got_fed, got_grad = session.run([y, fed, grad], {x: value})
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_fed, expected)
    expected_grad = np.zeros(shape)
    expected_grad[index] = 1.0
    np.testing.assert_array_equal(got_grad, expected_grad)


def test_slice_values_names_and_static_shapes():
    y = tf.slice(VALUE, [0, 1, 0], [-1, 2, 2])
    assert y.op.type == "Slice" and y.op.inputs[1].op.name == "Slice/begin"
    assert y.shape.as_list() == [2, 2, 2]
    np.testing.assert_array_equal(run(y), VALUE[:, 1:3, :2])
    x = tf.placeholder(tf.float32, [None, 4])
    assert tf.slice(x, [1, 1], [-1, 2]).shape.as_list() == [None, 2]
    assert tf.slice(x, [1, 1], tf.placeholder(tf.int32, [2])).shape.as_list() == [None, None]


def test_slice_out_of_range_fails_at_run_time():
    x = tf.placeholder(tf.float32, [None, 4])
    with pytest.raises(
        tf.errors.InvalidArgumentError, match=r"Expected size\[0\] in \[0, 1\], but got 5"
    ):
        run(tf.slice(x, [1, 1], [5, 2]), {x: np.zeros((2, 4))})
    with pytest.raises(
        tf.errors.InvalidArgumentError, match=r"Expected begin\[1\] in \[0, 4\], but got 6"
    ):
        run(tf.slice(x, [0, 6], [1, 1]), {x: np.zeros((2, 4))})
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.slice(x, [1], [1])


def test_slice_gradient_pads_with_zeros_for_an_unknown_batch():
    x = tf.placeholder(tf.float64, [None, 3])
    grad = tf.gradients(tf.reduce_sum(tf.slice(x, [1, 1], [-1, 1]) * 2.0), x)[0]
    np.testing.assert_array_equal(
        run(grad, {x: np.ones((3, 3))}), [[0, 0, 0], [0, 2, 0], [0, 2, 0]]
    )


@st.composite
def slice_cases(draw):
    """(shape, begin, size) for tf.slice, with -1 sizes and a partially hidden shape."""
    shape = draw(strategies.shapes(min_rank=1, max_rank=3))
    begin = [draw(st.integers(0, side)) for side in shape]
    size = [
        draw(st.one_of(st.just(-1), st.integers(0, side - start)))
        for side, start in zip(shape, begin, strict=True)
    ]
    return shape, begin, size, draw(strategies.partial_shapes(shape))


@settings(max_examples=60, deadline=None)
@given(slice_cases())
def test_slice_static_shape_and_values_equal_numpys_also_when_fed(case):
    shape, begin, size, partial = case
    value = np.arange(float(np.prod(shape))).reshape(shape)
    expected = value[
        tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size, strict=True))
    ]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, partial)
        static = tf.slice(value, begin, size)
        fed = tf.slice(x, begin, size)
        assert static.shape.as_list() == list(expected.shape)
        assert fed.shape.is_compatible_with(expected.shape)
        got, got_fed = run([static, fed], {x: value})
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_fed, expected)


def test_reverse_values_and_shapes():
    y = tf.reverse(VALUE, [0, -1])
    assert y.op.type == "ReverseV2" and y.op.inputs[1].op.name == "ReverseV2/axis"
    np.testing.assert_array_equal(run(y), VALUE[::-1, :, ::-1])
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.reverse(x, [1]).shape.as_list() == [None, 3]
    assert tf.reverse_v2 is tf.reverse


def test_reverse_errors():
    with pytest.raises(ValueError, match="axis 1 specified more than once"):
        tf.reverse(tf.zeros([2, 3]), [1, -1])
    with pytest.raises(ValueError, match=r"'axis'\[0\] = 2 is out of valid range \[0, 1"):
        tf.reverse(tf.zeros([2, 3]), [2])
    x = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of valid range"):
        run(tf.reverse(x, [1]), {x: np.zeros(3)})
