"""The `tinytf` command: `tinytf lab NAME`, `tinytf course`, `tinytf data`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tinytf.course.engine import ENGINES
from tinytf.course.labs import LAB_NAMES, get_lab
from tinytf.course.training import ACTIVATIONS, OPTIMIZERS, LabOptions


def main(argv=None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except (FileNotFoundError, ImportError) as error:
        # Missing data or a missing engine: the message says what to do; no traceback.
        print(f"tinytf: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tinytf",
        description="The neural-network course on tinytf (TensorFlow 1.x's graph API on NumPy).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lab = commands.add_parser(
        "lab",
        help="run one lab",
        description="Run one lab: train, print a results table, write results.json and figures.",
    )
    lab.add_argument("name", choices=LAB_NAMES, help="which lab")
    lab.add_argument("--epochs", type=int, help="passes over the training data")
    lab.add_argument("--batch-size", type=int, help="examples per training step")
    lab.add_argument("--lr", type=float, dest="learning_rate", help="learning rate")
    lab.add_argument("--optimizer", choices=OPTIMIZERS)
    lab.add_argument("--hidden", type=_sizes, help="hidden layer sizes, e.g. 256,128")
    lab.add_argument("--activation", choices=ACTIVATIONS)
    lab.add_argument("--subset", type=int, help="use at most this many training examples")
    lab.add_argument(
        "--csv", type=Path, nargs="+", default=(), help="cheat lab: credit-card CSV file(s) to use"
    )
    _add_shared(lab, default_out=None)
    lab.set_defaults(handler=_run_lab)

    course = commands.add_parser(
        "course",
        help="run every lab, then write the report",
        description="Run every lab with its defaults, then write report.html and report.pdf.",
    )
    _add_shared(course, default_out=Path("tinytf-course"))
    course.set_defaults(handler=_run_course)

    data = commands.add_parser(
        "data",
        help="show where each data set is; fetch MNIST",
        description="Find each data set, downloading MNIST and "
        "Fashion-MNIST when they are missing.",
    )
    data.add_argument(
        "--data-dir", type=Path, help="data folder (default: $TINYTF_DATA, else ~/.cache/tinytf)"
    )
    data.set_defaults(handler=_run_data)
    return parser


def _add_shared(parser, default_out):
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--out",
        type=Path,
        default=default_out,
        help="output folder (default: tinytf-out/NAME for a lab)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="data folder (default: $TINYTF_DATA, else ~/.cache/tinytf)"
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="tinytf",
        help="tinytf, or TensorFlow's compat.v1 when installed",
    )
    parser.add_argument(
        "--logdir",
        type=Path,
        help="write TensorBoard summaries here; then run: tensorboard --logdir DIR",
    )


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(size) for size in text.split(",") if size.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 256,128, got {text!r}") from None
    if any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be positive, got {text!r}")
    return sizes


def _run_lab(arguments) -> int:
    out = arguments.out or Path("tinytf-out") / arguments.name
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

    report = run_course(
        out=arguments.out,
        data_dir=arguments.data_dir,
        engine=arguments.engine,
        seed=arguments.seed,
        logdir=arguments.logdir,
    )
    print(f"\nreport: {report['html']} and {report['pdf']}")
    return 0 if report["all_checks_passed"] else 1


def _run_data(arguments) -> int:
    from tinytf import datasets

    print(f"data folder: {datasets.data_home(arguments.data_dir)}")
    for title, load in (
        ("MNIST", datasets.load_mnist),
        ("Fashion-MNIST", datasets.load_fashion_mnist),
    ):
        try:
            (train_images, _), (test_images, _) = load(arguments.data_dir)
        except (FileNotFoundError, ValueError) as error:
            print(f"{title}: {error}", file=sys.stderr)
        else:
            print(f"{title}: {len(train_images)} training and {len(test_images)} test images")
    cards = datasets.load_creditcard(data_dir=arguments.data_dir, download_missing=False)
    print(f"credit cards: {cards.source}")
    print("iris: bundled (150 rows); homework and 2-D sets: generated from a seed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
