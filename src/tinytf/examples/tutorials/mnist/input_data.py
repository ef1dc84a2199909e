"""TF 1.x's `input_data.read_data_sets`: MNIST as train / validation / test DataSets.

A drop-in for `from tensorflow.examples.tutorials.mnist import input_data`. One
difference: each DataSet shuffles with its own NumPy generator seeded by `seed`
instead of reseeding NumPy's global one, so the batches for a given seed are the
same as TF's without touching the caller's random state.
"""

from __future__ import annotations

import collections
from pathlib import Path

import numpy as np

from tinytf.datasets.mnist import MNIST, read_image_set, to_one_hot
from tinytf.framework import dtypes

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


class DataSet:
    """Images and labels with an epoch-aware `next_batch`, as in TF 1.x's mnist.py."""

    def __init__(
        self,
        images,
        labels,
        fake_data=False,
        one_hot=False,
        dtype=dtypes.float32,
        reshape=True,
        seed=None,
    ):
        self._generator = np.random.RandomState(seed)
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                if images.shape[3] != 1:
                    raise ValueError(f"reshape needs one channel, images have shape {images.shape}")
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == dtypes.float32:
                images = np.multiply(images.astype(np.float32), 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; an epoch's tail is joined to the next epoch's head.

        With `shuffle`, the order is permuted before the first batch and at each epoch end.
        """
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image] * batch_size, [fake_label] * batch_size
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._permute()
        if start + batch_size <= self._num_examples:
            end = self._index_in_epoch = start + batch_size
            return self._images[start:end], self._labels[start:end]
        self._epochs_completed += 1
        rest_images = self._images[start:]
        rest_labels = self._labels[start:]
        if shuffle:
            self._permute()
        self._index_in_epoch = batch_size - len(rest_images)
        end = self._index_in_epoch
        return (
            np.concatenate((rest_images, self._images[:end]), axis=0),
            np.concatenate((rest_labels, self._labels[:end]), axis=0),
        )

    def _permute(self):
        order = np.arange(self._num_examples)
        self._generator.shuffle(order)
        self._images = self._images[order]
        self._labels = self._labels[order]


def read_data_sets(
    train_dir,
    fake_data=False,
    one_hot=False,
    dtype=dtypes.float32,
    reshape=True,
    validation_size=5000,
    seed=None,
    source_url=DEFAULT_SOURCE_URL,
):
    """MNIST from `train_dir` (downloaded there if missing) as `Datasets(train, validation, test)`.

    The first `validation_size` training images become the validation set (55,000 /
    5,000 / 10,000 by default). Images are float32 in [0, 1] (or uint8 with
    `dtype=tf.uint8`), [N, 784] unless `reshape=False` ([N, 28, 28, 1]); labels are uint8
    digits, or float64 one-hot rows with `one_hot=True`.
    """
    if fake_data:
        fake = [
            DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
            for _ in range(3)
        ]
        return Datasets(*fake)
    mirrors = [source_url or DEFAULT_SOURCE_URL, *MNIST.mirrors]
    folder = Path(train_dir)
    (train_images, train_labels), (test_images, test_labels) = read_image_set(
        MNIST, [folder, folder / "mnist"], folder, list(dict.fromkeys(mirrors))
    )
    if one_hot:
        train_labels, test_labels = to_one_hot(train_labels), to_one_hot(test_labels)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(
            f"Validation size should be between 0 and {len(train_images)}. "
            f"Received: {validation_size}."
        )
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(
        train=DataSet(
            train_images[validation_size:, ..., None], train_labels[validation_size:], **options
        ),
        validation=DataSet(
            train_images[:validation_size, ..., None], train_labels[:validation_size], **options
        ),
        test=DataSet(test_images[..., None], test_labels, **options),
    )


def load_mnist(train_dir="MNIST-data"):
    """TF 1.x's shorthand: `read_data_sets(train_dir)`."""
    return read_data_sets(train_dir)
