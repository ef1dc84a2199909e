"""Philox4x32-10 and the distributions TensorFlow's random kernels draw from it.

Equality with TensorFlow's own draws is checked in tests/differential; here: the published
known answers of Philox4x32-10, counter arithmetic, stream reservations, and the shape of
each distribution.
"""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import philox


def block(counter_words, key):
    start = sum(word << (32 * index) for index, word in enumerate(counter_words))
    return [int(word) for word in philox.blocks(key, start, np.arange(1))[0]]


@pytest.mark.parametrize(
    "counter, key, expected",
    [
        # Known-answer vectors of the Random123 library, which defined Philox4x32-10.
        ((0, 0, 0, 0), (0, 0), [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
        (
            (0xFFFFFFFF,) * 4,
            (0xFFFFFFFF, 0xFFFFFFFF),
            [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD],
        ),
        (
            (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
            (0xA4093822, 0x299F31D0),
            [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1],
        ),
    ],
)
def test_philox_gives_the_published_known_answers(counter, key, expected):
    assert block(counter, key) == expected


def test_counters_carry_from_the_low_into_the_high_half():
    key = (7, 9)
    below = (1 << 64) - 1
    together = philox.blocks(key, below, np.arange(2))
    np.testing.assert_array_equal(together[1], philox.blocks(key, 1 << 64, np.arange(1))[0])
    assert block((0, 0, 1, 0), key) == [int(w) for w in together[1]]
    assert not np.array_equal(together[0], together[1])


def test_a_stream_starts_from_its_seeds_and_sets_256_counters_aside_per_output():
    stream = philox.PhiloxStream(seed=(5 << 32) | 3, seed2=11)
    assert stream.key == (3, 5)
    assert stream.reserve(10) == 11 << 64
    assert stream.reserve(1) == (11 << 64) + 2560
    assert stream.counter == (11 << 64) + 2816
    wrapping = philox.PhiloxStream(0, (1 << 64) - 1)
    wrapping.counter = (1 << 128) - 1
    assert wrapping.reserve(1) == (1 << 128) - 1 and wrapping.counter == 255


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_uniform_values_lie_in_the_unit_interval(dtype):
    values = philox.uniform(philox.PhiloxStream(1, 2), 10_001, dtype)
    assert values.dtype == dtype and values.shape == (10_001,)
    assert values.min() >= 0 and values.max() < 1
    assert abs(float(values.mean()) - 0.5) < 0.02


def test_a_float32_uniform_is_the_words_23_low_bits_as_a_mantissa():
    stream = philox.PhiloxStream(4, 5)
    words = philox.blocks(stream.key, stream.counter, np.arange(1))[0]
    expected = (words & 0x7FFFFF).astype(np.float64) / 2**23
    np.testing.assert_array_equal(philox.uniform(stream, 4, np.float32), expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_normals_have_mean_zero_and_unit_deviation(dtype):
    values = philox.normal(philox.PhiloxStream(3, 4), 100_000, dtype)
    assert values.dtype == dtype
    assert abs(float(values.mean())) < 0.01 and abs(float(values.std()) - 1) < 0.01


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_truncated_normals_stay_within_two_deviations(dtype):
    values = philox.truncated_normal(philox.PhiloxStream(3, 4), 100_001, dtype)
    assert values.dtype == dtype and values.shape == (100_001,)
    assert np.abs(values).max() < 2
    # The standard deviation of a unit normal truncated at +-2.
    assert abs(float(values.std()) - 0.8796) < 0.01


def test_each_truncated_group_draws_from_its_own_counters():
    # The second group of four values starts 4 x 64 counters on, whatever the first used.
    both = philox.truncated_normal(philox.PhiloxStream(8, 9), 8, np.float32)
    np.testing.assert_array_equal(
        both[4:], philox.truncated_normal(_stream_at(8, 9, 256), 4, np.float32)
    )


def _stream_at(seed, seed2, counters_on):
    stream = philox.PhiloxStream(seed, seed2)
    stream.counter += counters_on
    return stream


@pytest.mark.parametrize("dtype, low, high", [(np.int32, -7, 1000), (np.int64, -5, 10**12)])
def test_uniform_integers_cover_the_range(dtype, low, high):
    values = philox.uniform_integers(philox.PhiloxStream(6, 7), 5_000, low, high, dtype)
    assert values.dtype == dtype and values.min() >= low and values.max() < high
    assert values.max() - values.min() > (high - low) * 0.9


def test_a_seeded_op_repeats_in_a_new_session_and_moves_on_within_one():
    draw = tf.random_normal([5], seed=3)
    with tf.Session() as session:
        first, second = session.run(draw), session.run(draw)
    with tf.Session() as session:
        again = session.run(draw)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)


def test_an_unseeded_op_draws_differently_in_each_session():
    draw = tf.random_uniform([8])
    with tf.Session() as session:
        first = session.run(draw)
    with tf.Session() as session:
        assert not np.array_equal(first, session.run(draw))


def test_op_seeds_count_the_random_ops_of_a_graph_as_in_tensorflow_2():
    tf.set_random_seed(42)
    tf.random_normal([2]), tf.truncated_normal([2]), tf.random_uniform([2], seed=9)
    tf.random_uniform([2])
    random_ops = [
        op
        for op in tf.get_default_graph().get_operations()
        if op.type.startswith(("Random", "Truncated"))
    ]
    assert [(op.get_attr("seed"), op.get_attr("seed2")) for op in random_ops] == [
        (42, 0),
        (42, 1),
        (42, 9),
        (42, 2),
    ]
    with tf.Graph().as_default():
        tf.set_random_seed(42)
        assert tf.random_uniform([2]).op.get_attr("seed2") == 0
