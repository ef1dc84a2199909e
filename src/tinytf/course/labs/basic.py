"""Lab 2, the basics: linear models versus MLPs on 2-D data, wide versus deep, softmax."""

from __future__ import annotations

import numpy as np

from tinytf.course import logs, plots, principles
from tinytf.course.engine import load_engine
from tinytf.course.programs import basic as program
from tinytf.course.programs.pieces import optimizer, train
from tinytf.course.results import LabResult, Table
from tinytf.course.summary import model_summary
from tinytf.course.training import WatchedSession, accuracy, split
from tinytf.datasets import (
    make_circles,
    make_moons,
    make_quadrants,
    make_spirals,
    one_hot,
    plus_minus_one,
)

TITLE = "Lab 2 - basic networks on 2-D data"
DEFAULTS = dict(
    epochs=60,
    batch_size=32,
    learning_rate=0.01,
    optimizer="adam",
    hidden=(32, 32),
    activation="relu",
)
QUICK = dict(epochs=15)  # `tinytf course --quick`: a first look, not the targets
WIDE, DEEP = (256,), (16, 16, 16, 16)
LOG_EVERY = 20  # training steps between two TensorBoard summaries


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    options = options.with_defaults(**DEFAULTS)
    sets = {
        "quadrants": make_quadrants(2000, seed=options.seed),
        "moons": make_moons(1000, seed=options.seed),
        "circles": make_circles(1000, seed=options.seed),
        "spirals (3 classes)": make_spirals(1500, seed=options.seed),
    }
    result = LabResult(
        "basic",
        TITLE,
        "generated with seed "
        f"{options.seed}: quadrants [2000, 2] (class = sign of x1·x2), moons "
        "[1000, 2], circles [1000, 2], spirals [1500, 2] with 3 classes; 75% "
        "train / 25% test",
        options.settings(),
    )
    result.principle = principles.BASIC
    mlp_name = f"MLP {','.join(map(str, options.hidden))} {options.activation}"
    experiments = [
        (name, model, hidden)
        for name in sets
        for model, hidden in (("linear", ()), (mlp_name, options.hidden))
    ]
    experiments += [
        ("spirals (3 classes)", "wide " + ",".join(map(str, WIDE)), WIDE),
        ("spirals (3 classes)", "deep " + ",".join(map(str, DEEP)), DEEP),
        ("quadrants", f"{mlp_name}, tanh output, ±1 labels (MSE)", options.hidden),
    ]
    runs, rows = {}, []
    for set_name, model, hidden in experiments:
        points, labels = sets[set_name]
        if options.subset:
            points, labels = points[: options.subset], labels[: options.subset]
        with result.timed(f"{set_name}: {model}"):
            outcome = _train(
                tf,
                options,
                points,
                labels,
                hidden,
                signed="±1" in model,
                run=f"{logs.run_name(set_name)}/{logs.run_name(model)}",
            )
        runs[set_name, model] = outcome
        rows.append(
            [
                set_name,
                model,
                outcome["parameters"],
                outcome["multiply_adds"],
                outcome["train_accuracy"],
                outcome["test_accuracy"],
            ]
        )
        result.metrics[f"{set_name}: {model}"] = {
            "test_accuracy": outcome["test_accuracy"],
            "parameters": outcome["parameters"],
        }
    result.tables.append(
        Table(
            "Accuracy per data set and model",
            ["data", "model", "parameters", "multiply-adds", "train accuracy", "test accuracy"],
            rows,
        )
    )
    linear = runs["quadrants", "linear"]["test_accuracy"]
    mlp = runs["quadrants", mlp_name]["test_accuracy"]
    result.check("quadrants: linear model test accuracy <= 60%", linear, linear <= 0.60)
    result.check("quadrants: MLP test accuracy >= 97%", mlp, mlp >= 0.97)
    # Columns: the four data sets; rows: the linear model above the MLP.
    pairs = [(name, model) for name, model, _ in experiments[:8]]
    result.add_figure(
        "basic_boundaries",
        _boundaries(sets, runs, pairs[0::2] + pairs[1::2], columns=4),
        "Decision regions (tinted) and the first 400 points of each set, with the test "
        "accuracy: linear models (top row) against the MLP (bottom row). Notice: every "
        "linear boundary is one straight line (for the spirals, three rays from a point), so "
        "it fails wherever the classes wrap round each other; the MLP follows each shape.",
    )
    result.add_figure(
        "basic_wide_vs_deep",
        _boundaries(
            sets,
            runs,
            [
                ("spirals (3 classes)", mlp_name),
                *((name, model) for name, model, _ in experiments[8:10]),
            ],
            columns=3,
        ),
        "Three networks on the spirals: two hidden layers of 32, one of 256, four of 16. "
        "Notice how similar the regions are: at this size, width and depth both suffice; the "
        "table compares their parameters and multiply-adds.",
    )
    result.add_figure(
        "basic_loss",
        _loss_figure(sets, runs, mlp_name),
        "Training loss per epoch, one panel per data set (cross-entropy); the last panel is "
        "the network with a tanh output and $plus.minus 1$ labels, whose loss is the squared "
        "error. Notice: the linear models level off high (they cannot separate the classes) "
        "while the networks keep falling; the jagged descent is Adam on mini-batches.",
    )
    return result


