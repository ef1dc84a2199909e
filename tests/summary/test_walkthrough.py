"""The TensorBoard walkthrough in docs/tensorboard.md runs and logs what it says it logs."""

import pathlib
import re

import numpy as np
import pytest

import tinytf.datasets
from tests.summary.tensorboard_reading import accumulator

DOCUMENT = pathlib.Path(__file__).resolve().parents[2] / "docs" / "tensorboard.md"


def walkthrough_script():
    """The first Python block after the walkthrough's heading."""
    text = DOCUMENT.read_text()
    section = text[text.index("## The MNIST lab in TensorBoard") :]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def small_mnist(*args, **kwargs):
    """5,000 validation and 400 training images (4 steps), and an unused test set."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5500, 28, 28), dtype=np.uint8)
    labels = (images[:, 14, :].mean(axis=1) // 26).astype(np.uint8) % 10
    return (images[:5400], labels[:5400]), (images[5400:], labels[5400:])


def test_the_walkthrough_logs_scalars_histograms_images_and_the_graph(tmp_path, monkeypatch):
    monkeypatch.setattr(tinytf.datasets, "load_mnist", small_mnist)
    monkeypatch.chdir(tmp_path)
    exec(compile(walkthrough_script(), str(DOCUMENT), "exec"), {})
    train = accumulator(tmp_path / "runs" / "mnist-mlp" / "train")
    tags = train.Tags()
    assert set(tags["scalars"]) == {"loss", "accuracy"}
    assert [event.step for event in train.Scalars("loss")] == [0]
    expected = {
        f"{kind}/{layer}/{variable}"
        for kind in ("weights", "gradient")
        for layer in ("hidden", "logits")
        for variable in ("kernel", "bias")
    }
    assert set(tags["histograms"]) == expected
    assert set(tags["images"]) == {f"digits/image/{index}" for index in range(4)}
    assert {"hidden/MatMul", "logits/BiasAdd", "cross_entropy/Mean"} <= {
        node.name for node in train.Graph().node
    }
    (validation,) = accumulator(tmp_path / "runs" / "mnist-mlp" / "validation").Scalars("accuracy")
    assert validation.step == 3 and 0 <= validation.value <= 1
    assert (
        pytest.approx(train.Histograms("gradient/logits/bias")[0].histogram_value.sum, abs=1e-6)
        == 0
    )  # softmax gradients sum to zero over the classes
