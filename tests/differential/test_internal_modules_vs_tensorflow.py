"""A program importing `tensorflow.python.*` modules prints the same on TensorFlow as on
tinytf with its imports pointed at tinytf."""

import subprocess
import sys

import pytest

from tests.python.programs import INTERNAL_MODULES, for_tinytf

pytest.importorskip("tensorflow")


def printed(source: str, tmp_path, name: str) -> str:
    program = tmp_path / f"program_on_{name}.py"
    program.write_text(source)
    done = subprocess.run(
        [sys.executable, str(program)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_internal_module_program_prints_the_same(tmp_path):
    theirs = printed(INTERNAL_MODULES, tmp_path, "tensorflow")
    ours = printed(for_tinytf(INTERNAL_MODULES), tmp_path, "tinytf")
    assert "loss" in ours
    assert ours == theirs
