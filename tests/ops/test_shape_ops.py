"""Shape ops: identity, shape/size/rank, reshape, squeeze, expand_dims, broadcast_to, and
the build-time values behind their static shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests import strategies
from tinytf.ops import static_values


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_identity_and_stop_gradient_pass_values_but_only_identity_passes_gradients():
    x = tf.constant([1.0, 2.0])
    through = tf.identity(x) * 3.0
    blocked = tf.stop_gradient(x) * 3.0
    assert through.op.inputs[0].op.type == "Identity"
    assert blocked.op.inputs[0].op.type == "StopGradient"
    np.testing.assert_array_equal(run(blocked), [3.0, 6.0])
    assert tf.gradients(blocked, x) == [None]
    np.testing.assert_array_equal(run(tf.gradients(through, x)[0]), [3.0, 3.0])


def test_shape_is_a_constant_when_static_and_an_op_otherwise():
    static = tf.shape(tf.zeros([2, 3]))
    assert static.op.type == "Const" and static.name == "Shape:0"
    x = tf.placeholder(tf.float32, [None, 3])
    dynamic = tf.shape(x, out_type=tf.int64)
    assert dynamic.op.type == "Shape" and dynamic.dtype == tf.int64
    assert dynamic.shape.as_list() == [2]
    np.testing.assert_array_equal(run(dynamic, {x: np.zeros((5, 3))}), [5, 3])
    assert run(dynamic, {x: np.zeros((5, 3))}).dtype == np.int64


def test_shape_of_a_scalar_is_an_empty_int_vector():
    value = run(tf.shape(tf.constant(1.0)))
    assert value.shape == (0,) and value.dtype == np.int32


def test_shape_n_gives_every_shape_from_one_op():
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.zeros([4])
    first, second = tf.shape_n([x, y])
    assert first.op is second.op and first.op.type == "ShapeN"
    values = run([first, second], {x: np.zeros((3, 2))})
    np.testing.assert_array_equal(values[0], [3, 2])
    np.testing.assert_array_equal(values[1], [4])


def test_shape_n_rejects_tensors_of_different_dtypes():
    with pytest.raises(TypeError, match=r"have types \[float32, int32\]"):
        tf.shape_n([tf.zeros([2]), tf.constant([1])])


def test_size_and_rank_static_and_dynamic():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.size(tf.zeros([2, 3])).op.type == "Const"
    assert tf.rank(x).op.type == "Const" and run(tf.rank(x)) == 2
    unknown = tf.placeholder(tf.float32)
    feed = {x: np.zeros((4, 3)), unknown: np.zeros((2, 2, 2))}
    size, rank = run([tf.size(x), tf.rank(unknown)], feed)
    assert (size, rank) == (12, 3)
    assert tf.size(x, out_type=tf.int64).dtype == tf.int64


def test_reshape_infers_the_minus_one_dimension():
    x = tf.constant(np.arange(6.0))
    y = tf.reshape(x, [-1, 2])
    assert y.shape.as_list() == [3, 2]
    assert y.op.name == "Reshape" and y.op.inputs[1].op.name == "Reshape/shape"
    np.testing.assert_array_equal(run(y), np.arange(6.0).reshape(3, 2))


def test_reshape_with_unknown_input_dims_keeps_what_is_known():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.reshape(x, [-1, 3, 1]).shape.as_list() == [None, 3, 1]
    assert tf.reshape(x, [2, -1]).shape.as_list() == [2, None]
    assert tf.reshape(x, tf.placeholder(tf.int32, [3])).shape.as_list() == [None] * 3
    assert tf.reshape(x, tf.placeholder(tf.int32)).shape.ndims is None


def test_reshape_reads_dims_of_a_dynamic_shape_vector():
    x = tf.placeholder(tf.float32, [None, 4, 5])
    y = tf.reshape(x, [tf.shape(x)[0], -1])
    z = tf.reshape(x, tf.concat([tf.shape(x)[1:], [-1]], 0))
    assert y.shape.as_list() == [None, None]
    assert z.shape.as_list() == [4, 5, None]
    values = run([y, z], {x: np.ones((2, 4, 5))})
    assert values[0].shape == (2, 20) and values[1].shape == (4, 5, 2)


def test_reshape_to_a_wrong_size_is_a_value_error_at_build_time():
    with pytest.raises(
        ValueError,
        match=r"Cannot reshape a tensor with 6 elements to shape "
        r"\[4,2\] \(8 elements\)",
    ):
        tf.reshape(tf.zeros([2, 3]), [4, 2])
    with pytest.raises(ValueError, match="evenly divisible by 4 but is 6"):
        tf.reshape(tf.zeros([2, 3]), [4, -1])
    with pytest.raises(ValueError, match="evenly divisible by 3 but is 8"):
        tf.reshape(tf.placeholder(tf.float32, [None, 3]), [4, 2])


def test_reshape_to_a_wrong_size_fails_at_run_time_naming_the_op():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.reshape(x, [4, -1], name="regroup")
    with pytest.raises(tf.errors.InvalidArgumentError, match="regroup") as error:
        run(y, {x: np.zeros((2, 3))})
    assert error.value.op is y.op


def test_reshape_accepts_dimensions_and_tensor_shapes():
    x = tf.zeros([2, 3])
    assert tf.reshape(x, [x.shape[1], x.shape[0]]).shape.as_list() == [3, 2]
    assert tf.reshape(x, tf.TensorShape([6])).shape.as_list() == [6]
    assert tf.reshape(tf.constant([7]), []).shape.as_list() == []


@settings(max_examples=60, deadline=None)
@given(strategies.reshapes(), st.data())
def test_reshape_static_shape_and_value_equal_numpys_also_when_fed(case, data):
    shape, new_shape = case
    value = np.arange(float(np.prod(shape))).reshape(shape)
    expected = value.reshape(new_shape)
    with tf.Graph().as_default():
        y = tf.reshape(tf.constant(value), new_shape)
        x = tf.placeholder(tf.float64, data.draw(strategies.partial_shapes(shape)))
        fed = tf.reshape(x, new_shape)
        assert y.shape.as_list() == list(expected.shape)
        assert fed.shape.is_compatible_with(expected.shape)
        got, got_fed = run([y, fed], {x: value})
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_fed, expected)


def test_squeeze_all_or_some_axes():
    x = tf.zeros([1, 2, 1, 3])
    assert tf.squeeze(x).shape.as_list() == [2, 3]
    assert tf.squeeze(x, axis=[-2]).shape.as_list() == [1, 2, 3]
    assert tf.squeeze(x, squeeze_dims=[0]).shape.as_list() == [2, 1, 3]
    assert tf.squeeze(x, axis=2).op.get_attr("squeeze_dims") == (2,)
    assert run(tf.squeeze(x, [0, 2])).shape == (2, 3)


def test_squeeze_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 1, 3, 1])
    assert tf.squeeze(x).shape.ndims is None  # TF cannot know whether ? is 1
    assert tf.squeeze(x, axis=[-1]).shape.as_list() == [None, 1, 3]
    assert tf.squeeze(x, axis=[0]).shape.as_list() == [1, 3, 1]
    assert run(tf.squeeze(x), {x: np.zeros((1, 1, 3, 1))}).shape == (3,)


def test_squeeze_errors():
    with pytest.raises(
        ValueError,
        match=r"Can not squeeze dim\[0\], expected a dimension of "
        "1, got 2",
    ):
        tf.squeeze(tf.zeros([2, 1]), axis=[0])
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.squeeze(tf.zeros([1]), axis=[0], squeeze_dims=[0])
    x = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Can not squeeze dim"):
        run(tf.squeeze(x, [0]), {x: np.zeros((2, 3))})


def test_expand_dims_static_shapes_names_and_values():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.expand_dims(x, 1).shape.as_list() == [None, 1, 3]
    assert tf.expand_dims(x, -1).shape.as_list() == [None, 3, 1]
    y = tf.expand_dims(x, dim=0)
    assert y.shape.as_list() == [1, None, 3]
    assert [op.name for op in tf.get_default_graph().get_operations()][-2:] == [
        "ExpandDims_2/dim",
        "ExpandDims_2",
    ]
    assert run(y, {x: np.zeros((2, 3))}).shape == (1, 2, 3)
    unknown_axis = tf.expand_dims(x, tf.placeholder(tf.int32, []))
    assert unknown_axis.shape.as_list() == [None, None, None]


def test_expand_dims_errors():
    with pytest.raises(ValueError, match=r"dim 3 not in the interval \[-2, 1\]"):
        tf.expand_dims(tf.zeros([2]), 3)
    with pytest.raises(ValueError, match="Must specify an axis"):
        tf.expand_dims(tf.zeros([2]))


def test_broadcast_to_values_and_static_shape():
    x = tf.constant([1.0, 2.0, 3.0])
    y = tf.broadcast_to(x, [2, 3])
    assert y.shape.as_list() == [2, 3]
    np.testing.assert_array_equal(run(y), [[1, 2, 3], [1, 2, 3]])
    with pytest.raises(ValueError, match="Incompatible shapes"):
        tf.broadcast_to(x, [2, 4])


def test_partial_value_follows_structural_ops_over_a_shape():
    x = tf.placeholder(tf.float32, [None, 4, 5])
    dims = tf.shape(x)
    assert static_values.partial_ints(dims) == [None, 4, 5]
    assert static_values.constant_int(dims[1]) == 4
    assert static_values.constant_int(dims[0]) is None
    assert static_values.partial_ints(tf.stack([dims[2], 7, dims[0]])) == [5, 7, None]
    assert static_values.partial_ints(tf.reverse(dims, [0])) == [5, 4, None]
    assert static_values.partial_ints(tf.placeholder(tf.int32, [2])) == [None, None]
    assert static_values.partial_ints(tf.placeholder(tf.int32, [None])) is None


def test_partial_value_never_guesses_through_an_unknown_index():
    x = tf.placeholder(tf.float32, [None, 4, 5])
    start = tf.placeholder(tf.int32, [])
    assert static_values.partial_ints(tf.shape(x)[start:]) is None
    assert static_values.constant_int(tf.shape(x)[start]) is None
    assert tf.reshape(tf.zeros([20]), tf.shape(x)[start:]).shape.ndims is None
    bad = tf.gather(tf.shape(x), [5])
    assert static_values.partial_ints(bad) == [None]
