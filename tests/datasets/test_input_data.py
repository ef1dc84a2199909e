"""TF 1.x's read_data_sets and DataSet: split sizes, scaling, dtypes and next_batch order."""

import numpy as np
import pytest

import tinytf as tf
from tests.datasets.builders import write_mnist_like
from tinytf.examples.tutorials.mnist import input_data


def test_real_mnist_splits_like_tf(shared_data):
    mnist = input_data.read_data_sets(str(shared_data / "mnist"), one_hot=True)
    assert (mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples) == (
        55000,
        5000,
        10000,
    )
    assert mnist.train.images.shape == (55000, 784)
    assert mnist.train.images.dtype == np.float32
    assert mnist.train.images.min() == 0.0 and mnist.train.images.max() == 1.0
    assert mnist.train.labels.shape == (55000, 10) and mnist.train.labels.dtype == np.float64
    # The validation set is the first 5,000 training images: the first label is a 5.
    assert mnist.validation.labels[0].argmax() == 5


def test_options_shape_dtype_and_labels(tmp_path):
    written = write_mnist_like(tmp_path, train_count=12)
    data = input_data.read_data_sets(tmp_path, dtype=tf.uint8, reshape=False, validation_size=2)
    assert data.train.images.shape == (10, 28, 28, 1) and data.train.images.dtype == np.uint8
    np.testing.assert_array_equal(
        data.validation.images[..., 0], written["train-images-idx3-ubyte"][:2]
    )
    np.testing.assert_array_equal(data.train.labels, written["train-labels-idx1-ubyte"][2:])
    assert data.train.labels.dtype == np.uint8
    scaled = input_data.read_data_sets(tmp_path, validation_size=0)
    np.testing.assert_allclose(
        scaled.train.images * 255, written["train-images-idx3-ubyte"].reshape(12, 784), rtol=1e-6
    )


def test_invalid_arguments(tmp_path):
    write_mnist_like(tmp_path, train_count=12)
    with pytest.raises(ValueError, match="between 0 and 12. Received: 13."):
        input_data.read_data_sets(tmp_path, validation_size=13)
    with pytest.raises(TypeError, match="Invalid image dtype"):
        input_data.read_data_sets(tmp_path, dtype=tf.int32, validation_size=0)


def _dataset(count, seed):
    images = np.arange(count, dtype=np.uint8).reshape(count, 1, 1, 1)
    return input_data.DataSet(images, np.arange(count), dtype=tf.uint8, seed=seed)


def test_next_batch_follows_tf_epoch_logic():
    dataset = _dataset(10, seed=3)
    generator = np.random.RandomState(3)
    first_order = np.arange(10)
    generator.shuffle(first_order)
    second_order = np.arange(10)
    generator.shuffle(second_order)
    images, labels = dataset.next_batch(4)
    np.testing.assert_array_equal(labels, first_order[:4])
    np.testing.assert_array_equal(images[:, 0], first_order[:4])
    dataset.next_batch(4)
    assert dataset.epochs_completed == 0
    _, labels = dataset.next_batch(4)
    # The last two of epoch one, then the first two of epoch two in its new order.
    np.testing.assert_array_equal(
        labels, np.concatenate([first_order[8:], first_order[second_order][:2]])
    )
    assert dataset.epochs_completed == 1


def test_next_batch_without_shuffle_wraps_in_order():
    dataset = _dataset(5, seed=0)
    batches = [dataset.next_batch(3, shuffle=False)[1] for _ in range(3)]
    np.testing.assert_array_equal(np.concatenate(batches), [0, 1, 2, 3, 4, 0, 1, 2, 3])
    assert dataset.epochs_completed == 1


def test_same_seed_same_batches_and_global_state_untouched():
    np.random.seed(11)
    expected_global = np.random.rand()
    np.random.seed(11)
    first, second = _dataset(50, seed=7), _dataset(50, seed=7)
    np.testing.assert_array_equal(first.next_batch(20)[1], second.next_batch(20)[1])
    assert np.random.rand() == expected_global


def test_fake_data():
    data = input_data.read_data_sets("unused", fake_data=True, one_hot=True)
    images, labels = data.train.next_batch(3, fake_data=True)
    assert np.shape(images) == (3, 784) and labels[0] == [1] + [0] * 9
    assert data.test.num_examples == 10000
