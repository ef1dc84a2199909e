"""Lab 5, cheat: credit-card fraud, 0.17% positives. Resampling and re-weighted losses compared
on a held-out test split, with the decision threshold chosen on validation data."""

from __future__ import annotations

import math

import numpy as np
from sklearn import metrics

from tinytf.course import logs, plots, principles
from tinytf.course.engine import load_engine
from tinytf.course.programs import cheat as program
from tinytf.course.programs.pieces import optimizer, train
from tinytf.course.results import LabResult, Table
from tinytf.course.training import WatchedSession, split, standardise
from tinytf.datasets import load_creditcard

TITLE = "Lab 5 - cheat: imbalanced fraud detection"
DEFAULTS = dict(
    batch_size=128, learning_rate=0.001, optimizer="adam", hidden=(16,), activation="relu"
)
QUICK = dict(epochs=3)  # `tinytf course --quick`: a first look, not the targets
DEFAULT_STEPS = 3000  # without --epochs, each method trains for about this many steps
METHODS = (
    "baseline",
    "random under-sampling",
    "random over-sampling",
    "over-sampling with noise",
    "SMOTE",
    "class-weighted loss",
    "focal loss",
)
NOISE_STD = 0.1  # of the added copies, in standardised units
LOG_EVERY = 50  # training steps between two TensorBoard summaries


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    options = options.with_defaults(**DEFAULTS)
    cards = load_creditcard(options.csv or None, data_dir=options.data_dir)
    generator = np.random.default_rng(options.seed)
    features, labels = cards.features, cards.labels
    if options.subset and options.subset < len(labels):
        (keep, _) = split(len(labels), [options.subset / len(labels), 1.0], generator, labels)
        features, labels = features[keep], labels[keep]
    train, validation, test = split(len(labels), [0.6, 0.2, 0.2], generator, labels=labels)
    train_x, validation_x, test_x = standardise(
        features[train], features[validation], features[test]
    )
    source = cards.source.rstrip(".")
    result = LabResult(
        "cheat",
        TITLE,
        f"{source}; features V1..V28; stratified split "
        f"{len(train)} train / {len(validation)} validation / {len(test)} test "
        f"({int(labels[test].sum())} frauds in test)",
        options.settings(),
    )
    result.principle = principles.CHEAT
    test_rows = {row.tobytes() for row in test_x}
    outcomes, rows, leaked = {}, [], 0
    for method in METHODS:
        with result.timed(method):
            method_x, method_y = resample(method, train_x, labels[train], options.seed)
            leaked += sum(row.tobytes() in test_rows for row in method_x)
            outcome = _train(
                tf,
                options,
                method,
                method_x,
                method_y,
                (validation_x, labels[validation]),
                (test_x, labels[test]),
            )
        outcomes[method] = outcome
        tn, fp, fn, tp = outcome["confusion"]
        rows.append(
            [
                method,
                len(method_y),
                outcome["threshold"],
                outcome["precision"],
                outcome["recall"],
                outcome["f1"],
                outcome["roc_auc"],
                outcome["pr_auc"],
                f"{tn}/{fp}/{fn}/{tp}",
            ]
        )
        result.metrics[method] = {
            key: value for key, value in outcome.items() if key not in ("scores", "losses")
        }
    result.tables.append(
        Table(
            "Test split, threshold chosen for the best F1 on the validation split (rows: "
            "training rows after resampling; TN/FP/FN/TP: the confusion counts)",
            [
                "method",
                "rows",
                "threshold",
                "precision",
                "recall",
                "F1",
                "ROC-AUC",
                "PR-AUC",
                "TN/FP/FN/TP",
            ],
            rows,
        )
    )
    result.check("no test row in any (resampled) training set", leaked, leaked == 0)
    if cards.synthetic:
        result.notes.append(
            "NOTE: the data is a SYNTHETIC stand-in; pass --csv or --data-dir "
            "for the real transactions."
        )
    _figures(outcomes, labels[test], result)
    return result


def resample(method, features, labels, seed):
    """The training rows a method learns from; only ever built from the training split."""
    generator = np.random.default_rng(seed)
    positives, negatives = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    if method == "random under-sampling":
        keep = np.concatenate(
            [positives, generator.choice(negatives, len(positives), replace=False)]
        )
        return features[keep], labels[keep]
    if method in ("random over-sampling", "over-sampling with noise"):
        copies = generator.choice(positives, len(negatives) - len(positives))
        extra = features[copies]
        if method == "over-sampling with noise":
            extra = extra + generator.normal(0.0, NOISE_STD, extra.shape).astype(np.float32)
        return np.concatenate([features, extra]), np.concatenate([labels, labels[copies]])
    if method == "SMOTE":
        from imblearn.over_sampling import SMOTE

        smote = SMOTE(random_state=seed, k_neighbors=min(5, len(positives) - 1))
        resampled_x, resampled_y = smote.fit_resample(features, labels)
        return resampled_x.astype(np.float32), resampled_y
    return features, labels