def _train(tf, options, points, labels, hidden, signed, run):
    generator = np.random.default_rng(options.seed)
    train_rows, test_rows = split(len(points), [0.75, 0.25], generator)
    classes = int(labels.max()) + 1
    targets = plus_minus_one(labels) if signed else one_hot(labels, classes)
    grid = plots.grid_around(points)
    with tf.Graph().as_default():
        tf.set_random_seed(options.seed)
        x, y, outputs, loss = program.classifier(
            tf, hidden, targets.shape[1], options.activation, generator, signed
        )
        train_op = optimizer(tf, options.optimizer, options.learning_rate).minimize(loss)
        summary = model_summary(x, outputs)
        log = logs.training_log(tf, options.logdir, run, {"loss": loss}, every=LOG_EVERY)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            with WatchedSession(
                session,
                train_op,
                loss,
                len(train_rows),
                options.epochs,
                options.batch_size,
                "basic",
                options.progress,
                log=log,
            ) as watched:
                train(
                    watched,
                    train_op,
                    x,
                    y,
                    points[train_rows],
                    targets[train_rows],
                    options.epochs,
                    options.batch_size,
                    generator,
                )
            losses = watched.history
            scores = session.run(outputs, {x: points})
            grid_scores = session.run(outputs, {x: grid[2]})
    if signed:
        scores, grid_scores = np.hstack([-scores, scores]), np.hstack([-grid_scores, grid_scores])
    return {
        "losses": losses.epoch_losses,
        "grid": grid,
        "grid_classes": grid_scores.argmax(axis=1),
        "train_accuracy": accuracy(scores[train_rows], labels[train_rows]),
        "test_accuracy": accuracy(scores[test_rows], labels[test_rows]),
        "parameters": summary.parameters,
        "multiply_adds": summary.multiply_adds,
    }


def _loss_figure(sets, runs, mlp_name):
    figure, axes = plots.figure(2, 3, width=2.15, height=2.0)
    for panel, set_name in zip(axes, sets, strict=False):
        models = {
            model: run["losses"]
            for (name, model), run in runs.items()
            if name == set_name and "±1" not in model
        }
        plots.curves(panel, models, "epoch", "cross-entropy", set_name, log=True, legend=None)
        panel.legend(fontsize=7, loc="lower left")
    signed = {model: run["losses"] for (_, model), run in runs.items() if "±1" in model}
    plots.curves(
        axes[4], signed, "epoch", "squared error", "quadrants, ±1 labels", log=True, legend=None
    )
    axes[5].set_axis_off()
    return figure


def _boundaries(sets, runs, keys, columns):
    rows = int(np.ceil(len(keys) / columns))
    figure, axes = plots.figure(rows, columns, width=6.4 / columns, height=6.4 / columns + 0.35)
    for panel, (set_name, model) in zip(axes, keys, strict=False):
        outcome = runs[set_name, model]
        points, labels = sets[set_name]
        plots.decision_boundary(
            panel,
            outcome["grid"],
            outcome["grid_classes"],
            points,
            labels,
            f"{set_name}\n{model}: {outcome['test_accuracy']:.1%}",
        )
    for panel in axes[len(keys) :]:
        panel.set_axis_off()
    return figure
