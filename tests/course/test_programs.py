"""The course's programs run on their own, and the labs train through them: a lab's numbers
come from its program's model and loop, recorded by the WatchedSession around them."""

import importlib
import re

import numpy as np
import pytest

import tinytf as tf
from tinytf.course.programs import PROGRAMS, command_line
from tinytf.course.programs import regression as program
from tinytf.course.programs.pieces import train
from tinytf.course.training import WatchedSession

SHORT = {  # a few steps each: this checks that they run, tests/differential what they print
    "regression": ["--steps", "41"],
    "basic": ["--epochs", "2"],
    "mnist": ["--epochs", "1", "--batch-size", "5000"],
    "mnist_save_restore": ["--steps", "8"],
    "mnist_summaries": ["--steps", "8"],
    "iris": ["--epochs", "2"],
    "cheat": ["--epochs", "1"],
    "cnn": ["--images", "64", "--batch-size", "32"],
}


def test_every_program_has_its_short_run():
    assert sorted(SHORT) == sorted(PROGRAMS)


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_runs_on_tinytf_and_prints_its_figures(name, shared_data, capsys, monkeypatch):
    monkeypatch.setenv("TINYTF_DATA", str(shared_data))
    importlib.import_module(f"tinytf.course.programs.{name}").main(SHORT[name])
    printed = capsys.readouterr().out
    figures = re.findall(r"\d+(?:\.\d+)?", printed)
    assert len(figures) >= 2, printed
    assert "nan" not in printed, printed


def test_engine_comes_from_the_flag_then_the_environment(monkeypatch):
    monkeypatch.setenv("TINYTF_ENGINE", "tinytf")
    engine, arguments = command_line("doc", [], steps=3)
    assert engine is tf and arguments.steps == 3 and arguments.engine == "tinytf"
    with pytest.raises(SystemExit):
        command_line("doc", ["--engine", "torch"])


def test_watched_session_records_the_programs_steps_and_epochs():
    generator = np.random.default_rng(0)
    x_data = generator.normal(size=(10, 1)).astype(np.float32)
    d_data = 3 * x_data + 1
    x, d, _, loss = program.linear_model(tf, 1)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        with WatchedSession(session, train_op, loss, 10, 3, 4, "test", progress=False) as watched:
            train(watched, train_op, x, d, x_data, d_data, 3, 4, generator)
            assert watched.run(loss, {x: x_data, d: d_data}) < watched.history.step_losses[0]
    history = watched.history
    assert len(history.step_losses) == 9  # 3 epochs of batches of 4, 4 and 2 rows
    first_epoch = np.dot(history.step_losses[:3], [4, 4, 2]) / 10
    np.testing.assert_allclose(history.epoch_losses[0], first_epoch, rtol=1e-6)
    assert len(history.epoch_losses) == 3
