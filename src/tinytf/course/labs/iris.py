"""Lab 4, iris: an MLP, then the vanishing-gradient study on deep sigmoid, relu and
sigmoid + batch-norm networks, recording every layer's gradient norm while training."""

from __future__ import annotations

import numpy as np

from tinytf.course import logs, plots, principles
from tinytf.course.engine import load_engine
from tinytf.course.programs import iris as program
from tinytf.course.programs.iris import DEPTH, STUDY_LEARNING_RATE, VARIANTS, WIDTH
from tinytf.course.programs.pieces import optimizer
from tinytf.course.results import LabResult, Table
from tinytf.course.training import WatchedSession, accuracy, split, standardise
from tinytf.datasets import IRIS_CLASSES, load_iris

TITLE = "Lab 4 - iris and vanishing gradients"
DEFAULTS = dict(
    epochs=100,
    batch_size=16,
    learning_rate=0.01,
    optimizer="adam",
    hidden=(16, 16),
    activation="relu",
)
QUICK = dict(epochs=30)  # `tinytf course --quick`: a first look, not the targets
LOG_EVERY = 10  # training steps between two TensorBoard summaries


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    options = options.with_defaults(**DEFAULTS)
    features, labels = load_iris()
    generator = np.random.default_rng(options.seed)
    # 96 training rows: six full batches of 16, as batch norm is erratic on a batch of 3.
    train, test = split(len(labels), [0.64, 0.36], generator, labels=labels)
    if options.subset:
        train = train[: options.subset]
    train_x, test_x = standardise(features[train], features[test])
    data = {"train": (train_x, labels[train]), "test": (test_x, labels[test])}
    result = LabResult(
        "iris",
        TITLE,
        f"iris, bundled (150 rows, 4 features, classes "
        f"{', '.join(IRIS_CLASSES)}); stratified split {len(train)} train / "
        f"{len(test)} test, features standardised with training statistics",
        options.settings(),
    )
    result.principle = principles.IRIS
    with result.timed("MLP"):
        mlp = _train(tf, options, data, "mlp")
    result.tables.append(
        Table(
            "Iris MLP",
            ["model", "train accuracy", "test accuracy"],
            [
                [
                    f"MLP {','.join(map(str, options.hidden))} {options.activation}",
                    mlp["train_accuracy"][-1],
                    mlp["test_accuracy"][-1],
                ]
            ],
        )
    )
    result.metrics["mlp_test_accuracy"] = mlp["test_accuracy"][-1]
    result.check(
        f"iris {options.activation} MLP test accuracy >= 95%",
        mlp["test_accuracy"][-1],
        mlp["test_accuracy"][-1] >= 0.95,
    )

    study, rows = {}, []
    for variant in VARIANTS:
        with result.timed(f"deep {variant}"):
            study[variant] = _train(tf, options, data, variant)
        norms = study[variant]["gradient_norms"].mean(axis=0)
        ratio = float(norms[-1] / norms[0])
        study[variant]["ratio"] = ratio
        rows.append([variant, norms[0], norms[-1], ratio, study[variant]["test_accuracy"][-1]])
        result.metrics[f"deep {variant}"] = {
            "mean_gradient_norm_per_layer": norms,
            "last_over_first": ratio,
            "test_accuracy": study[variant]["test_accuracy"][-1],
        }
    result.tables.append(
        Table(
            f"Vanishing gradients: {DEPTH} hidden layers of {WIDTH}, gradient descent "
            f"(rate {STUDY_LEARNING_RATE}); kernel gradient norms averaged over training",
            ["network", "first layer", "last layer", "last / first", "test accuracy"],
            rows,
        )
    )
    sigmoid = study["sigmoid"]["ratio"]
    result.check(
        "deep sigmoid: first layer's gradient norm >= 100x below the last's",
        sigmoid,
        sigmoid >= 100,
    )
    for variant in ("relu", "sigmoid + batch norm"):
        ratio = study[variant]["ratio"]
        result.check(f"deep {variant}: gap closed (last / first <= 10)", ratio, ratio <= 10)
    _figures(mlp, study, result)
    return result


