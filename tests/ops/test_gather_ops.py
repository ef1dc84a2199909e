"""Selecting by index: gather, gather_nd, scatter_nd, unsorted_segment_sum, boolean_mask,
top_k, unique."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import array_ops

PARAMS = np.arange(24.0).reshape(4, 3, 2)


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


@pytest.mark.parametrize(
    "indices, axis",
    [
        ([3, 0, 3], 0),
        ([[1, 1], [0, 2]], 1),
        ([1], -1),
        (2, 0),
        (1, -1),
        (np.array([0, 2], np.int64), 1),
    ],
)
def test_gather_equals_numpy_take(indices, axis):
    gathered = tf.gather(PARAMS, indices, axis=axis)
    expected = np.take(PARAMS, indices, axis=axis)
    assert gathered.op.type == "GatherV2" and gathered.op.inputs[2].op.name == "GatherV2/axis"
    assert gathered.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(run(gathered), expected)


def test_gather_static_shapes_with_unknown_dims():
    params = tf.placeholder(tf.float32, [None, 3, 4])
    indices = tf.placeholder(tf.int32, [2, None])
    assert tf.gather(params, indices, axis=2).shape.as_list() == [None, 3, 2, None]
    assert tf.gather(params, [0, 1], axis=-1).shape.as_list() == [None, 3, 2]
    assert tf.gather(params, [0], axis=tf.placeholder(tf.int32, [])).shape.as_list() == [
        None,
        None,
        None,
    ]


def test_gather_errors():
    with pytest.raises(TypeError, match="DataType float32 not in list of allowed values"):
        tf.gather(PARAMS, [0.0, 1.0])
    with pytest.raises(ValueError, match=r"Expected axis in the range \[-3, 3\), but got 3"):
        tf.gather(PARAMS, [0], axis=3)
    with pytest.raises(NotImplementedError, match="batch_dims=0"):
        tf.gather(PARAMS, [[0]], batch_dims=1)


@pytest.mark.parametrize(
    "bad, message",
    [
        ([0, 5], r"indices\[1\] = 5 is not in \[0, 4\)"),
        ([[0], [-1]], r"indices\[1,0\] = -1 is not in"),
        (4, r"indices\[\] = 4 is not in \[0, 4\)"),
    ],
)
def test_gather_out_of_range_index_fails_at_run_time_naming_the_op(bad, message):
    indices = tf.placeholder(tf.int32)
    gathered = tf.gather(PARAMS, indices, name="lookup")
    with pytest.raises(tf.errors.InvalidArgumentError, match=message) as error:
        run(gathered, {indices: bad})
    assert error.value.op is gathered.op and "lookup" in str(error.value)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_gather_gradient_accumulates_repeated_indices(axis):
    params = tf.placeholder(tf.float64, [None, 3, 2])
    indices = [[1, 0], [1, 1]]
    weights = np.random.default_rng(0).standard_normal(np.take(PARAMS, indices, axis=axis).shape)
    loss = tf.reduce_sum(tf.gather(params, indices, axis=axis) * weights)
    grad = tf.gradients(loss, params)[0]
    expected = np.zeros_like(PARAMS)
    moved = np.moveaxis(expected, axis, 0)
    np.add.at(moved, np.array(indices), np.moveaxis(weights, range(axis % 3, axis % 3 + 2), (0, 1)))
    np.testing.assert_allclose(run(grad, {params: PARAMS}), expected)


def test_unsorted_segment_sum_adds_rows_by_id():
    data = np.arange(8.0).reshape(4, 2)
    summed = array_ops.unsorted_segment_sum(data, [2, 0, 2, 2], 3)
    assert summed.shape.as_list() == [3, 2]
    np.testing.assert_array_equal(run(summed), [[2, 3], [0, 0], [10, 13]])
    ids = tf.placeholder(tf.int32, [4])
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"segment_ids\[1\] = 3 is out "
        r"of range \[0, 3\)",
    ):
        run(array_ops.unsorted_segment_sum(data, ids, 3), {ids: [0, 3, 0, 0]})
    with pytest.raises(ValueError, match="is not a prefix of"):
        array_ops.unsorted_segment_sum(data, [[0, 1]], 2)


def test_gather_nd_full_and_partial_coordinates():
    points = tf.gather_nd(PARAMS, [[0, 1, 1], [3, 2, 0]])
    rows = tf.gather_nd(PARAMS, [[[1, 2]], [[0, 0]]])
    assert points.shape.as_list() == [2] and rows.shape.as_list() == [2, 1, 2]
    np.testing.assert_array_equal(run(points), [PARAMS[0, 1, 1], PARAMS[3, 2, 0]])
    np.testing.assert_array_equal(run(rows), [[PARAMS[1, 2]], [PARAMS[0, 0]]])
    unknown = tf.gather_nd(
        tf.placeholder(tf.float32, [None, 3, 4]), tf.placeholder(tf.int32, [5, 2])
    )
    assert unknown.shape.as_list() == [5, 4]


def test_gather_nd_errors():
    with pytest.raises(ValueError, match="indices.shape\\[-1\\] must be <= params.rank"):
        tf.gather_nd(tf.zeros([3, 2]), [[0, 1, 2]])
    indices = tf.placeholder(tf.int32, [1, 2])
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"indices\[0\] = \[0, 5\] does not index into param shape "
        r"\[3,2\]",
    ):
        run(tf.gather_nd(tf.zeros([3, 2]), indices), {indices: [[0, 5]]})


def test_gather_nd_gradient_scatters_and_accumulates():
    params = tf.placeholder(tf.float64, [2, 3])
    loss = tf.reduce_sum(tf.gather_nd(params, [[1, 0], [1, 0], [0, 2]]) * [1.0, 2.0, 4.0])
    grad = tf.gradients(loss, params)[0]
    assert grad.op.type == "ScatterNd"
    np.testing.assert_array_equal(run(grad, {params: np.zeros((2, 3))}), [[0, 0, 4], [3, 0, 0]])


def test_scatter_nd_adds_updates_at_coordinates():
    scattered = tf.scatter_nd([[1], [3], [1]], [[1, 2], [3, 4], [5, 6]], [4, 2])
    assert scattered.shape.as_list() == [4, 2] and scattered.dtype == tf.int32
    np.testing.assert_array_equal(run(scattered), [[0, 0], [6, 8], [0, 0], [3, 4]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not index into output"):
        run(tf.scatter_nd([[4]], [1.0], [4]))


def test_boolean_mask_of_leading_and_inner_dims():
    mask = np.array(
        [[True, False, True], [False, False, True], [True, True, False], [False, True, False]]
    )
    picked = tf.boolean_mask(PARAMS, mask)
    assert picked.name == "boolean_mask/GatherV2:0"
    assert picked.shape.as_list() == [None, 2]
    np.testing.assert_array_equal(run(picked), PARAMS[mask])
    columns = tf.boolean_mask(PARAMS, [True, False, True], axis=1)
    assert columns.shape.as_list() == [4, None, 2]
    np.testing.assert_array_equal(run(columns), PARAMS[:, [0, 2]])


def test_boolean_mask_with_unknown_dims():
    tensor = tf.placeholder(tf.float32, [None, 3])
    mask = tf.placeholder(tf.bool, [None])
    picked = tf.boolean_mask(tensor, mask)
    assert picked.shape.as_list() == [None, 3]
    value = np.arange(12.0).reshape(4, 3)
    keep = np.array([False, True, True, False])
    np.testing.assert_array_equal(run(picked, {tensor: value, mask: keep}), value[keep])


def test_boolean_mask_errors_and_gradient():
    with pytest.raises(ValueError, match="mask cannot be scalar"):
        tf.boolean_mask(PARAMS, True)
    with pytest.raises(ValueError, match="Number of mask dimensions must be specified"):
        tf.boolean_mask(PARAMS, tf.placeholder(tf.bool))
    with pytest.raises(ValueError, match="are incompatible"):
        tf.boolean_mask(PARAMS, [True, False])
    x = tf.placeholder(tf.float64, [3])
    grad = tf.gradients(tf.reduce_sum(tf.boolean_mask(x, [True, False, True]) * 3.0), x)[0]
    np.testing.assert_array_equal(run(grad, {x: np.ones(3)}), [3.0, 0.0, 3.0])


def test_top_k_values_indices_and_ties():
    values, indices = array_ops.top_k([[1.0, 3.0, 2.0], [4.0, 4.0, 0.0]], 2)
    assert values.op.type == "TopKV2" and values.op.inputs[1].op.name == "TopKV2/k"
    assert indices.dtype == tf.int32 and values.shape.as_list() == [2, 2]
    got_values, got_indices = run([values, indices])
    np.testing.assert_array_equal(got_values, [[3.0, 2.0], [4.0, 4.0]])
    np.testing.assert_array_equal(got_indices, [[1, 2], [0, 1]])
    named = array_ops.top_k(tf.constant([3, 1, 2]))
    assert named.values.dtype == tf.int32
    np.testing.assert_array_equal(run(named.indices), [0])


def test_top_k_shapes_and_errors():
    x = tf.placeholder(tf.float32, [None, None])
    assert array_ops.top_k(x, 2).values.shape.as_list() == [None, 2]
    with pytest.raises(ValueError, match="input must have last dimension >= k = 5 but is 3"):
        array_ops.top_k(tf.zeros([1, 3]), 5)
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="input must have at least k columns. Had 2, needed 5"
    ):
        run(array_ops.top_k(x, 5).values, {x: np.zeros((2, 2))})


def test_top_k_gradient_goes_to_the_chosen_columns():
    x = tf.placeholder(tf.float64, [None, 4])
    values = array_ops.top_k(x, 2).values
    grad = tf.gradients(tf.reduce_sum(values * [10.0, 1.0]), x)[0]
    value = np.array([[0.5, 3.0, -1.0, 2.0], [9.0, 8.0, 7.0, 6.0]])
    np.testing.assert_array_equal(run(grad, {x: value}), [[0, 10, 0, 1], [10, 1, 0, 0]])


def test_unique_keeps_first_appearance_order():
    y, idx = tf.unique([3, 1, 3, 2, 1])
    assert y.shape.as_list() == [None] and idx.shape.as_list() == [5]
    got_y, got_idx = run([y, idx])
    np.testing.assert_array_equal(got_y, [3, 1, 2])
    np.testing.assert_array_equal(got_idx, [0, 1, 0, 2, 1])
    floats = tf.unique(np.array([2.5, 2.5, -1.0]), out_idx=tf.int64)
    assert floats.idx.dtype == tf.int64
    np.testing.assert_array_equal(run(floats.y), [2.5, -1.0])
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.unique([[3, 1]])


def test_gather_of_one_index_from_a_transposed_view_is_a_fresh_copy():
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    params = tf.transpose(tf.constant(values), [1, 0, 2])
    row = tf.gather(params, tf.constant(2))
    with tf.Session() as session:
        got = session.run(row)
    np.testing.assert_array_equal(got, values.transpose(1, 0, 2)[2])
    assert got.flags.c_contiguous and got.flags.owndata
