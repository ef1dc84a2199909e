"""tf.data.Dataset: element types and shapes, each transformation's elements, op names."""

import numpy as np
import pytest

import tinytf as tf

X = np.arange(10, dtype=np.float32).reshape(5, 2)
Y = np.arange(5, dtype=np.int64)


def elements(dataset, limit=100):
    """Every element of `dataset`, read through a one-shot iterator."""
    next_element = dataset.make_one_shot_iterator().get_next()
    values = []
    with tf.Session() as session:
        for _ in range(limit):
            try:
                values.append(session.run(next_element))
            except tf.errors.OutOfRangeError:
                return values
    raise AssertionError(f"more than {limit} elements")


def test_from_tensor_slices_types_shapes_and_elements():
    dataset = tf.data.Dataset.from_tensor_slices((X, Y))
    assert dataset.output_types == (tf.float32, tf.int64)
    assert [s.as_list() for s in dataset.output_shapes] == [[2], []]
    assert dataset.output_classes == (tf.Tensor, tf.Tensor)
    values = elements(dataset)
    assert len(values) == 5
    for (x, y), row, label in zip(values, X, Y, strict=True):
        np.testing.assert_array_equal(x, row)
        assert y == label and y.dtype == np.int64


def test_python_values_take_tensorflow_dtypes():
    assert tf.data.Dataset.from_tensor_slices([1.5, 2.5]).output_types == tf.float32
    assert tf.data.Dataset.from_tensor_slices([[1, 2]]).output_types == tf.int32
    assert tf.data.Dataset.from_tensors([1, 2]).output_shapes.as_list() == [2]


def test_dict_elements_keep_their_keys():
    dataset = tf.data.Dataset.from_tensor_slices({"x": X, "y": Y}).batch(2)
    assert dataset.output_shapes["x"].as_list() == [None, 2]
    first = elements(dataset)[0]
    assert sorted(first) == ["x", "y"]
    np.testing.assert_array_equal(first["x"], X[:2])


def test_slices_must_agree_and_have_rows():
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))
    with pytest.raises(ValueError, match="rank >= 1"):
        tf.data.Dataset.from_tensor_slices(1.0)


def test_batch_keeps_or_drops_the_remainder():
    batches = elements(tf.data.Dataset.from_tensor_slices(X).batch(2))
    assert [b.shape for b in batches] == [(2, 2), (2, 2), (1, 2)]
    dropped = tf.data.Dataset.from_tensor_slices(X).batch(2, drop_remainder=True)
    assert dropped.output_shapes.as_list() == [2, 2]
    assert len(elements(dropped)) == 2


def test_batch_refuses_ragged_elements():
    ragged = tf.data.Dataset.from_generator(lambda: iter([[1], [1, 2]]), tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="different shapes in component 0"):
        elements(ragged.batch(2))


def test_repeat_take_skip_shard_and_range():
    numbers = tf.data.Dataset.range(5)
    assert numbers.output_types == tf.int64
    assert elements(numbers.repeat(2)) == [0, 1, 2, 3, 4] * 2
    assert elements(numbers.repeat().take(7)) == [0, 1, 2, 3, 4, 0, 1]
    assert elements(numbers.skip(3)) == [3, 4]
    assert elements(numbers.skip(-1)) == []
    assert elements(numbers.take(-1)) == [0, 1, 2, 3, 4]
    assert elements(numbers.shard(2, 1)) == [1, 3]
    assert elements(tf.data.Dataset.range(2, 9, 3)) == [2, 5, 8]
    assert elements(tf.data.Dataset.range(3, output_type=tf.int32)) == [0, 1, 2]
    assert elements(tf.data.Dataset.range(0).repeat()) == []


def test_map_runs_tf_ops_on_each_element():
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).map(
        lambda x, y: (tf.reduce_sum(x * 2.0), tf.cast(y, tf.float32) + 0.5)
    )
    assert dataset.output_types == (tf.float32, tf.float32)
    assert [s.as_list() for s in dataset.output_shapes] == [[], []]
    values = elements(dataset)
    np.testing.assert_allclose([v[0] for v in values], (X * 2).sum(axis=1))
    np.testing.assert_allclose([v[1] for v in values], Y + 0.5)


