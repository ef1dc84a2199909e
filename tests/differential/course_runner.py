"""Runs every program of examples/course on one engine, in one process (one TensorFlow
import for all), and writes what each printed to a JSON file:

    python -m tests.differential.course_runner tensorflow printed.json
"""

import contextlib
import io
import json
import os
import pathlib
import runpy
import sys
import traceback

COURSE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "course"
PROGRAMS = sorted(path.name for path in COURSE.glob("*.py") if not path.name.startswith("_"))


def run_all(engine: str) -> dict[str, str]:
    """{program: what it printed} (or its traceback, if it failed)."""
    os.environ["TINYTF_ENGINE"] = engine
    sys.path.insert(0, str(COURSE))
    from _engine import tf

    printed = {}
    for name in PROGRAMS:
        tf.reset_default_graph()
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                runpy.run_path(str(COURSE / name), run_name="__main__")
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            output.write("FAILED\n" + traceback.format_exc())
        printed[name] = output.getvalue()
    return printed


if __name__ == "__main__":
    engine_name, results = sys.argv[1:]
    pathlib.Path(results).write_text(json.dumps(run_all(engine_name)), encoding="utf-8")
