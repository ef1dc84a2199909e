"""Joining and splitting: stack/unstack, packing nested lists, concat, split, tile."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests import strategies


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_stack_of_numbers_is_a_constant_and_of_tensors_a_pack():
    assert tf.stack([1, 2]).op.type == "Const"
    x = tf.placeholder(tf.float32, [None, 2])
    packed = tf.stack([x, x, x], axis=1)
    assert packed.op.type == "Pack" and packed.name == "stack_1:0"
    assert packed.shape.as_list() == [None, 3, 2]
    value = np.arange(4.0).reshape(2, 2)
    np.testing.assert_array_equal(run(packed, {x: value}), np.stack([value] * 3, axis=1))


def test_stack_errors():
    with pytest.raises(TypeError, match=r"have types \[float32, int32\]"):
        tf.stack([tf.zeros([2]), tf.constant([1, 2])])
    with pytest.raises(ValueError, match="Shapes of all inputs must match"):
        tf.stack([tf.zeros([2]), tf.zeros([3])])
    with pytest.raises(ValueError, match=r"axis = 3 not in \[-3, 3\)"):
        tf.stack([tf.zeros([2, 2]), tf.zeros([2, 2])], axis=3)


def test_unstack_values_shapes_and_count_inference():
    x = tf.constant(np.arange(6.0).reshape(2, 3))
    columns = tf.unstack(x, axis=1)
    assert len(columns) == 3 and columns[0].shape.as_list() == [2]
    np.testing.assert_array_equal(run(columns[2]), [2.0, 5.0])
    single = tf.unstack(tf.zeros([1, 4]))
    assert len(single) == 1 and run(single[0]).shape == (4,)
    with pytest.raises(ValueError, match="Cannot infer argument `num` from shape"):
        tf.unstack(tf.placeholder(tf.float32, [None, 3]))


def test_convert_to_tensor_packs_nested_lists_with_tensors():
    x = tf.placeholder(tf.float32, [])
    packed = tf.convert_to_tensor([[x, 1.0], [2.0, 3.0]])
    assert packed.op.type == "Pack" and packed.name == "packed:0"
    assert packed.dtype == tf.float32 and packed.shape.as_list() == [2, 2]
    assert packed.op.inputs[1].op.type == "Const"  # the all-number row is one constant
    np.testing.assert_array_equal(run(packed, {x: 5.0}), [[5.0, 1.0], [2.0, 3.0]])


def test_packing_gives_numbers_the_tensors_dtype():
    i = tf.constant(4)
    packed = tf.convert_to_tensor([i, 2, 3])
    assert packed.dtype == tf.int32
    np.testing.assert_array_equal(run(packed), [4, 2, 3])
    with pytest.raises(TypeError, match="Expected int32"):
        tf.convert_to_tensor([i, 2.5])
    with pytest.raises(TypeError, match="don't all match"):
        tf.convert_to_tensor([i, tf.constant(1.0)])


def test_concat_values_names_and_negative_axis():
    a, b = np.ones((2, 3)), np.zeros((2, 1))
    joined = tf.concat([a, b], -1)
    assert joined.op.type == "ConcatV2" and joined.op.name == "concat"
    assert joined.op.inputs[-1].op.name == "concat/axis"
    assert joined.shape.as_list() == [2, 4]
    np.testing.assert_array_equal(run(joined), np.concatenate([a, b], -1))


def test_concat_of_one_tensor_is_an_identity():
    x = tf.zeros([2])
    single = tf.concat([x], 0)
    assert single.op.type == "Identity" and single.op.name == "concat/concat"


def test_concat_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [2, None])
    assert tf.concat([x, y], 0).shape.as_list() == [None, 3]
    assert tf.concat([x, y], 1).shape.as_list() == [2, None]
    assert tf.concat([x, tf.placeholder(tf.float32)], 0).shape.as_list() == [None, 3]
    assert tf.concat([x, x], tf.placeholder(tf.int32, [])).shape.as_list() == [None, None]


def test_concat_errors_at_build_time():
    with pytest.raises(
        ValueError, match="Dimension 0 in both shapes must be equal, but are 2 and 3"
    ):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3, 3])], 1)
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3])], 0)
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([2, 3])], 2)
    with pytest.raises(TypeError, match=r"'ConcatV2' Op have types \[float32, int32\]"):
        tf.concat([tf.zeros([2]), tf.constant([1])], 0)


def test_concat_mismatch_of_fed_shapes_fails_at_run_time():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [2, None])
    joined = tf.concat([x, y], 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="concat"):
        run(joined, {x: np.zeros((2, 3)), y: np.zeros((2, 2))})


@settings(max_examples=60, deadline=None)
@given(strategies.concat_cases(), st.data())
def test_concat_static_shape_and_values_equal_numpys_also_when_fed(case, data):
    shapes, axis = case
    values = [np.full(shape, float(i)) for i, shape in enumerate(shapes)]
    expected = np.concatenate(values, axis)
    with tf.Graph().as_default():
        joined = tf.concat([tf.constant(v) for v in values], axis)
        assert joined.shape.as_list() == list(expected.shape)
        placeholders = [
            tf.placeholder(tf.float64, data.draw(strategies.partial_shapes(s))) for s in shapes
        ]
        fed = tf.concat(placeholders, axis)
        assert fed.shape.is_compatible_with(expected.shape)
        with tf.Session() as session:
            np.testing.assert_array_equal(session.run(joined), expected)
            np.testing.assert_array_equal(
                session.run(fed, dict(zip(placeholders, values, strict=True))), expected
            )


def test_split_into_equal_parts():
    value = np.arange(12.0).reshape(2, 6)
    parts = tf.split(value, tf.zeros([2, 3]).shape[1], axis=1)
    assert len(parts) == 3 and parts[0].op.type == "Split"
    assert parts[0].op.inputs[0].op.name == "split/split_dim"
    assert [p.shape.as_list() for p in parts] == [[2, 2]] * 3
    for got, expected in zip(run(parts), np.split(value, 3, axis=1), strict=True):
        np.testing.assert_array_equal(got, expected)


def test_split_into_sizes_with_one_inferred():
    value = np.arange(10.0).reshape(5, 2)
    parts = tf.split(value, [2, -1])
    assert parts[0].op.type == "SplitV"
    assert [p.shape.as_list() for p in parts] == [[2, 2], [3, 2]]
    np.testing.assert_array_equal(run(parts[1]), value[2:])


def test_split_static_shapes_with_unknown_dims_and_sizes():
    x = tf.placeholder(tf.float32, [None, 4])
    assert [p.shape.as_list() for p in tf.split(x, 2)] == [[None, 4]] * 2
    assert [p.shape.as_list() for p in tf.split(x, [1, -1])] == [[1, 4], [None, 4]]
    sizes = tf.placeholder(tf.int32, [None])
    parts = tf.split(tf.zeros([5, 3]), sizes, num=2)
    assert [p.shape.as_list() for p in parts] == [[None, 3]] * 2
    values = run(parts, {sizes: [1, 4]})
    assert [v.shape for v in values] == [(1, 3), (4, 3)]


def test_split_errors():
    with pytest.raises(ValueError, match="evenly divisible by 2 but is 5"):
        tf.split(tf.zeros([5, 3]), 2)
    with pytest.raises(
        ValueError,
        match=r"can't split axis of size 5 into pieces of size "
        r"\[2,2\]",
    ):
        tf.split(tf.zeros([5, 3]), [2, 2])
    with pytest.raises(ValueError, match="Cannot infer argument `num`"):
        tf.split(tf.zeros([5]), tf.placeholder(tf.int32, [None]))
    x = tf.placeholder(tf.float32, [None, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match="should evenly divide"):
        run(tf.split(x, 3), {x: np.zeros((2, 4))})


def test_tile_values_and_static_shapes():
    value = np.array([[1.0, 2.0]])
    tiled = tf.tile(value, [2, 3])
    assert tiled.shape.as_list() == [2, 6]
    np.testing.assert_array_equal(run(tiled), np.tile(value, [2, 3]))
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.tile(x, [2, 2]).shape.as_list() == [None, 6]
    assert tf.tile(x, tf.placeholder(tf.int32, [2])).shape.as_list() == [None, None]


def test_tile_errors():
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.tile(tf.zeros([2, 3]), [2])
    multiples = tf.placeholder(tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="vector of length 2"):
        run(tf.tile(tf.zeros([2, 3]), multiples), {multiples: [2]})


def test_tile_gradient_sums_the_copies_with_an_unknown_batch():
    x = tf.placeholder(tf.float64, [None, 2])
    weights = np.arange(12.0).reshape(3, 4)
    loss = tf.reduce_sum(tf.tile(x, [1, 2]) * weights)
    grad = tf.gradients(loss, x)[0]
    expected = weights[:, :2] + weights[:, 2:]
    np.testing.assert_array_equal(run(grad, {x: np.ones((3, 2))}), expected)


def test_split_gradient_fills_unused_parts_with_a_zeros_like_op():
    x = tf.placeholder(tf.float64, [4, 2])
    first, _ = tf.split(x, 2)
    grad = tf.gradients(tf.reduce_sum(first * 3.0), x)[0]
    assert "ZerosLike" in [t.op.type for t in grad.op.inputs]
    np.testing.assert_array_equal(run(grad, {x: np.ones((4, 2))}), [[3, 3], [3, 3], [0, 0], [0, 0]])
