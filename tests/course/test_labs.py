"""Smoke tests: every lab runs end to end on tiny data through the `tinytf` command."""

import json
from dataclasses import replace

import pytest

from tinytf.course.cli import main
from tinytf.datasets import mnist

QUICK = {
    "regression": ["--epochs", "50"],
    "basic": ["--epochs", "2", "--subset", "200", "--hidden", "8"],
    "mnist": ["--epochs", "1", "--hidden", "16", "--batch-size", "50"],
    "iris": ["--epochs", "3"],
    "cheat": ["--epochs", "2", "--hidden", "4"],
}
FIGURES = {
    "regression": {"regression_fits", "regression_loss"},
    "basic": {"basic_boundaries", "basic_wide_vs_deep", "basic_loss"},
    "mnist": {
        "mnist_training",
        "mnist_initialisation",
        "mnist_softmax_weights",
        "mnist_mlp_first_layer",
        "mnist_misclassified",
        "mnist_per_class",
    },
    "iris": {"iris_gradient_norms", "iris_vanishing_gradients"},
    "cheat": {"cheat_curves", "cheat_metrics"},
}


@pytest.mark.parametrize("name", sorted(QUICK))
def test_lab_runs_and_writes_its_results(name, tiny_data, tmp_path, capsys):
    out = tmp_path / name
    code = main(
        ["lab", name, *QUICK[name], "--out", str(out), "--data-dir", str(tiny_data), "--seed", "3"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "\n== Lab " in printed and "settings: " in printed and "time:" in printed
    summary = json.loads((out / "results.json").read_text())
    assert summary["lab"] == name and summary["settings"]["seed"] == 3
    assert set(summary["figures"]) == FIGURES[name]
    for figure in FIGURES[name]:
        assert (out / f"{figure}.svg").read_text().lstrip().startswith("<?xml")
        assert (out / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
    assert summary["tables"] and all(table["rows"] for table in summary["tables"])


def test_mnist_persistence_checks_hold_on_tiny_data(tiny_data, tmp_path):
    main(["lab", "mnist", *QUICK["mnist"], "--out", str(tmp_path), "--data-dir", str(tiny_data)])
    summary = json.loads((tmp_path / "results.json").read_text())
    checks = {check["description"]: check["passed"] for check in summary["checks"]}
    assert checks["restored checkpoint gives the same test outputs"]
    assert checks["NumPy-only forward gives the session's predictions"]
    assert summary["metrics"]["numpy_predictions_identical"] is True
    assert (tmp_path / "numpy_model" / "mnist_mlp_forward.py").is_file()
    assert "300 training" not in summary["data"] and "270 training" in summary["data"]


def test_same_seed_same_results(tmp_path):
    for run in ("first", "second"):
        main(["lab", "iris", "--epochs", "2", "--out", str(tmp_path / run)])
    first, second = (
        json.loads((tmp_path / run / "results.json").read_text()) for run in ("first", "second")
    )
    assert first["metrics"] == second["metrics"]
    assert (tmp_path / "first" / "iris_vanishing_gradients.svg").read_bytes() == (
        tmp_path / "second" / "iris_vanishing_gradients.svg"
    ).read_bytes()


def test_missing_mnist_is_a_clear_error(tmp_path, capsys, monkeypatch):
    offline = replace(mnist.MNIST, mirrors=("http://127.0.0.1:9/",))
    monkeypatch.setattr(mnist, "MNIST", offline)
    code = main(
        ["lab", "mnist", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "empty")]
    )
    error = capsys.readouterr().err
    assert code == 2
    assert str(tmp_path / "empty" / "mnist") in error and "train-images-idx3-ubyte.gz" in error


def test_bad_hidden_sizes_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["lab", "basic", "--hidden", "16,x"])
    assert "expected sizes like 256,128" in capsys.readouterr().err


def test_the_mlps_first_epoch_is_the_he_initialisation_run(tiny_data, tmp_path):
    import tinytf as tf
    from tinytf.course.labs import mnist as lab
    from tinytf.course.training import LabOptions

    options = LabOptions(
        out=tmp_path, data_dir=tiny_data, progress=False, **{**lab.DEFAULTS, "hidden": (16,)}
    )
    options = replace(options, epochs=2, batch_size=50)
    data = lab._load(options)
    trained_again = lab._train(tf, options, data, "MLP", "he", epochs=1)
    reused = lab._first_epochs(lab._train(tf, options, data, "MLP"), 1)
    assert len(reused["history"].step_losses) == 6  # 270 images in batches of 50
    assert reused["history"].step_losses == trained_again["history"].step_losses
    assert reused["history"].epoch_losses == trained_again["history"].epoch_losses
    assert reused["validation"] == trained_again["validation"]
