"""The course's TensorFlow 1.x programs, one module per lab plus two the course ran on their
own (mnist_save_restore, mnist_summaries). Each is plain TF 1.x code written as functions
that take `tf` (building the graph, then the training loop), and runs on its own:

    python -m tinytf.course.programs.mnist                       # on tinytf
    python -m tinytf.course.programs.mnist --engine tensorflow   # on TensorFlow's compat.v1
    TINYTF_ENGINE=tensorflow python -m tinytf.course.programs.mnist

The labs (tinytf.course.labs) build and train their models by calling these same functions,
and add the tables, checks, figures and report around them.
"""

from __future__ import annotations

import argparse
import os

from tinytf.course.engine import ENGINES, load_engine

PROGRAMS = (
    "regression",
    "basic",
    "mnist",
    "mnist_save_restore",
    "mnist_summaries",
    "iris",
    "cheat",
    "cnn",
)


def command_line(description: str, argv=None, **options):
    """(tf, arguments) for a program's `main`: `--engine` picks the engine, defaulting to
    $TINYTF_ENGINE, else tinytf; `options` maps further flags to their defaults."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default=os.environ.get("TINYTF_ENGINE", "tinytf")
    )
    for name, default in options.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    arguments = parser.parse_args(argv)
    return load_engine(arguments.engine), arguments
