"""Lab 3, MNIST: softmax regression, the sigmoid + MSE variant, an MLP, initialisations,
checkpoints, NumPy-only inference, and a look at weights, mistakes and per-class accuracy."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from tinytf import export
from tinytf.course import logs, principles
from tinytf.course.engine import load_engine
from tinytf.course.labs.mnist_figures import figures
from tinytf.course.programs import mnist as program
from tinytf.course.programs.pieces import INITIALISERS, optimizer
from tinytf.course.results import LabResult, Table
from tinytf.course.summary import model_summary
from tinytf.course.training import History, WatchedSession
from tinytf.datasets import data_home, load_mnist

TITLE = "Lab 3 - MNIST"
DEFAULTS = dict(
    epochs=8,
    batch_size=100,
    learning_rate=0.001,
    optimizer="adam",
    hidden=(512, 256),
    activation="relu",
)
QUICK = dict(epochs=1, subset=5000)  # `tinytf course --quick`: a first look
INITIALISATION_EPOCHS = 1
LOG_EVERY = 50  # training steps between two TensorBoard summaries


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    options = options.with_defaults(**DEFAULTS)
    data = _load(options)
    result = LabResult("mnist", TITLE, data["source"], options.settings())
    result.principle = principles.MNIST
    models, rows = {}, []
    for name in ("softmax regression", "sigmoid + MSE", "MLP"):
        with result.timed(name):
            models[name] = _train(tf, options, data, name)
        outcome = models[name]
        rows.append(
            [
                name,
                outcome["summary"].parameters,
                outcome["summary"].multiply_adds,
                outcome["validation"][-1],
                outcome["test_accuracy"],
            ]
        )
        result.metrics[name] = {
            "test_accuracy": outcome["test_accuracy"],
            "validation_accuracy": outcome["validation"],
        }
    result.tables.append(
        Table(
            "Models",
            [
                "model",
                "parameters",
                "multiply-adds / example",
                "validation accuracy",
                "test accuracy",
            ],
            rows,
        )
    )
    result.tables.append(models["MLP"]["summary"].table("MLP layers"))
    softmax, mlp = models["softmax regression"]["test_accuracy"], models["MLP"]["test_accuracy"]
    result.check("softmax regression test accuracy >= 91.5%", softmax, softmax >= 0.915)
    result.check("MLP test accuracy >= 98.0%", mlp, mlp >= 0.98)

    with result.timed("initialisations"):
        starts = {
            scheme: _train(tf, options, data, "MLP", scheme, INITIALISATION_EPOCHS)
            if scheme != "he"
            else _first_epochs(models["MLP"], INITIALISATION_EPOCHS)
            for scheme in INITIALISERS
        }
    result.tables.append(
        Table(
            f"Initialisation ({INITIALISATION_EPOCHS} epoch of the MLP each)",
            [
                "initialiser",
                "loss of the first step",
                "loss after the epoch",
                "validation accuracy",
            ],
            [
                [
                    scheme,
                    run["history"].step_losses[0],
                    run["history"].epoch_losses[-1],
                    run["validation"][-1],
                ]
                for scheme, run in starts.items()
            ],
        )
    )
    result.metrics["initialisation"] = {
        scheme: run["validation"][-1] for scheme, run in starts.items()
    }

    with result.timed("checkpoint and NumPy export"):
        _persistence(tf, options, data, models["MLP"], result)
    _per_class(data, models["MLP"], result)
    figures(data, models, starts, result)
    return result


def _first_epochs(run, epochs):
    """The start of a finished run, as if it had stopped after `epochs`.

    The main MLP starts from He's initialisation with the seed's batches, so its first epoch
    is the He run of the initialisation study: training it again would give the same numbers.
    """
    history = run["history"]
    steps = len(history.step_losses) // len(history.epoch_losses) * epochs
    return {
        "history": History(history.step_losses[:steps], history.epoch_losses[:epochs], []),
        "validation": run["validation"][:epochs],
    }


def _load(options):
    (train_images, train_labels), (test_images, test_labels) = load_mnist(options.data_dir)
    validation_size = min(5000, len(train_images) // 10)  # TF's split: the first 5,000
    images = train_images.reshape(len(train_images), -1).astype(np.float32) / 255.0
    limit = None if options.subset is None else validation_size + options.subset
    return {
        "train": (images[validation_size:limit], train_labels[validation_size:limit]),
        "validation": (images[:validation_size], train_labels[:validation_size]),
        "test": (test_images.reshape(len(test_images), -1).astype(np.float32) / 255.0, test_labels),
        "source": f"MNIST IDX files from {data_home(options.data_dir)}: "
        f"{len(train_images) - validation_size} training (of which "
        f"{len(images[validation_size:limit])} used), {validation_size} validation, "
        f"{len(test_images)} test images",
    }


def _build(tf, options, kind, scheme, generator):
    """The program's model, its train op and accuracy, in the default graph."""
    rate = tf.placeholder_with_default(np.float32(options.learning_rate), [], name="rate")
    if kind == "MLP":
        x, y, logits, loss = program.mlp_model(
            tf, options.hidden, options.activation, generator, scheme
        )
        step = optimizer(tf, options.optimizer, rate)
    else:
        x, y, logits, loss = program.linear_model(tf, kind)
        step = tf.train.GradientDescentOptimizer(program.LINEAR_LEARNING_RATE)
    # minimize(loss) in two steps, to keep the gradients for TensorBoard's histograms.
    gradients = step.compute_gradients(loss)
    train_op = step.apply_gradients(gradients)
    return dict(
        x=x,
        y=y,
        rate=rate,
        logits=logits,
        loss=loss,
        train_op=train_op,
        accuracy=program.accuracy(tf, logits, y),
        gradients=gradients,
    )


