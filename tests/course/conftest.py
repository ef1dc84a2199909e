"""A tiny data folder for the labs' smoke tests: small MNIST files and a small fraud CSV."""

import numpy as np
import pytest

from tests.datasets.builders import write_mnist_like
from tinytf.datasets import make_synthetic_creditcard


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-data")
    write_mnist_like(folder / "mnist", train_count=300, test_count=100)
    cards = make_synthetic_creditcard(rows=800, frauds=80, seed=1)
    header = ",".join(["Time", *(f"V{index}" for index in range(1, 29)), "Amount", "Class"])
    rows = [
        ",".join(["0", *(f"{value:.6f}" for value in features), "1.0", f'"{label}"'])
        for features, label in zip(cards.features, cards.labels, strict=True)
    ]
    (folder / "creditcard").mkdir()
    (folder / "creditcard" / "creditcard.csv").write_text("\n".join([header, *rows]) + "\n")
    np.testing.assert_equal(len(rows), 800)
    return folder
