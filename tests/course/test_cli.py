"""The `tinytf` command refuses every misuse before training, in one line with exit code 2."""

import os
import sys
from dataclasses import replace

import pytest

from tinytf.course import cli
from tinytf.course.cli import main
from tinytf.datasets import mnist


def _refused(argv, capsys, monkeypatch, *expected):
    """Runs `argv` with every lab replaced by a tripwire; returns the one error line."""
    monkeypatch.setattr(cli, "get_lab", _no_training)
    from tinytf.course import report

    monkeypatch.setattr(report, "get_lab", _no_training)
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tinytf: "), captured.err
    assert "Traceback" not in captured.err
    for text in expected:
        assert text in lines[0]
    return lines[0]


def _no_training(name):
    raise AssertionError(f"lab {name} started although the command line was wrong")


@pytest.mark.parametrize(
    "option, value, expected",
    [
        ("--epochs", "0", "at least 1"),
        ("--epochs", "-3", "at least 1"),
        ("--epochs", "2.5", "positive whole number"),
        ("--batch-size", "0", "at least 1"),
        ("--batch-size", "-5", "at least 1"),
        ("--subset", "0", "at least 1"),
        ("--lr", "-1", "above 0"),
        ("--lr", "0", "above 0"),
        ("--lr", "nan", "finite"),
        ("--lr", "inf", "finite"),
        ("--lr", "fast", "a number"),
        ("--hidden", "16,x", "sizes like 256,128"),
        ("--hidden", "0", "positive"),
    ],
)
def test_bad_numbers_are_one_line_and_exit_2(option, value, expected, capsys, monkeypatch):
    line = _refused(["lab", "basic", option, value], capsys, monkeypatch, expected)
    assert option in line


def test_unknown_lab_and_option_are_one_line(capsys, monkeypatch):
    assert "nosuchlab" in _refused(["lab", "nosuchlab"], capsys, monkeypatch, "invalid choice")
    line = _refused(["course", "--epochs", "3"], capsys, monkeypatch, "unrecognized")
    assert "--epochs" in line


def test_missing_csv_is_refused_before_training(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "nothing.csv"
    line = _refused(["lab", "cheat", "--csv", str(missing)], capsys, monkeypatch)
    assert line.startswith("tinytf: ") and str(missing) in line


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize("command", [["lab", "iris"], ["course"], ["course", "--quick"]])
def test_unwritable_out_is_refused_before_training(command, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = _refused([*command, "--out", str(locked / "report")], capsys, monkeypatch)
        assert "cannot write to the output folder" in line and str(locked / "report") in line
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize("command", [["lab", "iris"], ["course"]])
def test_out_that_is_a_file_is_refused_before_training(command, tmp_path, capsys, monkeypatch):
    afile = tmp_path / "taken"
    afile.write_text("not a folder")
    line = _refused([*command, "--out", str(afile)], capsys, monkeypatch)
    assert line.startswith("tinytf: ") and str(afile) in line


def test_missing_engine_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # as if TensorFlow were absent
    monkeypatch.setitem(sys.modules, "tensorflow.compat.v1", None)
    code = main(["lab", "iris", "--engine", "tensorflow", "--out", str(tmp_path)])
    error = capsys.readouterr().err
    assert code == 2 and error.count("\n") == 1 and "pip install tensorflow-cpu" in error


def test_lab_help_gives_every_labs_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["lab", "--help"])
    text = capsys.readouterr().out
    assert "tinytf-out/NAME" in text
    assert "mnist       --epochs 8, --batch-size 100, --lr 0.001" in text
    assert "regression  --epochs 3000" in text and "--hidden 512,256" in text
    assert "cheat       --epochs enough for about 3000 steps, --batch-size 128" in text


def test_course_help_gives_its_own_out_default(capsys):
    with pytest.raises(SystemExit):
        main(["course", "--help"])
    text = capsys.readouterr().out
    assert "default: tinytf-course" in text and "tinytf-out/NAME" not in text
    assert "--quick" in text
    assert "mnist       --epochs 1, --subset 5000" in text
    assert "questions   nothing: it is quick already" in text


def test_results_print_the_settings_used(tmp_path, capsys):
    assert (
        main(["lab", "iris", "--epochs", "2", "--activation", "tanh", "--out", str(tmp_path)]) == 0
    )
    printed = capsys.readouterr().out
    assert "settings: epochs 2, batch size 16, learning rate 0.01" in printed
    assert "activation tanh" in printed and "MLP 16,16 tanh" in printed


def test_epoch_lines_when_stdout_is_not_a_terminal(tmp_path, capsys):
    main(["lab", "iris", "--epochs", "2", "--out", str(tmp_path)])
    printed = capsys.readouterr().out  # captured: not a terminal
    assert "  iris mlp: epoch 2/2, loss " in printed


def test_data_checks_what_the_course_uses(tiny_data, capsys, monkeypatch):
    fashion = replace(mnist.FASHION_MNIST, mirrors=("http://127.0.0.1:9/",))
    monkeypatch.setattr(mnist, "FASHION_MNIST", fashion)  # must not even be tried
    assert main(["data", "--data-dir", str(tiny_data)]) == 0
    captured = capsys.readouterr()
    assert "MNIST (labs mnist, questions): 300 training and 100 test images" in captured.out
    assert str(tiny_data / "creditcard" / "creditcard.csv") in captured.out
    assert "iris (lab iris): bundled, 150 rows" in captured.out
    assert "Fashion" not in captured.out + captured.err


def test_failed_download_leaves_no_empty_folder(tmp_path, capsys, monkeypatch):
    offline = replace(mnist.MNIST, mirrors=("http://127.0.0.1:9/",))
    monkeypatch.setattr(mnist, "MNIST", offline)
    assert main(["data", "--data-dir", str(tmp_path / "fresh")]) == 1
    assert "MNIST" in capsys.readouterr().err
    assert not (tmp_path / "fresh" / "mnist").exists()
