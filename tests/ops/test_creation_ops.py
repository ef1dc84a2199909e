"""Tensors made from a description: fill, zeros/ones(_like), eye, diag, range, linspace,
one_hot, sequence_mask, meshgrid."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_fill_names_values_and_static_shape():
    filled = tf.fill([2, 3], 7)
    assert filled.op.type == "Fill" and filled.op.inputs[0].op.name == "Fill/dims"
    assert filled.dtype == tf.int32 and filled.shape.as_list() == [2, 3]
    np.testing.assert_array_equal(run(filled), np.full((2, 3), 7))
    dims = tf.placeholder(tf.int32, [2])
    dynamic = tf.fill(dims, 1.5)
    assert dynamic.shape.as_list() == [None, None]
    assert run(dynamic, {dims: [1, 4]}).shape == (1, 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dimension -1 must be >= 0"):
        run(dynamic, {dims: [-1, 3]})
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.fill([2], [1.0, 2.0])


def test_zeros_and_ones_are_constants_when_small_and_fills_when_large():
    small = tf.zeros([2, 3])
    assert small.op.type == "Const" and small.name == "zeros:0"
    large = tf.ones([100, 100], tf.int64, name="big")
    assert large.op.type == "Fill" and large.name == "big:0" and large.dtype == tf.int64
    assert large.shape.as_list() == [100, 100]
    assert run(large).sum() == 10_000
    np.testing.assert_array_equal(run(tf.zeros(3, tf.int32)), [0, 0, 0])
    np.testing.assert_array_equal(run(tf.ones(np.array([2], np.int64))), [1.0, 1.0])


def test_zeros_of_a_dynamic_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    by_tensor = tf.zeros(tf.shape(x))
    by_list = tf.ones([tf.shape(x)[0], 2], tf.float64)
    assert by_tensor.op.type == "Fill" and by_tensor.shape.as_list() == [None, 3]
    assert by_list.shape.as_list() == [None, 2]
    values = run([by_tensor, by_list], {x: np.zeros((4, 3))})
    assert values[0].shape == (4, 3) and values[1].shape == (4, 2)
    assert values[1].dtype == np.float64 and values[1].sum() == 8.0


def test_zeros_like_and_ones_like():
    static = tf.zeros_like(tf.constant([[1, 2]]))
    assert static.op.type == "Const" and static.dtype == tf.int32
    x = tf.placeholder(tf.float32, [None, 2])
    dynamic = tf.zeros_like(x)
    assert dynamic.op.type == "ZerosLike" and dynamic.shape.as_list() == [None, 2]
    ones = tf.ones_like(x, dtype=tf.int64)
    assert ones.op.type == "Fill" and ones.dtype == tf.int64
    zeros, ones = run([dynamic, ones], {x: np.full((3, 2), 5.0)})
    np.testing.assert_array_equal(zeros, np.zeros((3, 2)))
    np.testing.assert_array_equal(ones, np.ones((3, 2)))
    assert run(tf.zeros_like(x, dtype=tf.bool), {x: np.ones((1, 2))}).dtype == np.bool_
    assert tf.zeros_like(tf.zeros([2]), optimize=False).op.type == "ZerosLike"


def test_eye_square_rectangular_batched_and_dynamic():
    np.testing.assert_array_equal(run(tf.eye(3)), np.eye(3))
    batched = tf.eye(2, 3, batch_shape=[4], dtype=tf.int32)
    assert batched.shape.as_list() == [4, 2, 3] and batched.dtype == tf.int32
    np.testing.assert_array_equal(run(batched), np.broadcast_to(np.eye(2, 3), (4, 2, 3)))
    rows = tf.placeholder(tf.int32, [])
    dynamic = tf.eye(rows, 2, batch_shape=[2])
    np.testing.assert_array_equal(run(dynamic, {rows: 3}), np.broadcast_to(np.eye(3, 2), (2, 3, 2)))
    with pytest.raises(ValueError, match="must be >= 0"):
        tf.eye(-1)


def test_diag_and_diag_part_of_any_even_rank():
    diagonal = np.array([[1, 2], [3, 4]])
    made = tf.diag(diagonal)
    assert made.shape.as_list() == [2, 2, 2, 2]
    expected = np.zeros((2, 2, 2, 2), int)
    for i in range(2):
        for j in range(2):
            expected[i, j, i, j] = diagonal[i, j]
    np.testing.assert_array_equal(run(made), expected)
    np.testing.assert_array_equal(run(tf.diag_part(made)), diagonal)
    np.testing.assert_array_equal(run(tf.diag_part(np.arange(9.0).reshape(3, 3))), [0, 4, 8])


def test_diag_errors():
    with pytest.raises(ValueError, match="even and non-zero rank, input rank is 3"):
        tf.diag_part(tf.zeros([2, 2, 2]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.diag_part(tf.zeros([2, 3]))
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.diag(tf.constant(1.0))
    x = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Invalid shape \[2,3\]"):
        run(tf.diag_part(x), {x: np.zeros((2, 3))})


def test_range_values_names_and_dtypes():
    counted = tf.range(5)
    assert counted.op.type == "Range" and counted.name == "range:0"
    assert [t.op.name for t in counted.op.inputs] == ["range/start", "range/limit", "range/delta"]
    assert counted.dtype == tf.int32 and counted.shape.as_list() == [5]
    np.testing.assert_array_equal(run(counted), np.arange(5))
    assert tf.range(0, 1.5, 0.5).dtype == tf.float32
    assert tf.range(3, dtype=tf.float64).dtype == tf.float64
    np.testing.assert_allclose(run(tf.range(0.0, 1.0, 0.25)), [0, 0.25, 0.5, 0.75])
    np.testing.assert_array_equal(run(tf.range(5, 0, -2)), [5, 3, 1])
    assert tf.range(2, 8, 3, name="r").name == "r:0"


def test_range_with_a_fed_limit_and_its_errors():
    limit = tf.placeholder(tf.int32, [])
    counted = tf.range(limit)
    assert counted.shape.as_list() == [None]
    np.testing.assert_array_equal(run(counted, {limit: 3}), [0, 1, 2])
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="Requires start <= limit when delta > 0: 0/-2"
    ):
        run(counted, {limit: -2})
    with pytest.raises(ValueError, match="Requires delta != 0"):
        tf.range(5, 0, 0)
    with pytest.raises(ValueError, match="Requires start >= limit when delta < 0: 0/5"):
        tf.range(0, 5, -1)


def test_linspace_is_the_lin_space_op():
    spaced = tf.linspace(0.0, 1.0, 5)
    assert spaced.op.type == "LinSpace" and spaced.name == "LinSpace:0"
    assert spaced.shape.as_list() == [5] and spaced.dtype == tf.float32
    np.testing.assert_allclose(run(spaced), np.linspace(0, 1, 5))
    assert tf.lin_space is tf.linspace
    count = tf.placeholder(tf.int32, [])
    assert tf.linspace(2.0, 3.0, count).shape.as_list() == [None]
    np.testing.assert_array_equal(run(tf.linspace(2.0, 3.0, count), {count: 1}), [2.0])
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.linspace(0, 1, 5)


def test_one_hot_values_out_of_range_indices_and_axis():
    hot = tf.one_hot([0, 2, -1, 5], 3)
    assert hot.op.type == "OneHot" and hot.dtype == tf.float32
    assert hot.shape.as_list() == [4, 3]
    np.testing.assert_array_equal(run(hot), [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]])
    first_axis = tf.one_hot([[0, 2]], 3, axis=0)
    assert first_axis.shape.as_list() == [3, 1, 2]
    np.testing.assert_array_equal(run(first_axis), [[[1, 0]], [[0, 0]], [[0, 1]]])


def test_one_hot_dtypes_follow_on_and_off_values():
    assert tf.one_hot([0], 2, on_value=5, off_value=-1).dtype == tf.int32
    np.testing.assert_array_equal(run(tf.one_hot([1], 2, on_value=5, off_value=-1)), [[-1, 5]])
    assert tf.one_hot([0], 2, dtype=tf.int64).dtype == tf.int64
    np.testing.assert_array_equal(
        run(tf.one_hot([0, 1], 2, on_value=True, off_value=False)), [[True, False], [False, True]]
    )
    with pytest.raises(
        TypeError, match="dtype int32 of on_value does not match dtype float32 of off_value"
    ):
        tf.one_hot([0], 2, on_value=5, off_value=-1.0)
    with pytest.raises(TypeError, match="does not match dtype parameter"):
        tf.one_hot([0], 2, on_value=1, dtype=tf.float32)
    with pytest.raises(TypeError, match="DataType float32 not in list"):
        tf.one_hot([0.0], 2)


def test_one_hot_with_a_fed_depth():
    depth = tf.placeholder(tf.int32, [])
    hot = tf.one_hot([0, 2], depth)
    assert hot.shape.as_list() == [2, None]
    np.testing.assert_array_equal(run(hot, {depth: 3}), [[1, 0, 0], [0, 0, 1]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="depth must be non-negative"):
        run(hot, {depth: -1})


def test_sequence_mask():
    mask = tf.sequence_mask([1, 3, 0], 4)
    assert mask.dtype == tf.bool and mask.shape.as_list() == [3, 4]
    assert mask.name == "SequenceMask/Less:0"
    np.testing.assert_array_equal(run(mask), [[1, 0, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0]])
    floats = tf.sequence_mask([[1, 3], [0, 2]], dtype=tf.float32)
    np.testing.assert_array_equal(run(floats), [[[1, 0, 0], [1, 1, 1]], [[0, 0, 0], [1, 1, 0]]])
    with pytest.raises(ValueError, match="maxlen must be scalar"):
        tf.sequence_mask([1], [2, 3])


@pytest.mark.parametrize("indexing", ["xy", "ij"])
def test_meshgrid_equals_numpys(indexing):
    x, y, z = np.array([1, 2]), np.array([3, 4, 5]), np.array([6.0])
    grids = tf.meshgrid(x, y, indexing=indexing)
    expected = np.meshgrid(x, y, indexing=indexing)
    assert [g.shape.as_list() for g in grids] == [list(e.shape) for e in expected]
    for got, want in zip(run(grids), expected, strict=True):
        np.testing.assert_array_equal(got, want)
    three = run(tf.meshgrid(x, y, z.astype(np.int64).astype(int), indexing=indexing))
    for got, want in zip(three, np.meshgrid(x, y, z.astype(int), indexing=indexing), strict=True):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="either 'xy' or 'ij'"):
        tf.meshgrid(x, y, indexing="yx")