def test_map_on_batches_and_a_list_result():
    dataset = tf.data.Dataset.from_tensor_slices(X).batch(2).map(lambda x: [x, x / 2.0])
    assert isinstance(dataset.output_types, tuple)
    first = elements(dataset)[0]
    np.testing.assert_allclose(first[1], X[:2] / 2)


def test_map_cannot_use_tensors_of_the_program_graph():
    outer = tf.constant(2.0)
    with pytest.raises(ValueError, match="same graph"):
        tf.data.Dataset.from_tensor_slices(X).map(lambda x: x * outer)


def test_filter_keeps_matching_elements():
    evens = tf.data.Dataset.range(10).filter(lambda n: tf.equal(n % 2, 0))
    assert elements(evens) == [0, 2, 4, 6, 8]
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar"):
        tf.data.Dataset.range(3).filter(lambda n: n)


def test_shuffle_is_a_permutation_reproducible_by_seed():
    def order(seed, epochs=1):
        with tf.Graph().as_default():
            dataset = tf.data.Dataset.range(20).shuffle(8, seed=seed).repeat(epochs)
            return elements(dataset)

    first = order(3)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert order(3) == first
    assert order(4) != first
    two_epochs = order(3, epochs=2)
    assert two_epochs[:20] == first and two_epochs[20:] != first


def test_shuffle_can_keep_one_order_across_epochs():
    dataset = tf.data.Dataset.range(10).shuffle(10, seed=1, reshuffle_each_iteration=False)
    values = elements(dataset.repeat(2))
    assert values[:10] == values[10:]


def test_the_graph_seed_seeds_shuffling():
    def order():
        with tf.Graph().as_default():
            tf.set_random_seed(5)
            return elements(tf.data.Dataset.range(30).shuffle(30))

    assert order() == order()


def test_zip_concatenate_cache_prefetch_and_apply():
    numbers = tf.data.Dataset.range(3)
    zipped = tf.data.Dataset.zip((numbers, numbers.map(lambda n: n * 10)))
    assert elements(zipped) == [(0, 0), (1, 10), (2, 20)]
    assert elements(numbers.concatenate(tf.data.Dataset.range(5, 7))) == [0, 1, 2, 5, 6]
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        numbers.concatenate(tf.data.Dataset.from_tensor_slices([1.0]))
    cached = numbers.shuffle(3, seed=2).cache().repeat(3)
    values = elements(cached)
    assert values[:3] == values[3:6] == values[6:]
    assert elements(numbers.prefetch(1).apply(lambda d: d.take(2))) == [0, 1]


def test_from_generator_converts_and_checks_elements():
    def pairs():
        for i in range(3):
            yield i, [float(i)] * 2

    dataset = tf.data.Dataset.from_generator(pairs, (tf.int64, tf.float32), ([], [2]))
    values = elements(dataset)
    assert [v[0] for v in values] == [0, 1, 2]
    assert values[2][1].dtype == np.float32
    bad = tf.data.Dataset.from_generator(lambda: iter([[1.0, 2.0, 3.0]]), tf.float32, [2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"shape \[3\]"):
        elements(bad)


def test_dataset_ops_are_named_as_in_tensorflow():
    dataset = (
        tf.data.Dataset.from_tensor_slices(X)
        .shuffle(5)
        .repeat(2)
        .batch(2)
        .map(lambda x: x + 1.0)
        .prefetch(1)
    )
    dataset.make_one_shot_iterator().get_next()
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert types == [
        "Const",
        "TensorSliceDataset",
        "Const",
        "Const",
        "Const",
        "ShuffleDataset",
        "Const",
        "RepeatDataset",
        "Const",
        "Const",
        "BatchDatasetV2",
        "MapDataset",
        "Const",
        "PrefetchDataset",
        "OneShotIterator",
        "IteratorGetNext",
    ]
    assert tf.get_default_graph().get_operations()[0].name == "normalize_element/component_0"


def test_python_iteration_is_refused_as_in_graph_mode():
    with pytest.raises(RuntimeError, match="only supports Python-style iteration"):
        iter(tf.data.Dataset.range(3))


def test_missing_transformations_say_what_to_use():
    from tinytf._unsupported import UnsupportedError

    with pytest.raises(
        UnsupportedError, match="tinytf does not implement tf.data.Dataset.padded_batch; prepare"
    ):
        tf.data.Dataset.range(3).padded_batch(2, [None])
    assert not hasattr(tf.data.Dataset.range(3), "_private")
