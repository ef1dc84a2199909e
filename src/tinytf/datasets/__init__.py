"""Data sets for the course, with no dependency beyond NumPy and the standard library."""

from tinytf.datasets.creditcard import (
    CreditCardData,
    load_creditcard,
    make_synthetic_creditcard,
    read_creditcard_csv,
)
from tinytf.datasets.homework import load_homework, make_homework, save_homework
from tinytf.datasets.idx import read_idx
from tinytf.datasets.iris import IRIS_CLASSES, IRIS_FEATURES, load_iris
from tinytf.datasets.mnist import (
    FASHION_CLASS_NAMES,
    FASHION_MNIST,
    MNIST,
    load_fashion_mnist,
    load_mnist,
    to_one_hot,
)
from tinytf.datasets.planar import (
    make_circles,
    make_moons,
    make_quadrants,
    make_spirals,
    one_hot,
    plus_minus_one,
)
from tinytf.datasets.storage import ChecksumError, data_home, default_cache_dir

__all__ = [
    "ChecksumError",
    "CreditCardData",
    "FASHION_CLASS_NAMES",
    "FASHION_MNIST",
    "IRIS_CLASSES",
    "IRIS_FEATURES",
    "MNIST",
    "data_home",
    "default_cache_dir",
    "load_creditcard",
    "load_fashion_mnist",
    "load_homework",
    "load_iris",
    "load_mnist",
    "make_circles",
    "make_homework",
    "make_moons",
    "make_quadrants",
    "make_spirals",
    "make_synthetic_creditcard",
    "one_hot",
    "plus_minus_one",
    "read_creditcard_csv",
    "read_idx",
    "save_homework",
    "to_one_hot",
]