def _train(tf, options, method, train_x, train_y, validation, test):
    generator = np.random.default_rng(options.seed)
    epochs = options.epochs or max(
        1, round(DEFAULT_STEPS / math.ceil(len(train_y) / options.batch_size))
    )
    # Each fraud counts as much as all the normal rows together divided by the frauds.
    positive_weight = float(np.sum(train_y == 0) / max(1, np.sum(train_y == 1)))
    with tf.Graph().as_default():
        tf.set_random_seed(options.seed)
        x, y, logits, loss = program.classifier(
            tf,
            train_x.shape[1],
            options.hidden,
            options.activation,
            generator,
            method,
            positive_weight,
        )
        train_op = optimizer(tf, options.optimizer, options.learning_rate).minimize(loss)
        probabilities = tf.sigmoid(logits)
        log = logs.training_log(
            tf, options.logdir, logs.run_name(method), {"loss": loss}, every=LOG_EVERY
        )
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            with WatchedSession(
                session,
                train_op,
                loss,
                len(train_x),
                epochs,
                options.batch_size,
                method,
                options.progress,
                log=log,
            ) as watched:
                train(
                    watched,
                    train_op,
                    x,
                    y,
                    train_x,
                    train_y[:, None].astype(np.float32),
                    epochs,
                    options.batch_size,
                    generator,
                )
            history = watched.history
            validation_scores = session.run(probabilities, {x: validation[0]})[:, 0]
            test_scores = session.run(probabilities, {x: test[0]})[:, 0]
    threshold = _best_f1_threshold(validation[1], validation_scores)
    predictions = (test_scores >= threshold).astype(int)
    return {
        "epochs": epochs,
        "threshold": threshold,
        "scores": test_scores,
        "losses": history.epoch_losses,
        "precision": metrics.precision_score(test[1], predictions, zero_division=0),
        "recall": metrics.recall_score(test[1], predictions),
        "f1": metrics.f1_score(test[1], predictions),
        "roc_auc": metrics.roc_auc_score(test[1], test_scores),
        "pr_auc": metrics.average_precision_score(test[1], test_scores),
        "confusion": metrics.confusion_matrix(test[1], predictions, labels=[0, 1]).ravel(),
    }


def _best_f1_threshold(labels, scores) -> float:
    precision, recall, thresholds = metrics.precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[np.argmax(f1[:-1])])


def _figures(outcomes, labels, result):
    figure, (pr_axes, roc_axes) = plots.figure(1, 2, width=3.25, height=3.3)
    for index, (method, outcome) in enumerate(outcomes.items()):
        style = dict(linestyle=plots.LINE_STYLES[index % 4], linewidth=1.3)
        precision, recall, _ = metrics.precision_recall_curve(labels, outcome["scores"])
        pr_axes.plot(recall, precision, label=method, **style)
        false_positive, true_positive, _ = metrics.roc_curve(labels, outcome["scores"])
        roc_axes.plot(false_positive, true_positive, **style)
    pr_axes.set(xlabel="recall", ylabel="precision", title="Precision-recall (test)")
    roc_axes.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC (test)")
    roc_axes.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=0.8)
    for axes in (pr_axes, roc_axes):
        axes.grid(alpha=0.3)
    figure.legend(loc="outside lower center", ncol=4, fontsize=7.5)
    result.add_figure(
        "cheat_curves",
        figure,
        "Precision against recall, and the ROC curve, for every method on the test split "
        "(the areas are in the table). Notice: the ROC curves all hug the top-left corner "
        "(with 0.17% frauds even many false alarms are a tiny false positive rate), while "
        "the precision-recall curves tell the methods apart.",
    )

    figure, (axes,) = plots.figure(width=6.4, height=3.0)
    width = 0.27
    positions = np.arange(len(outcomes))
    for offset, key in enumerate(("pr_auc", "recall", "precision")):
        axes.bar(
            positions + (offset - 1) * width,
            [run[key] for run in outcomes.values()],
            width,
            label="PR-AUC" if key == "pr_auc" else key,
        )
    axes.set_xticks(positions, list(outcomes), rotation=20, ha="right", fontsize=8)
    axes.set(ylabel="test split", ylim=(0, 1))
    axes.grid(axis="y", alpha=0.3)
    figure.legend(loc="outside upper center", ncol=3, fontsize=8)
    result.add_figure(
        "cheat_metrics",
        figure,
        "PR-AUC, recall and precision per method on the test split, at the threshold chosen "
        "on the validation split. Notice: resampling and re-weighting trade precision for "
        "recall; PR-AUC, which does not depend on the threshold, moves much less.",
    )