def _train(tf, options, data, variant):
    generator = np.random.default_rng(options.seed)
    (train_x, train_labels), (test_x, test_labels) = data["train"], data["test"]
    one_hot = np.eye(3, dtype=np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(options.seed)
        if variant == "mlp":
            x, y, logits, loss = program.mlp_model(
                tf, options.hidden, options.activation, generator
            )
            training, kernels = None, []
            step = optimizer(tf, options.optimizer, options.learning_rate)
        else:
            x, y, training, logits, loss, kernels = program.deep_model(tf, variant, generator)
            step = tf.train.GradientDescentOptimizer(STUDY_LEARNING_RATE)
        gradients, train_op = program.training_step(tf, step, loss)
        norms = program.gradient_norms(tf, gradients, kernels)
        run = "mlp" if variant == "mlp" else logs.run_name(f"deep {variant}")
        scalars = {
            "loss": loss,
            **{f"gradient_norm/{layer}": norm for layer, norm in norms.items()},
        }
        log = logs.training_log(tf, options.logdir, run, scalars, gradients, every=LOG_EVERY)
        train_accuracy, test_accuracy = [], []
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            with WatchedSession(
                session,
                train_op,
                loss,
                len(train_x),
                options.epochs,
                options.batch_size,
                f"iris {variant}",
                options.progress,
                watch=list(norms.values()),
                log=log,
            ) as watched:

                def after_epoch(epoch):
                    train_accuracy.append(accuracy(session.run(logits, {x: train_x}), train_labels))
                    test_accuracy.append(accuracy(session.run(logits, {x: test_x}), test_labels))
                    if log:
                        log.scalars("train", accuracy=train_accuracy[-1])
                        log.scalars("test", accuracy=test_accuracy[-1])

                program.train(
                    watched,
                    train_op,
                    x,
                    y,
                    train_x,
                    one_hot[train_labels],
                    options.epochs,
                    options.batch_size,
                    generator,
                    feeds=None if training is None else {training: True},
                    after_epoch=after_epoch,
                )
    return {
        "history": watched.history,
        "train_accuracy": train_accuracy,
        "test_accuracy": test_accuracy,
        "gradient_norms": np.array(watched.history.watched),
    }


def _figures(mlp, study, result):
    figure, axes = plots.figure(1, len(VARIANTS), width=2.17, height=3.3)
    window = 10
    for index, (panel, variant) in enumerate(zip(axes, VARIANTS, strict=True)):
        norms = study[variant]["gradient_norms"]
        usable = max(window, len(norms) // window * window)
        smooth = norms[:usable].reshape(-1, min(window, len(norms)), norms.shape[1]).mean(axis=1)
        for layer in range(norms.shape[1]):
            label = "output" if layer == norms.shape[1] - 1 else f"layer {layer + 1}"
            panel.plot(
                np.arange(len(smooth)) * window,
                smooth[:, layer],
                label=label,
                color=plots.matplotlib.colormaps["viridis"](layer / norms.shape[1]),
            )
        panel.set(
            yscale="log",
            xlabel="step",
            title=f"deep {variant}",
            ylabel="kernel gradient norm (mean of 10 steps)" if index == 0 else "",
        )
        panel.set_title(f"deep {variant}", fontsize=8.5)
        panel.grid(alpha=0.3)
    low = min(study[variant]["gradient_norms"].mean(axis=0).min() for variant in VARIANTS)
    for panel in axes:
        panel.set_ylim(low / 5, 10)
    figure.legend(
        *axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=5, fontsize=7.5
    )
    result.add_figure(
        "iris_gradient_norms",
        figure,
        f"The norm of every layer's kernel gradient while training ({DEPTH} hidden layers "
        "of 16, layer 1 darkest, the output layer yellow), mean of 10 steps, log scale. "
        "Notice: in the sigmoid network the layers fan out over four orders of magnitude, "
        "the first layer lowest; with relu, and with batch norm, they stay together.",
    )

    figure, (profile, learning) = plots.figure(1, 2, width=3.25, height=2.9)
    for variant in VARIANTS:
        norms = study[variant]["gradient_norms"].mean(axis=0)
        profile.plot(np.arange(1, len(norms) + 1), norms, marker="o", label=variant)
    profile.set(
        yscale="log",
        xlabel="layer (1 = next to the input)",
        ylabel="mean gradient norm",
        title="Gradient norm per layer",
    )
    profile.grid(alpha=0.3)
    profile.legend(fontsize=7.5)
    plots.curves(
        learning,
        {
            "MLP": mlp["test_accuracy"],
            **{f"deep {variant}": study[variant]["test_accuracy"] for variant in VARIANTS},
        },
        "epoch",
        "test accuracy",
        "Accuracy while training",
        legend="lower right",
    )
    result.add_figure(
        "iris_vanishing_gradients",
        figure,
        "Left: each layer's gradient norm averaged over training, from the input (1) to the "
        "output; right: test accuracy after each epoch. Notice: the sigmoid curve climbs "
        "steeply towards the output (the vanishing gradient), and that network learns last "
        "or not at all; relu and batch norm are flat and learn quickly.",
    )
