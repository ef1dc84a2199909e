"""Iterators: one-shot and initializable, their state in the session, End of sequence."""

import numpy as np
import pytest

import tinytf as tf

X = np.arange(12, dtype=np.float32).reshape(6, 2)


def test_one_shot_iterator_ends_with_out_of_range_every_time():
    next_element = tf.data.make_one_shot_iterator(tf.data.Dataset.range(2)).get_next()
    with tf.Session() as session:
        assert [session.run(next_element) for _ in range(2)] == [0, 1]
        for _ in range(2):
            with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence") as caught:
                session.run(next_element)
            assert caught.value.op is next_element.op


def test_one_shot_iterator_has_no_initializer_and_refuses_placeholders():
    iterator = tf.data.Dataset.range(2).make_one_shot_iterator()
    with pytest.raises(ValueError, match="does not have an initializer"):
        iterator.initializer  # noqa: B018
    fed = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match=r"Cannot capture a placeholder \(name:Placeholder"):
        tf.data.Dataset.from_tensor_slices(fed).make_one_shot_iterator()


def test_initializable_iterator_restarts_from_fed_values():
    features = tf.placeholder(tf.float32, [None, 2])
    dataset = tf.data.Dataset.from_tensor_slices(features).batch(4)
    iterator = dataset.make_initializable_iterator()
    batch = iterator.get_next()
    assert batch.shape.as_list() == [None, 2]
    assert iterator.initializer.type == "MakeIterator"
    with tf.Session() as session:
        with pytest.raises(tf.errors.FailedPreconditionError, match="has not been initialized"):
            session.run(batch)
        session.run(iterator.initializer, {features: X})
        np.testing.assert_array_equal(session.run(batch), X[:4])
        session.run(iterator.initializer, {features: X[::-1]})
        np.testing.assert_array_equal(session.run(batch), X[::-1][:4])
        np.testing.assert_array_equal(session.run(batch), X[::-1][4:])
        with pytest.raises(tf.errors.OutOfRangeError):
            session.run(batch)


def test_each_session_has_its_own_position():
    next_element = tf.data.Dataset.range(3).make_one_shot_iterator().get_next()
    first, second = tf.Session(), tf.Session()
    assert first.run(next_element) == 0 and first.run(next_element) == 1
    assert second.run(next_element) == 0
    first.close()
    with tf.Session() as third:
        assert third.run(next_element) == 0


def test_one_element_per_run_however_many_consumers():
    value = tf.data.Dataset.range(5).make_one_shot_iterator().get_next()
    doubled, tripled = value * 2, value * 3
    with tf.Session() as session:
        assert session.run([doubled, tripled]) == [0, 0]
        assert session.run([value, doubled]) == [1, 2]


def test_reinitializable_iterator_switches_datasets():
    training = tf.data.Dataset.from_tensor_slices(X).batch(3)
    validation = tf.data.Dataset.from_tensor_slices(X[:2] * 10).batch(3)
    iterator = tf.data.Iterator.from_structure(training.output_types, training.output_shapes)
    batch = iterator.get_next()
    use_training = iterator.make_initializer(training)
    use_validation = iterator.make_initializer(validation)
    with tf.Session() as session:
        session.run(use_validation)
        np.testing.assert_array_equal(session.run(batch), X[:2] * 10)
        session.run(use_training)
        np.testing.assert_array_equal(session.run(batch), X[:3])
    with pytest.raises(TypeError, match="Expected output types"):
        iterator.make_initializer(tf.data.Dataset.range(3))


def test_tuple_elements_come_back_as_tuples_of_tensors():
    labels = np.arange(6, dtype=np.int32)
    dataset = tf.data.Dataset.from_tensor_slices((X, labels)).batch(6)
    images, targets = dataset.make_one_shot_iterator().get_next(name="batch")
    assert (images.name, targets.name) == ("batch:0", "batch:1")
    assert targets.dtype == tf.int32
    with tf.Session() as session:
        image_values, target_values = session.run([images, targets])
    np.testing.assert_array_equal(image_values, X)
    np.testing.assert_array_equal(target_values, labels)


def test_a_model_trains_on_dataset_batches_until_the_end():
    inputs = np.random.default_rng(0).normal(size=(6, 2)).astype(np.float32)
    targets = inputs @ np.array([[1.0], [-2.0]], np.float32)
    dataset = tf.data.Dataset.from_tensor_slices((inputs, targets)).repeat(100).batch(3)
    features, labels = dataset.make_one_shot_iterator().get_next()
    weights = tf.Variable(tf.zeros([2, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(features, weights) - labels))
    train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
    steps = 0
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        while True:
            try:
                session.run(train)
            except tf.errors.OutOfRangeError:
                break
            steps += 1
        np.testing.assert_allclose(session.run(weights), [[1.0], [-2.0]], atol=0.05)
    assert steps == 200


def test_dataset_graphs_export_as_graph_defs():
    pytest.importorskip("tensorboard")
    dataset = tf.data.Dataset.from_tensor_slices(X).map(lambda x: x * 2.0).batch(2)
    dataset.make_initializable_iterator().get_next()
    nodes = {node.name: node.op for node in tf.get_default_graph().as_graph_def().node}
    assert nodes["MapDataset"] == "MapDataset" and nodes["IteratorGetNext"] == "IteratorGetNext"


def test_helpers_read_element_types():
    dataset = tf.data.Dataset.from_tensor_slices((X, X))
    assert tf.data.get_output_types(dataset) == (tf.float32, tf.float32)
    assert tf.data.get_output_shapes(dataset)[0].as_list() == [2]
    assert tf.data.get_output_classes(dataset) == (tf.Tensor, tf.Tensor)
    assert tf.compat.v1.data.make_one_shot_iterator is tf.data.make_one_shot_iterator
