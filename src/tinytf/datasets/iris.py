"""Fisher's iris flowers, bundled with tinytf (the 150-row UCI table as scikit-learn ships it)."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
IRIS_CLASSES = ("setosa", "versicolor", "virginica")


def load_iris():
    """`(features, labels)`: float32 [150, 4] in centimetres and int64 class indices [150].

    Class names are `IRIS_CLASSES`, feature names `IRIS_FEATURES`.
    """
    table = resources.files("tinytf.datasets").joinpath("data", "iris.csv")
    with table.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    features = np.array(
        [[float(row[name]) for name in IRIS_FEATURES] for row in rows], dtype=np.float32
    )
    labels = np.array([IRIS_CLASSES.index(row["species"]) for row in rows], dtype=np.int64)
    return features, labels
