"""Builders of small data files for loader and lab tests."""

import gzip

import numpy as np


def idx_bytes(array: np.ndarray, magic: int) -> bytes:
    """An IDX file's bytes: the big-endian magic, one int32 per dimension, then the data."""
    header = magic.to_bytes(4, "big") + b"".join(size.to_bytes(4, "big") for size in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_mnist_like(folder, train_count=12, test_count=5, seed=0, compress=True):
    """Writes the four MNIST files with random pixels; returns the arrays written."""
    generator = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": generator.integers(0, 256, (train_count, 28, 28)),
        "train-labels-idx1-ubyte": generator.integers(0, 10, train_count),
        "t10k-images-idx3-ubyte": generator.integers(0, 256, (test_count, 28, 28)),
        "t10k-labels-idx1-ubyte": generator.integers(0, 10, test_count),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        data = idx_bytes(array, 2051 if "images" in name else 2049)
        if compress:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return {name: array.astype(np.uint8) for name, array in arrays.items()}
