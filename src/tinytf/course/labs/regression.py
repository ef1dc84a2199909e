"""Lab 1, the homework: fit d = x² + x + noise with a line, with [x, x²], and with an MLP."""

from __future__ import annotations

import numpy as np

from tinytf.course import logs, plots, principles
from tinytf.course.engine import load_engine
from tinytf.course.programs import regression as program
from tinytf.course.programs.pieces import optimizer, train
from tinytf.course.results import LabResult, Table
from tinytf.course.training import WatchedSession, standardise
from tinytf.datasets import data_home, load_homework, make_homework, save_homework
from tinytf.datasets.homework import NOISE_STD, X_STD

TITLE = "Lab 1 - regression (the homework)"
DEFAULTS = dict(
    epochs=3000,
    batch_size=1000,
    learning_rate=0.02,
    optimizer="adam",
    hidden=(32,),
    activation="relu",
)
QUICK = dict(epochs=300)  # `tinytf course --quick`: a first look, not the targets
NOISE_VARIANCE = NOISE_STD**2
LOG_EVERY = 10  # training steps between two TensorBoard summaries


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    options = options.with_defaults(**DEFAULTS)
    inputs, targets, source = _homework(options)
    result = LabResult("regression", TITLE, source, options.settings())
    result.principle = principles.REGRESSION
    models = {  # name: (TensorBoard run, the features a linear model sees; None: an MLP)
        "linear: d ~ xW + b": ("linear", lambda x: x),
        "features [x, x²]": ("quadratic", lambda x: np.concatenate([x, x**2], axis=1)),
        f"MLP {','.join(map(str, options.hidden))} {options.activation}": ("mlp", None),
    }
    grid = np.linspace(inputs.min(), inputs.max(), 200, dtype=np.float32)[:, None]
    losses, curves, rows = {}, {}, []
    for name, (run, features) in models.items():
        with result.timed(name):
            fitted = _train(tf, options, name, run, features, inputs, targets, grid)
        losses[name], curves[name] = fitted["losses"], fitted["curve"]
        rows.append([name, fitted["parameters"], fitted["mse"], fitted["weights"]])
        result.metrics[name] = {"mse": fitted["mse"], "weights": fitted["weights"]}
    floor = float(np.mean((targets - inputs**2 - inputs) ** 2))
    rows.append(["the generator's own d = x² + x (the floor)", 0, floor, "1 1 0"])
    result.metrics["floor_mse"] = floor
    result.tables.append(
        Table(
            f"Mean squared error on all {len(inputs)} points (noise variance {NOISE_VARIANCE:.2f})",
            ["model", "parameters", "MSE", "learned weights"],
            rows,
        )
    )
    quadratic_mse = rows[1][2]
    result.check(
        "features [x, x²]: MSE within 10% of the noise variance 0.09",
        quadratic_mse,
        abs(quadratic_mse - NOISE_VARIANCE) <= 0.1 * NOISE_VARIANCE,
    )
    result.add_figure(
        "regression_fits",
        _fits_figure(inputs, targets, grid, curves),
        "The data (grey) and each model's prediction. Notice: the line cannot bend and misses "
        "both arms of the parabola; the line on $[x, x^2]$ and the network lie on the data.",
    )
    result.add_figure(
        "regression_loss",
        _loss_figure(losses),
        "Training MSE per full-batch step, log scale; the dashed line is the noise variance "
        "0.09, the lowest MSE any model can reach. Notice: the model on $[x, x^2]$ comes down "
        "to the dashed line and the line stalls thousands of times above it. The spikes are "
        "Adam's: near a minimum its step, the rate times $m \\/ sqrt(v)$, stays about as large "
        "as the rate however small the gradient, overshoots, and the loss jumps before the "
        "moment estimates catch up.",
    )
    return result


def _homework(options):
    """The homework.npz from the data folder, or freshly generated (and saved to --out)."""
    path = data_home(options.data_dir) / "homework.npz"
    if path.is_file():
        inputs, targets = load_homework(path)
        source = f"{path} ({len(inputs)} points)"
    else:
        inputs, targets = make_homework(seed=options.seed)
        saved = save_homework(options.out / "homework.npz", inputs, targets)
        source = (
            f"generated with seed {options.seed}: X ~ N(0, {X_STD:g}²) [{len(inputs)}, 1], "
            f"d = X² + X + N(0, 0.3²); saved as {saved}"
        )
    if options.subset:
        inputs, targets = inputs[: options.subset], targets[: options.subset]
    return inputs, targets, source


def _train(tf, options, name, run, features, inputs, targets, grid):
    generator = np.random.default_rng(options.seed)
    with tf.Graph().as_default():
        tf.set_random_seed(options.seed)
        if features is None:
            x, d, prediction, loss = program.mlp_model(
                tf,
                options.hidden,
                options.activation,
                generator,
                float(targets.mean()),
                float(targets.std()),
            )
            design, design_grid = standardise(inputs, grid)
        else:
            design, design_grid = features(inputs), features(grid)
            x, d, prediction, loss = program.linear_model(tf, design.shape[1])
        train_op = optimizer(tf, options.optimizer, options.learning_rate).minimize(loss)
        log = logs.training_log(tf, options.logdir, run, {"loss": loss}, every=LOG_EVERY)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            with WatchedSession(
                session,
                train_op,
                loss,
                len(design),
                options.epochs,
                options.batch_size,
                name,
                options.progress,
                log=log,
            ) as watched:
                train(
                    watched,
                    train_op,
                    x,
                    d,
                    design,
                    targets,
                    options.epochs,
                    options.batch_size,
                    generator,
                )
            losses = watched.history
            mse = float(session.run(loss, {x: design, d: targets}))
            curve = session.run(prediction, {x: design_grid})[:, 0]
            variables = tf.trainable_variables()
            values = session.run(variables)
    learned = (
        ""
        if features is None
        else " ".join(
            f"{value:.3f}" for value in np.concatenate([array.ravel() for array in values])
        )
    )
    return {
        "losses": losses.epoch_losses,
        "curve": curve,
        "mse": mse,
        "weights": learned,
        "parameters": sum(int(np.prod(array.shape)) for array in values),
    }


def _fits_figure(inputs, targets, grid, curves):
    figure, (axes,) = plots.figure(width=5.5, height=3.4)
    axes.scatter(inputs[:, 0], targets[:, 0], s=3, color="0.7", label="data", linewidths=0)
    for (name, curve), style in zip(curves.items(), ("-", "--", ":"), strict=False):
        axes.plot(grid[:, 0], curve, style, linewidth=1.6, label=name)
    axes.set(xlabel="x", ylabel="d", title="Fitted curves")
    axes.legend(loc="upper center")
    return figure


def _loss_figure(losses):
    figure, (axes,) = plots.figure(width=5.5, height=3.4)
    plots.curves(axes, losses, "full-batch step", "training MSE", "Training loss", log=True)
    axes.axhline(NOISE_VARIANCE, color="0.3", linestyle="--", linewidth=0.9)
    axes.annotate(
        "noise variance 0.09",
        (0.98, NOISE_VARIANCE),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="bottom",
        color="0.3",
    )
    return figure