def _train(tf, options, data, kind, scheme="he", epochs=None):
    generator = np.random.default_rng(options.seed)
    # The initialisation runs (given their epochs) neither save checkpoints nor share logs.
    main_run = epochs is None
    epochs = epochs or options.epochs
    images, labels = data["train"]
    one_hot = np.eye(10, dtype=np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(options.seed)
        model = _build(tf, options, kind, scheme, generator)
        summary = model_summary(model["x"], model["logits"])
        run = logs.run_name(kind) if main_run else f"initialisation/{scheme}"
        log = logs.training_log(
            tf,
            options.logdir,
            run,
            {"loss": model["loss"], "accuracy": model["accuracy"]},
            model["gradients"],
            tf.reshape(model["x"], [-1, 28, 28, 1]),
            LOG_EVERY,
        )
        validation = []

        def evaluate(split):
            split_images, split_labels = data[split]
            return float(
                session.run(
                    model["accuracy"], {model["x"]: split_images, model["y"]: one_hot[split_labels]}
                )
            )

        def after_epoch(epoch):
            validation.append(evaluate("validation"))
            if log:
                log.scalars("validation", accuracy=validation[-1])

        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            with WatchedSession(
                session,
                model["train_op"],
                model["loss"],
                len(images),
                epochs,
                options.batch_size,
                f"{kind} ({scheme})" if kind == "MLP" else kind,
                options.progress,
                log=log,
            ) as watched:
                program.train(
                    watched,
                    model["train_op"],
                    model["x"],
                    model["y"],
                    images,
                    one_hot[labels],
                    epochs,
                    options.batch_size,
                    generator,
                    rate=model["rate"] if kind == "MLP" else None,
                    learning_rate=options.learning_rate,
                    after_epoch=after_epoch,
                )
            test_logits = session.run(model["logits"], {model["x"]: data["test"][0]})
            outcome = {
                "history": watched.history,
                "validation": validation,
                "summary": summary,
                "test_accuracy": evaluate("test"),
                "test_logits": test_logits,
                "first_layer": session.run(tf.trainable_variables()[:2]),
            }
            if kind == "MLP" and main_run:
                (options.out / "checkpoints").mkdir(parents=True, exist_ok=True)
                outcome["saved"] = tf.train.Saver().save(
                    session, str(options.out / "checkpoints" / "mlp")
                )
                outcome["exported"] = export.export_numpy(
                    session,
                    model["x"],
                    model["logits"],
                    options.out / "numpy_model",
                    name="mnist_mlp",
                )
    return outcome


def _persistence(tf, options, data, mlp, result):
    """Restores the checkpoint in a fresh graph and session; runs the NumPy export."""
    generator = np.random.default_rng(options.seed)
    with tf.Graph().as_default():
        model = _build(tf, options, "MLP", "he", generator)
        with tf.Session() as session:
            tf.train.Saver().restore(session, mlp["saved"])
            restored_logits = session.run(model["logits"], {model["x"]: data["test"][0]})
    numpy_logits = export.load_forward(mlp["exported"])(data["test"][0])
    session_classes = mlp["test_logits"].argmax(axis=1)
    restored = float(np.mean(restored_logits.argmax(axis=1) == data["test"][1]))
    restored_same = bool(np.array_equal(restored_logits, mlp["test_logits"]))
    numpy_same = bool(np.array_equal(numpy_logits.argmax(axis=1), session_classes))
    difference = float(np.abs(numpy_logits - mlp["test_logits"]).max())
    result.tables.append(
        Table(
            "Checkpoint and NumPy-only inference (test set)",
            ["what", "value"],
            [
                ["checkpoint (in the lab's folder)", _inside(mlp["saved"], options.out)],
                ["test accuracy before saving", mlp["test_accuracy"]],
                ["test accuracy after restoring in a fresh session", restored],
                ["restored logits identical to the trained ones", "yes" if restored_same else "NO"],
                ["NumPy forward file", _inside(mlp["exported"].code_path, options.out)],
                ["NumPy predictions identical to the session's", "yes" if numpy_same else "NO"],
                ["largest |logit difference|, NumPy vs session", difference],
            ],
        )
    )
    result.metrics["restored_test_accuracy"] = restored
    result.metrics["numpy_predictions_identical"] = numpy_same
    result.metrics["numpy_max_logit_difference"] = difference
    result.check(
        "restored checkpoint gives the same test outputs", float(restored_same), restored_same
    )
    result.check(
        "NumPy-only forward gives the session's predictions", float(numpy_same), numpy_same
    )


def _inside(path, folder) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def _per_class(data, mlp, result):
    labels = data["test"][1]
    predictions = mlp["test_logits"].argmax(axis=1)
    per_class = [float(np.mean(predictions[labels == digit] == digit)) for digit in range(10)]
    result.tables.append(
        Table(
            "MLP test accuracy per digit",
            ["digit", "examples", "accuracy"],
            [[digit, int(np.sum(labels == digit)), per_class[digit]] for digit in range(10)],
        )
    )
    result.metrics["per_class_accuracy"] = per_class
