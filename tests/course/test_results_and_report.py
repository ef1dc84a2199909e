"""Result tables, the cheat lab's resampling, and the course report on tiny runs."""

from dataclasses import replace

import numpy as np

from tinytf.course.labs.cheat import METHODS, resample
from tinytf.course.report import run_course
from tinytf.course.results import LabResult, Table
from tinytf.datasets import mnist


def test_table_text_aligns_columns():
    table = Table("Scores", ["model", "accuracy"], [["linear", 0.51234567], ["MLP", 1]])
    assert table.text().splitlines() == [
        "Scores",
        "model   accuracy",
        "------  --------",
        "linear    0.5123",
        "MLP            1",
    ]


def test_timed_parts_add_up():
    result = LabResult("x", "X", "data", {})
    for _ in range(2):
        with result.timed("part"):
            pass
    assert list(result.timings) == ["part"] and result.timings["part"] >= 0.0


def test_resampling_uses_only_training_rows_and_balances():
    generator = np.random.default_rng(0)
    features = generator.normal(size=(500, 28)).astype(np.float32)
    labels = (np.arange(500) < 25).astype(np.int64)
    for method in METHODS:
        resampled, resampled_labels = resample(method, features, labels, seed=0)
        assert resampled.dtype == np.float32 and len(resampled) == len(resampled_labels)
        if method in ("baseline", "class-weighted loss", "focal loss"):
            np.testing.assert_array_equal(resampled, features)
            continue
        assert resampled_labels.sum() == len(resampled_labels) - resampled_labels.sum()
        if method in ("random under-sampling", "random over-sampling"):
            known = {row.tobytes() for row in features}
            assert all(row.tobytes() in known for row in resampled)
    noisy, _ = resample("over-sampling with noise", features, labels, seed=0)
    assert not np.array_equal(
        noisy[500:], resample("random over-sampling", features, labels, seed=0)[0][500:]
    )


def test_course_report_on_tiny_runs(tiny_data, tmp_path):
    overrides = {
        "regression": dict(epochs=20),
        "iris": dict(epochs=2),
        "mnist": dict(epochs=1, hidden=(8,), batch_size=50),
    }
    report = run_course(
        tmp_path, data_dir=tiny_data, labs=("regression", "iris", "mnist"), overrides=overrides
    )
    assert not report["failures"]
    page = report["html"].read_text()
    assert page.count("<figure><svg") == 2 + 2 + 6
    assert page.count("<b>Figure ") == 2 + 2 + 6 and "<b>Figure 10:</b>" in page
    assert "Lab 1 - regression" in page and "Lab 3 - MNIST" in page
    assert "Data and settings" in page and "Settings: epochs 20, batch size 1000" in page
    assert "<code>python -m tinytf.course.programs.mnist</code>" in page
    assert report["report_seconds"] > 0
    assert "MISSED" in page  # one epoch on random pixels cannot reach 98%
    assert report["pdf"].read_bytes().startswith(b"%PDF")
    assert report["all_checks_passed"] is False
    assert (tmp_path / "iris" / "results.json").is_file()


def test_course_reports_a_failing_lab_and_goes_on(tmp_path, monkeypatch):
    offline = replace(mnist.MNIST, mirrors=("http://127.0.0.1:9/",))
    monkeypatch.setattr(mnist, "MNIST", offline)
    report = run_course(
        tmp_path,
        data_dir=tmp_path / "no-data",
        labs=("mnist", "iris"),
        overrides={"iris": dict(epochs=1)},
    )
    assert list(report["failures"]) == ["mnist"]
    assert "FileNotFoundError" in report["failures"]["mnist"]
    assert "mnist: FAILED" in report["html"].read_text()
    assert [result.name for result in report["results"]] == ["iris"]
