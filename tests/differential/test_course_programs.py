"""The course's TF 1.x programs (tinytf.course.programs, the labs' model code) print the same
figures on tinytf and on TensorFlow: same words, numbers within float32 training noise."""

import json
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import SHARED_DATA
from tests.differential.reporting import record
from tinytf.course.labs import LAB_NAMES
from tinytf.course.programs import PROGRAMS

pytest.importorskip("tensorflow")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """What every program printed, per engine (both engines run at the same time)."""
    if not (SHARED_DATA / "mnist").is_dir():
        pytest.skip(f"the MNIST files are not in {SHARED_DATA}")
    folder = tmp_path_factory.mktemp("course")
    environment = {**os.environ, "TINYTF_DATA": str(SHARED_DATA), "TMPDIR": str(folder)}
    runs = {
        engine: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.differential.course_runner",
                engine,
                str(folder / f"{engine}.json"),
            ],
            cwd=ROOT,
            env=environment,
            stderr=subprocess.PIPE,
            text=True,
        )
        for engine in ("tinytf", "tensorflow")
    }
    results = {}
    for engine, run in runs.items():
        _, errors = run.communicate(timeout=600)
        assert run.returncode == 0, errors[-3000:]
        results[engine] = json.loads((folder / f"{engine}.json").read_text(encoding="utf-8"))
    return results


def test_every_program_module_is_listed_and_every_lab_has_its_program():
    folder = pathlib.Path(ROOT) / "src" / "tinytf" / "course" / "programs"
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__", "pieces"}
    assert sorted(PROGRAMS) == sorted(modules)
    assert set(LAB_NAMES) - {"questions"} <= set(PROGRAMS)


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_prints_the_same_figures_on_both_engines(printed, program):
    ours, theirs = printed["tinytf"][program], printed["tensorflow"][program]
    assert "FAILED" not in theirs, theirs
    assert "FAILED" not in ours, ours
    assert NUMBER.sub("#", ours) == NUMBER.sub("#", theirs)
    figures = [float(number) for number in NUMBER.findall(ours)]
    assert len(figures) >= 3, ours
    np.testing.assert_allclose(
        figures, [float(n) for n in NUMBER.findall(theirs)], rtol=1e-3, atol=1e-4
    )
    record("programs")
