"""The course's labs, by the name `tinytf lab NAME` takes; each module has `run(options)`,
DEFAULTS (its settings) and QUICK (those of `tinytf course --quick`). A lab's model and
training loop are its program's (tinytf.course.programs.NAME); the lab adds the data, the
tables, checks and figures."""

import importlib

LAB_NAMES = ("regression", "basic", "mnist", "iris", "cheat", "cnn", "questions")


def get_lab(name: str):
    """The lab module called `name` (imported on demand: each pulls in its own libraries)."""
    if name not in LAB_NAMES:
        raise ValueError(f"unknown lab {name!r}: choose one of {', '.join(LAB_NAMES)}")
    return importlib.import_module(f"tinytf.course.labs.{name}")
