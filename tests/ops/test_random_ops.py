"""Random ops: graph structure, distributions, seeds and reproducibility across sessions."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework.random_seed import DEFAULT_GRAPH_SEED, get_seed


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def op_types(prefix):
    return [
        (op.name, op.type)
        for op in tf.get_default_graph().get_operations()
        if op.name.startswith(prefix)
    ]


def test_random_normal_builds_tf_ops():
    sample = tf.random_normal([2, 3], mean=1.0, stddev=2.0)
    assert sample.name == "random_normal:0"
    assert sample.shape.as_list() == [2, 3]
    assert sample.dtype == tf.float32
    assert op_types("random_normal") == [
        ("random_normal/shape", "Const"),
        ("random_normal/mean", "Const"),
        ("random_normal/stddev", "Const"),
        ("random_normal/RandomStandardNormal", "RandomStandardNormal"),
        ("random_normal/mul", "Mul"),
        ("random_normal", "AddV2"),
    ]


def test_truncated_normal_and_uniform_build_tf_ops():
    tf.truncated_normal([2])
    tf.random_uniform([2], 1.0, 5.0)
    tf.random_uniform([2], maxval=5, dtype=tf.int32)
    types = dict(op_types(""))
    assert types["truncated_normal/TruncatedNormal"] == "TruncatedNormal"
    assert types["random_uniform/RandomUniform"] == "RandomUniform"
    assert types["random_uniform/sub"] == "Sub"
    assert types["random_uniform"] == "AddV2"
    assert types["random_uniform_1"] == "RandomUniformInt"


def test_shuffle_and_multinomial_names():
    shuffled = tf.random_shuffle([1, 2, 3])
    drawn = tf.multinomial([[1.0, 2.0]], 3)
    categorical = tf.random.categorical(tf.zeros([5, 3]), 7, dtype=tf.int32)
    assert shuffled.name == "RandomShuffle:0"
    assert shuffled.op.inputs[0].name == "RandomShuffle/value:0"
    assert drawn.name == "multinomial/Multinomial:0"
    assert drawn.dtype == tf.int64 and drawn.shape.as_list() == [1, 3]
    assert categorical.name == "categorical/Multinomial:0"
    assert categorical.dtype == tf.int32 and categorical.shape.as_list() == [5, 7]


def test_static_shapes_from_partly_known_shape_vectors():
    size = tf.placeholder(tf.int32, [2])
    assert tf.random_normal(size).shape.as_list() == [None, None]
    assert tf.random_normal([size[0], 3]).shape.as_list() == [None, 3]
    assert tf.random_uniform(tf.TensorShape([4, 2])).shape.as_list() == [4, 2]
    assert tf.random_uniform([]).shape.as_list() == []
    values = run(tf.random_normal(size), {size: [2, 5]})
    assert values.shape == (2, 5)


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_float_dtypes_are_kept(dtype):
    fetched = run(
        [
            tf.random_normal([3], dtype=dtype),
            tf.truncated_normal([3], dtype=dtype),
            tf.random_uniform([3], dtype=dtype),
        ]
    )
    assert [value.dtype for value in fetched] == [dtype.as_numpy_dtype] * 3


def test_random_ops_are_stateful_and_not_differentiable():
    from tinytf.framework import registry

    for op_type in (
        "RandomStandardNormal",
        "TruncatedNormal",
        "RandomUniform",
        "RandomUniformInt",
        "RandomShuffle",
        "Multinomial",
    ):
        assert registry.get_op_def(op_type).stateful
        assert registry.has_gradient_entry(op_type)
        assert not registry.is_differentiable(op_type)
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.random_shuffle(x), x) == [None]


def test_integer_uniform_needs_maxval():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random_uniform([2], dtype=tf.int32)


def test_uniform_refuses_bool():
    with pytest.raises(ValueError, match="Argument `dtype` got invalid value"):
        tf.random_uniform([2], dtype=tf.bool)


def test_normal_refuses_integers():
    with pytest.raises(TypeError, match="int32"):
        tf.random_normal([2], mean=0, stddev=1, dtype=tf.int32)


def test_integer_uniform_needs_min_below_max():
    sample = tf.random_uniform([2], minval=5, maxval=5, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 5"):
        run(sample)


def test_shape_must_be_an_integer_vector():
    with pytest.raises(TypeError, match="parameter 'shape' has DataType float32"):
        tf.random_normal(tf.constant([2.0]))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.random_normal([[2]])


def test_multinomial_needs_a_matrix_of_logits():
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.multinomial([1.0, 2.0], 3)


def test_normal_moments():
    values = run(tf.random_normal([200_000], mean=3.0, stddev=2.0, seed=1))
    assert values.mean() == pytest.approx(3.0, abs=0.02)
    assert values.std() == pytest.approx(2.0, abs=0.02)


def test_truncated_normal_stays_within_two_stddev():
    values = run(tf.truncated_normal([200_000], mean=1.0, stddev=3.0, seed=2))
    assert values.min() >= 1.0 - 6.0 and values.max() <= 1.0 + 6.0
    assert values.min() < -4.5 and values.max() > 6.5  # it reaches near the bounds
    # The standard deviation of a unit normal truncated to [-2, 2] is 0.8796.
    assert values.std() == pytest.approx(3.0 * 0.87962566, rel=0.01)


def test_uniform_float_range_and_mean():
    values = run(tf.random_uniform([100_000], -2.0, 6.0, seed=3))
    assert values.min() >= -2.0 and values.max() < 6.0
    assert values.mean() == pytest.approx(2.0, abs=0.05)


def test_uniform_integers_cover_the_half_open_range():
    values = run(tf.random_uniform([10_000], minval=-2, maxval=3, dtype=tf.int64, seed=4))
    assert values.dtype == np.int64
    assert set(np.unique(values)) == {-2, -1, 0, 1, 2}


def test_shuffle_permutes_the_first_dimension_only():
    rows = np.arange(20).reshape(10, 2)
    shuffled = run(tf.random_shuffle(rows, seed=5))
    assert sorted(map(tuple, shuffled)) == sorted(map(tuple, rows))
    assert not np.array_equal(shuffled, rows)
    assert np.all(shuffled[:, 1] == shuffled[:, 0] + 1)
    assert run(tf.random_shuffle(7)) == 7


def test_shuffle_does_not_change_its_input():
    rows = tf.constant(np.arange(10))
    original, shuffled = run([rows, tf.random_shuffle(rows, seed=1)])
    assert np.array_equal(original, np.arange(10))
    assert sorted(shuffled) == list(range(10))


def test_categorical_frequencies_follow_softmax_of_logits():
    probabilities = np.array([[0.1, 0.6, 0.3], [0.5, 0.0, 0.5]])
    with np.errstate(divide="ignore"):
        logits = np.log(probabilities)
    draws = run(tf.random.categorical(logits, 30_000, seed=6))
    assert draws.shape == (2, 30_000) and draws.dtype == np.int64
    frequencies = np.stack([np.bincount(row, minlength=3) / row.size for row in draws])
    np.testing.assert_allclose(frequencies, probabilities, atol=0.015)
    assert not np.any(draws[1] == 1)  # a class of probability zero is never drawn


def test_get_seed_rules():
    assert get_seed(None) == (None, None)
    assert get_seed(7) == (DEFAULT_GRAPH_SEED, 7)
    tf.set_random_seed(3)
    assert tf.get_default_graph().seed == 3
    assert get_seed(7) == (3, 7)
    tf.constant(1.0)
    first = get_seed(None)
    tf.constant(2.0)
    assert first[0] == 3 and get_seed(None) == (3, first[1] + 1)  # the graph's op count
    tf.set_random_seed(0)
    assert get_seed(0) == (0, 2**31 - 1)  # (0, 0) would mean "nondeterministic"


def test_op_seed_attributes():
    tf.set_random_seed(11)
    tf.random_uniform([2], seed=4)
    random_op = tf.get_default_graph().get_operation_by_name("random_uniform/RandomUniform")
    assert random_op.get_attr("seed") == 11
    assert random_op.get_attr("seed2") == 4


def build_program():
    tf.set_random_seed(42)
    return [
        tf.random_normal([4]),
        tf.random_uniform([4]),
        tf.truncated_normal([4]),
        tf.random_shuffle(np.arange(6)),
        tf.multinomial(tf.zeros([2, 5]), 4),
    ]


def test_same_program_same_numbers_in_every_session():
    fetches = build_program()
    with tf.Session() as first:
        expected = first.run(fetches)
    with tf.Session() as second:
        actual = second.run(fetches)
    for want, got in zip(expected, actual, strict=True):
        np.testing.assert_array_equal(want, got)


def test_same_program_in_a_new_graph_gives_the_same_numbers():
    expected = run(build_program())
    with tf.Graph().as_default():
        actual = run(build_program())
    for want, got in zip(expected, actual, strict=True):
        np.testing.assert_array_equal(want, got)


def test_graph_seed_gives_each_op_its_own_stream():
    tf.set_random_seed(42)
    first, second = tf.random_normal([4]), tf.random_normal([4])
    values = run([first, second])
    assert not np.array_equal(values[0], values[1])


def test_successive_runs_draw_new_numbers():
    sample = tf.random_normal([5], seed=1)
    with tf.Session() as session:
        first, second = session.run(sample), session.run(sample)
    assert not np.array_equal(first, second)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(sample), first)
        np.testing.assert_array_equal(session.run(sample), second)


def test_equal_op_seeds_draw_equal_streams():
    first = tf.random_uniform([3], seed=1)
    second = tf.random_uniform([3], seed=1)
    with tf.Session() as session:
        values = session.run([first, second])
    np.testing.assert_array_equal(values[0], values[1])


def test_no_seed_is_nondeterministic():
    sample = tf.random_normal([8])
    random_op = tf.get_default_graph().get_operation_by_name("random_normal/RandomStandardNormal")
    assert (random_op.get_attr("seed"), random_op.get_attr("seed2")) == (0, 0)
    assert not np.array_equal(run(sample), run(sample))


def test_random_stream_survives_new_plans():
    sample = tf.random_normal([3], seed=9)
    other = tf.constant(1.0)
    with tf.Session() as session:
        first = session.run(sample)
        second = session.run([sample, other])[0]  # another plan, same stream
    with tf.Session() as session:
        expected = session.run(sample), session.run(sample)
    np.testing.assert_array_equal(first, expected[0])
    np.testing.assert_array_equal(second, expected[1])


def test_tf_random_namespace():
    assert tf.random.normal is tf.random_normal
    assert tf.random.uniform is tf.random_uniform
    assert tf.random.shuffle is tf.random_shuffle
    assert tf.random.truncated_normal is tf.truncated_normal
    assert tf.random.set_random_seed is tf.set_random_seed
    assert tf.random.get_seed(5) == (DEFAULT_GRAPH_SEED, 5)
