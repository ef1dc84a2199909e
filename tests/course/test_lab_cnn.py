"""Lab 6 (convolutional networks): a smoke run on tiny data, and the 99.2% target on MNIST."""

import json

import pytest

from tinytf.course.cli import main
from tinytf.course.labs import LAB_NAMES, get_lab
from tinytf.course.training import LabOptions

FIGURES = {"cnn_first_layer_filters", "cnn_feature_maps", "cnn_training"}


def test_the_cnn_lab_runs_and_writes_its_results(tiny_data, tmp_path, capsys):
    assert "cnn" in LAB_NAMES
    out = tmp_path / "cnn"
    code = main(["lab", "cnn", "--epochs", "1", "--out", str(out), "--data-dir", str(tiny_data)])
    assert code == 0
    assert "== Lab 6 - Convolutional networks ==" in capsys.readouterr().out
    summary = json.loads((out / "results.json").read_text())
    assert set(summary["figures"]) == FIGURES
    tables = {table["title"].split(" (")[0]: table for table in summary["tables"]}
    cnn, mlp = tables["CNN and MLP"]["rows"]
    # conv1 5*5*1*16+16, conv2 5*5*16*32+32, dense 512*256+256, output 256*10+10
    assert cnn[1] == 416 + 12832 + 131328 + 2570 == 147146
    # conv1 24*24 positions x 400, conv2 8*8 x 12800, then the two dense layers
    assert cnn[2] == 24 * 24 * 400 + 8 * 8 * 12800 + 512 * 256 + 256 * 10
    assert mlp[1] == 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10
    assert len(summary["metrics"]["seconds_per_epoch"]) == 1


@pytest.mark.slow
def test_the_cnn_reaches_the_deep_mnist_accuracy(shared_data, tmp_path):
    result = get_lab("cnn").run(LabOptions(out=tmp_path, data_dir=shared_data, progress=False))
    assert result.metrics["test_accuracy"] >= 0.992, result.metrics
