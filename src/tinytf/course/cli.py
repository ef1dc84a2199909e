"""The `tinytf` command: `tinytf lab NAME`, `tinytf course`, `tinytf data`.

Every mistake a user can make on the command line (a bad number, an unwritable folder, a
missing file) is caught before any training starts and reported as one line,
`tinytf: ...`, with exit code 2.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

from tinytf.course.engine import ENGINES
from tinytf.course.labs import LAB_NAMES, get_lab
from tinytf.course.programs.pieces import ACTIVATIONS, OPTIMIZERS
from tinytf.course.training import LabOptions

USAGE_ERROR = 2


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line, never as a traceback."""


def main(argv=None) -> int:
    try:
        arguments = _parser().parse_args(argv)
        return arguments.handler(arguments)
    except (UsageError, FileNotFoundError, ImportError, PermissionError) as error:
        # Missing data, a missing engine, a folder we may not write: the message says what
        # to do; a traceback would only hide it.
        print(f"tinytf: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("tinytf: interrupted", file=sys.stderr)
        return 130


class _Parser(argparse.ArgumentParser):
    """argparse, with errors as one `tinytf: ...` line and an epilog built only for --help."""

    def __init__(self, *args, epilog_factory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.epilog_factory = epilog_factory

    def error(self, message):
        print(f"tinytf: {message} (see tinytf --help)", file=sys.stderr)
        sys.exit(USAGE_ERROR)

    def format_help(self):
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()  # imports every lab: only worth it for --help
        return super().format_help()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tinytf",
        description="The neural-network course on tinytf (TensorFlow 1.x's graph API on NumPy).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lab = commands.add_parser(
        "lab",
        help="run one lab",
        description="Run one lab: train, print a results table, write results.json and figures. "
        "Options left out take the lab's defaults (listed below).",
        epilog_factory=_lab_defaults,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lab.add_argument("name", choices=LAB_NAMES, help="which lab")
    lab.add_argument("--epochs", type=positive_int, help="passes over the training data")
    lab.add_argument("--batch-size", type=positive_int, help="examples per training step")
    lab.add_argument("--lr", type=learning_rate, dest="learning_rate", help="learning rate")
    lab.add_argument("--optimizer", choices=OPTIMIZERS)
    lab.add_argument("--hidden", type=_sizes, help="hidden layer sizes, e.g. 256,128")
    lab.add_argument("--activation", choices=ACTIVATIONS)
    lab.add_argument("--subset", type=positive_int, help="use at most this many training examples")
    lab.add_argument(
        "--csv",
        type=Path,
        nargs="+",
        default=(),
        help="cheat lab: credit-card CSV file(s) to use",
    )
    _add_shared(lab, out_help="output folder (default: tinytf-out/NAME)")
    lab.set_defaults(handler=_run_lab, out=None)

    course = commands.add_parser(
        "course",
        help="run every lab, then write the report",
        description="Run every lab with its defaults (listed by tinytf lab --help), then write "
        "report.html and report.pdf.",
        epilog_factory=_quick_settings,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    course.add_argument(
        "--quick",
        action="store_true",
        help="a first look in about 20 s: fewer epochs and examples; the course's targets "
        "are for the full run and are not expected to be met",
    )
    _add_shared(course, out_help="output folder (default: tinytf-course)")
    course.set_defaults(handler=_run_course, out=Path("tinytf-course"))

    data = commands.add_parser(
        "data",
        help="check the data sets the course uses; fetch MNIST",
        description="Check each data set the course uses (MNIST, the credit-card "
        "transactions, iris, the homework points), downloading MNIST when it is missing.",
    )
    data.add_argument(
        "--data-dir", type=Path, help="data folder (default: $TINYTF_DATA, else ~/.cache/tinytf)"
    )
    data.set_defaults(handler=_run_data)
    return parser


def _add_shared(parser, out_help):
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, help=out_help)
    parser.add_argument(
        "--data-dir", type=Path, help="data folder (default: $TINYTF_DATA, else ~/.cache/tinytf)"
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="tinytf",
        help="tinytf (default), or TensorFlow's compat.v1 when installed",
    )
    parser.add_argument(
        "--logdir",
        type=Path,
        help="write TensorBoard summaries here; then run: tensorboard --logdir DIR",
    )


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


def learning_rate(text: str) -> float:
    """An argparse type: a finite number above 0 (a rate of 0, below 0 or NaN learns nothing)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 0.01, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, got {text!r}")
    return value


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(size) for size in text.split(",") if size.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 256,128, got {text!r}") from None
    if not sizes or any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be positive, got {text!r}")
    return sizes


def writable_folder(path: Path) -> Path:
    """Creates `path` and writes a file into it, so a bad --out fails before training."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write to the output folder {path}: {reason}") from None
    return path


def _lab_defaults() -> str:
    lines = ["each lab's defaults:"]
    for name in LAB_NAMES:
        lab = get_lab(name)
        settings = _options(lab.DEFAULTS)
        if "epochs" not in lab.DEFAULTS and hasattr(lab, "DEFAULT_STEPS"):
            settings.insert(0, f"--epochs enough for about {lab.DEFAULT_STEPS} steps")
        lines.append(f"  {name:11} " + (", ".join(settings) or "fixed programs: no options"))
    return "\n".join(lines)


def _quick_settings() -> str:
    lines = ["--quick changes, per lab:"]
    for name in LAB_NAMES:
        settings = _options(get_lab(name).QUICK)
        lines.append(f"  {name:11} " + (", ".join(settings) or "nothing: it is quick already"))
    return "\n".join(lines)


def _options(settings: dict) -> list[str]:
    """`--name value` for each setting, as the command line spells it."""
    return [
        f"--{key.replace('_', '-').replace('learning-rate', 'lr')} {_shown(value)}"
        for key, value in settings.items()
    ]


def _shown(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _run_lab(arguments) -> int:
    for path in arguments.csv:
        if not path.is_file():
            raise UsageError(f"argument --csv: no such file: {path}")
    out = writable_folder(arguments.out or Path("tinytf-out") / arguments.name)
    if arguments.logdir is not None:
        writable_folder(arguments.logdir)
    options = LabOptions(
        epochs=arguments.epochs,
        batch_size=arguments.batch_size,
        learning_rate=arguments.learning_rate,
        optimizer=arguments.optimizer,
        hidden=arguments.hidden,
        activation=arguments.activation,
        seed=arguments.seed,
        out=out,
        data_dir=arguments.data_dir,
        engine=arguments.engine,
        subset=arguments.subset,
        csv=tuple(arguments.csv),
        logdir=arguments.logdir,
    )
    result = get_lab(arguments.name).run(options)
    print(result.text())
    written = result.save(out)
    print(f"\nwrote {len(written)} files to {out}")
    return 0


def _run_course(arguments) -> int:
    from tinytf.course.report import run_course

    writable_folder(arguments.out)
    if arguments.logdir is not None:
        writable_folder(arguments.logdir)
    if arguments.quick:
        print("tinytf course --quick: a first look with fewer epochs and examples; the targets")
        print("are the full course's, so some are expected to be missed.")
    report = run_course(
        out=arguments.out,
        data_dir=arguments.data_dir,
        engine=arguments.engine,
        seed=arguments.seed,
        logdir=arguments.logdir,
        quick=arguments.quick,
    )
    print(
        f"\nreport: {report['html']} and {report['pdf']} (labs and figures "
        f"{report['seconds']:.0f} s, report {report['report_seconds']:.0f} s)"
    )
    if report["failures"]:
        return 1
    return 0 if arguments.quick or report["all_checks_passed"] else 1


def _run_data(arguments) -> int:
    from tinytf import datasets

    print(f"data folder: {datasets.data_home(arguments.data_dir)}")
    problems = 0
    try:
        (train_images, _), (test_images, _) = datasets.load_mnist(arguments.data_dir)
    except (FileNotFoundError, ValueError) as error:
        print(f"MNIST (labs mnist, questions): {error}", file=sys.stderr)
        problems += 1
    else:
        print(
            f"MNIST (labs mnist, questions): {len(train_images)} training and "
            f"{len(test_images)} test images"
        )
    cards = datasets.load_creditcard(data_dir=arguments.data_dir, download_missing=False)
    print(f"credit cards (lab cheat): {cards.source}")
    features, _ = datasets.load_iris()
    print(f"iris (lab iris): bundled, {len(features)} rows")
    homework = datasets.data_home(arguments.data_dir) / "homework.npz"
    print(
        "homework (lab regression): "
        + (str(homework) if homework.is_file() else "generated from the seed")
        + "; 2-D sets (lab basic): generated from the seed"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
