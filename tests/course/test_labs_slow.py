"""Every lab at its defaults on the real data in ../shared/data reaches the course's targets."""

import pytest

from tinytf.course.labs import get_lab
from tinytf.course.training import LabOptions

pytestmark = pytest.mark.slow


def _run(name, shared_data, tmp_path):
    result = get_lab(name).run(LabOptions(out=tmp_path, data_dir=shared_data, progress=False))
    missed = [f"{check.description}: {check.value}" for check in result.checks if not check.passed]
    assert not missed, missed
    return result


def test_regression(shared_data, tmp_path):
    result = _run("regression", shared_data, tmp_path)
    assert abs(result.metrics["features [x, x²]"]["mse"] - 0.09) <= 0.009
    # X has standard deviation 4: no line comes near the parabola (the best one's MSE is
    # about Var(x²) = 2·4⁴ = 512); the MLP gets within 20% of the noise.
    assert result.metrics["linear: d ~ xW + b"]["mse"] > 400
    assert result.metrics["MLP 32 relu"]["mse"] < 1.2 * 0.09


def test_basic(shared_data, tmp_path):
    result = _run("basic", shared_data, tmp_path)
    assert result.metrics["quadrants: linear"]["test_accuracy"] <= 0.60
    assert result.metrics["quadrants: MLP 32,32 relu"]["test_accuracy"] >= 0.97


def test_mnist(shared_data, tmp_path):
    result = _run("mnist", shared_data, tmp_path)
    assert result.metrics["softmax regression"]["test_accuracy"] >= 0.915
    assert result.metrics["MLP"]["test_accuracy"] >= 0.98
    assert result.metrics["numpy_predictions_identical"]
    assert result.metrics["initialisation"]["he"] > result.metrics["initialisation"]["normal"]


def test_iris(shared_data, tmp_path):
    result = _run("iris", shared_data, tmp_path)
    assert result.metrics["mlp_test_accuracy"] >= 0.95
    assert result.metrics["deep sigmoid"]["last_over_first"] >= 100
    for variant in ("relu", "sigmoid + batch norm"):
        assert result.metrics[f"deep {variant}"]["last_over_first"] <= 10


def test_cheat_on_the_real_sample(shared_data, tmp_path):
    result = _run("cheat", shared_data, tmp_path)
    assert "first5000.csv" in result.data and "SYNTHETIC" not in result.data
    for method in ("baseline", "SMOTE", "class-weighted loss", "focal loss"):
        assert result.metrics[method]["pr_auc"] > 0.85
        assert result.metrics[method]["recall"] > 0.7
