"""Runs every course program (tinytf.course.programs) on one engine, in one process (one
TensorFlow import for all), and writes what each printed to a JSON file:

    python -m tests.differential.course_runner tensorflow printed.json
"""

import contextlib
import importlib
import io
import json
import pathlib
import sys
import traceback

from tinytf.course.programs import PROGRAMS

# Short runs of the programs whose defaults take longer, and the CNN without dropout, whose
# random masks come from each engine's own generator.
ARGUMENTS = {
    "basic": ["--epochs", "10"],
    "iris": ["--epochs", "30"],
    "cnn": ["--dropout", "0", "--images", "640"],
    "mnist": ["--epochs", "1"],
}


def run_all(engine: str) -> dict[str, str]:
    """{program: what it printed} (or its traceback, if it failed)."""
    printed = {}
    for name in PROGRAMS:
        program = importlib.import_module(f"tinytf.course.programs.{name}")
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                program.main(["--engine", engine, *ARGUMENTS.get(name, [])])
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            output.write("FAILED\n" + traceback.format_exc())
        printed[name] = output.getvalue()
    return printed


if __name__ == "__main__":
    engine_name, results = sys.argv[1:]
    pathlib.Path(results).write_text(json.dumps(run_all(engine_name)), encoding="utf-8")
