"""The programs in examples/ run as TF 1.x users write them, and print what they should."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

from tests.datasets.builders import write_mnist_like

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def run_example(name: str, *arguments: str, timeout: int = 300, **options) -> str:
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        **options,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.mark.parametrize(
    "name, expected",
    [
        ("constants.py", ["Hello, TensorFlow!", "a + b = 5", "a * b = 6", "[[2. 4.]"]),
        ("matmul.py", ['Tensor("MatMul:0", shape=(1, 1), dtype=float32)', "[[12.]]"]),
        (
            "placeholders.py",
            [
                "Addition with variables: 5",
                "Multiplication with variables: 6",
                "[[6.]",
                "You must feed a value for placeholder tensor 'x'",
            ],
        ),
        (
            "session.py",
            ["counter is now 3", "in a new session the counter is 1", "new_value = 1, state = 0"],
        ),
    ],
)
def test_example_output(name, expected):
    output = run_example(name)
    for line in expected:
        assert line in output


def test_homework_fits_the_line():
    output = run_example("homework.py")
    fitted = re.search(r"fitted y = ([-\d.]+) \* x \+ ([-\d.]+)", output)
    assert fitted, output
    a, b = float(fitted.group(1)), float(fitted.group(2))
    assert abs(a - 3.0) < 0.1 and abs(b - 2.0) < 0.1
    losses = [float(v) for v in re.findall(r"loss ([\d.]+)", output)]
    assert losses[0] > 1.0 > 0.02 > losses[-1]


@pytest.mark.slow
def test_the_mnist_mlp_reaches_98_percent(shared_data):
    output = run_example("mnist_mlp.py", str(shared_data / "mnist"))
    validation = [float(v) for v in re.findall(r"validation accuracy ([\d.]+)", output)]
    test = re.search(r"test accuracy ([\d.]+) after 10 epochs", output)
    assert len(validation) == 10 and test, output
    assert validation[-1] > validation[0] and float(test.group(1)) >= 0.98


@pytest.mark.slow
def test_the_mnist_lstm_reaches_97_percent(shared_data):
    output = run_example("mnist_lstm.py", str(shared_data / "mnist"), "3", timeout=3600)
    validation = [float(v) for v in re.findall(r"validation accuracy ([\d.]+)", output)]
    test = re.search(r"test accuracy ([\d.]+) after 3 epochs", output)
    assert len(validation) == 3 and test, output
    assert validation[-1] > validation[0] and float(test.group(1)) >= 0.97


@pytest.mark.parametrize("name", ["mnist_mlp.py", "mnist_lstm.py"])
def test_the_mnist_examples_read_the_data_folder_from_tinytf_data(name, tmp_path):
    # 5,000 validation images (TensorFlow's split) and 64 to train on, random pixels.
    write_mnist_like(tmp_path / "data" / "mnist", train_count=5064, test_count=20)
    (tmp_path / "work").mkdir()
    environment = {**os.environ, "TINYTF_DATA": str(tmp_path / "data")}
    output = run_example(name, cwd=tmp_path / "work", env=environment)
    assert "test accuracy" in output
    assert not (tmp_path / "work" / "MNIST_data").exists()


def test_every_example_is_tested():
    tested = {
        "constants.py",
        "matmul.py",
        "placeholders.py",
        "session.py",
        "homework.py",
        "mnist_mlp.py",
        "mnist_lstm.py",
    }
    assert {path.name for path in EXAMPLES.glob("*.py")} == tested
