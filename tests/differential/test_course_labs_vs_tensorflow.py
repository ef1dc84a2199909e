"""The labs give the same numbers on tinytf and on TensorFlow's compat.v1 (--engine tensorflow).

The TensorFlow side runs in a child process: `--engine tensorflow` calls
disable_v2_behavior(), which cannot be undone and would change TensorFlow under the other
differential tests sharing this worker.
"""

import json
import subprocess
import sys
import types

import numpy as np
import pytest

from tinytf.course.labs import get_lab
from tinytf.course.training import LabOptions

pytest.importorskip("tensorflow")
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")

_CHILD = """
import json, sys
from pathlib import Path
from tinytf.course.labs import get_lab
from tinytf.course.training import LabOptions
name, options = json.loads(sys.argv[1])
for key in ("out", "data_dir", "logdir"):
    if options.get(key) is not None:
        options[key] = Path(options[key])
if options.get("hidden") is not None:
    options["hidden"] = tuple(options["hidden"])
result = get_lab(name).run(LabOptions(**options))
print(json.dumps(result.metrics, default=lambda value: value.tolist()))
"""


def _run_on_tensorflow(name, **options):
    """The lab's result on TensorFlow, computed in a child process."""
    options = {
        key: str(value) if hasattr(value, "__fspath__") else value for key, value in options.items()
    }
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps([name, options])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return types.SimpleNamespace(metrics=json.loads(output.strip().splitlines()[-1]))


def _both(name, tmp_path, **options):
    ours = get_lab(name).run(
        LabOptions(out=tmp_path / "tinytf", engine="tinytf", progress=False, **options)
    )
    theirs = _run_on_tensorflow(
        name, out=tmp_path / "tensorflow", engine="tensorflow", progress=False, **options
    )
    return ours, theirs


def test_regression(tmp_path):
    ours, theirs = _both("regression", tmp_path, epochs=400)
    assert ours.metrics.pop("floor_mse") == theirs.metrics.pop("floor_mse")
    for model in ours.metrics:
        assert ours.metrics[model]["mse"] == pytest.approx(theirs.metrics[model]["mse"], rel=1e-3)


def test_iris_gradient_norms(tmp_path):
    ours, theirs = _both("iris", tmp_path, epochs=10)
    assert ours.metrics["mlp_test_accuracy"] == theirs.metrics["mlp_test_accuracy"]
    for variant in ("sigmoid", "relu", "sigmoid + batch norm"):
        np.testing.assert_allclose(
            ours.metrics[f"deep {variant}"]["mean_gradient_norm_per_layer"],
            theirs.metrics[f"deep {variant}"]["mean_gradient_norm_per_layer"],
            rtol=1e-3,
        )


def test_mnist_and_export_on_a_tensorflow_session(tmp_path, shared_data):
    ours, theirs = _both(
        "mnist", tmp_path, data_dir=shared_data, subset=3000, epochs=1, hidden=(32,)
    )
    for model in ("softmax regression", "sigmoid + MSE", "MLP"):
        assert ours.metrics[model]["test_accuracy"] == pytest.approx(
            theirs.metrics[model]["test_accuracy"], abs=2e-3
        )
    assert theirs.metrics["numpy_predictions_identical"]
    assert theirs.metrics["restored_test_accuracy"] == pytest.approx(
        theirs.metrics["MLP"]["test_accuracy"], abs=1e-6
    )


def test_cheat(tmp_path, shared_data):
    ours, theirs = _both("cheat", tmp_path, data_dir=shared_data, epochs=3)
    for method, metrics in ours.metrics.items():
        assert metrics["pr_auc"] == pytest.approx(theirs.metrics[method]["pr_auc"], abs=5e-3)
        assert metrics["roc_auc"] == pytest.approx(theirs.metrics[method]["roc_auc"], abs=5e-3)


def test_iris_logdir_has_the_same_tags_and_values(tmp_path):
    from tests.summary.tensorboard_reading import accumulator

    logs = {}
    get_lab("iris").run(
        LabOptions(
            out=tmp_path / "tinytf",
            engine="tinytf",
            progress=False,
            epochs=2,
            logdir=tmp_path / "tinytf" / "logs",
        )
    )
    _run_on_tensorflow(
        "iris",
        out=tmp_path / "tensorflow",
        engine="tensorflow",
        progress=False,
        epochs=2,
        logdir=tmp_path / "tensorflow" / "logs",
    )
    for engine in ("tinytf", "tensorflow"):
        logs[engine] = accumulator(tmp_path / engine / "logs" / "deep_sigmoid" / "train")
    ours, theirs = logs["tinytf"], logs["tensorflow"]
    assert sorted(ours.Tags()["scalars"]) == sorted(theirs.Tags()["scalars"])
    assert sorted(ours.Tags()["histograms"]) == sorted(theirs.Tags()["histograms"])
    assert len(ours.Tags()["scalars"]) == 11
    for tag in ours.Tags()["scalars"]:
        assert [scalar.step for scalar in ours.Scalars(tag)] == [
            scalar.step for scalar in theirs.Scalars(tag)
        ]
        np.testing.assert_allclose(
            [scalar.value for scalar in ours.Scalars(tag)],
            [scalar.value for scalar in theirs.Scalars(tag)],
            rtol=1e-4,
        )
