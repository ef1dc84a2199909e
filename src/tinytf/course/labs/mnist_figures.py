"""Lab 3's figures: training curves, initialisations, weights, hidden units, mistakes and
per-digit error, each with a caption saying what to notice."""

from __future__ import annotations

import numpy as np

from tinytf.course import plots


def figures(data, models, starts, result):
    """Adds the lab's figures, with their captions, to `result`."""
    figure, (accuracy_axes, loss_axes) = plots.figure(1, 2, width=3.25, height=2.8)
    plots.curves(
        accuracy_axes,
        {name: run["validation"] for name, run in models.items()},
        "epoch",
        "validation accuracy",
        "Validation accuracy",
        legend="lower right",
    )
    plots.curves(
        loss_axes,
        {name: run["history"].epoch_losses for name, run in models.items()},
        "epoch",
        "training loss",
        "Training loss (each model's own)",
        log=True,
        legend=None,
    )
    result.add_figure(
        "mnist_training",
        figure,
        "Validation accuracy after each epoch, and the mean training loss (each model its "
        "own loss: cross-entropy, or squared error for sigmoid + MSE). Notice: the MLP "
        "ends highest; sigmoid + MSE trails softmax regression, the same linear model, "
        "because its gradient fades where the sigmoid saturates.",
    )

    figure, (axes,) = plots.figure(width=5.5, height=3.2)
    window = 20
    plots.curves(
        axes,
        {
            scheme: (
                (np.arange(len(smooth)) + 0.5) * window,
                smooth,
            )
            for scheme, run in starts.items()
            for smooth in [_smooth(run["history"].step_losses, window)]
        },
        "training step",
        f"training loss (mean of {window} steps)",
        "MLP training loss by initialisation",
        log=True,
    )
    result.add_figure(
        "mnist_initialisation",
        figure,
        f"The MLP's first epoch from each initialisation, the loss averaged over {window} "
        "steps. Notice: with N(0, 1) weights the first loss is in the thousands (each layer "
        "multiplies the signal's size) and stays far above; Xavier (dashed) and He nearly "
        "coincide, both scaled to keep the signal's variance.",
    )

    weights = models["softmax regression"]["first_layer"][0]
    result.add_figure(
        "mnist_softmax_weights",
        plots.image_grid(
            [weights[:, digit].reshape(28, 28) for digit in range(10)],
            [f"digit {digit}" for digit in range(10)],
            columns=5,
            size=1.25,
            cmap="seismic",
            fontsize=9,
        ),
        "Softmax regression's weights for each digit, $W[:, k]$ as a 28 × 28 image (red "
        "positive, blue negative, white zero). Notice: each digit's typical strokes in red "
        "and, in blue, where other digits have ink and this one has none.",
    )
    result.add_figure(
        "mnist_mlp_first_layer",
        _hidden_units(data, models["MLP"]),
        "What excites the MLP's first hidden units: for 16 units, the mean of the 50 test "
        "images that drive each one hardest. The raw weights of a 512-unit layer look like "
        "noise (they move little from their random start); the images they respond to do "
        "not. Notice the strokes and digit parts each unit picks out.",
    )

    images, labels = data["test"]
    predictions = models["MLP"]["test_logits"].argmax(axis=1)
    wrong = np.flatnonzero(predictions != labels)[:24]
    result.add_figure(
        "mnist_misclassified",
        plots.image_grid(
            [images[index].reshape(28, 28) for index in wrong],
            [f"{labels[index]} read as {predictions[index]}" for index in wrong],
            columns=8,
        ),
        "The first 24 test images the MLP gets wrong, with the true digit and the MLP's "
        "answer. Notice how many a person would hesitate over too.",
    )

    figure, (axes,) = plots.figure(width=5.0, height=2.8)
    errors = [100 * (1 - accuracy) for accuracy in result.metrics["per_class_accuracy"]]
    plots.bars(axes, [str(digit) for digit in range(10)], errors, "test error (%)")
    axes.set_xlabel("digit")
    for position, error in enumerate(errors):
        axes.annotate(f"{error:.1f}", (position, error), ha="center", va="bottom", fontsize=8)
    axes.set_ylim(0, max(errors) * 1.18 + 0.1)
    result.add_figure(
        "mnist_per_class",
        figure,
        "The MLP's test error for each digit, in percent (the table gives the accuracy). "
        "Notice which digits it finds hardest, and compare with the mistakes above.",
    )


def _hidden_units(data, mlp, units=16, top=50):
    """Per hidden unit, the mean of the `top` test images that give it the largest output."""
    kernel, bias = mlp["first_layer"]
    images = data["test"][0]
    activations = np.maximum(images @ kernel + bias, 0.0)
    # The units that respond most strongly on average, the most informative to look at.
    chosen = np.argsort(-activations.mean(axis=0))[: min(units, kernel.shape[1])]
    means = [
        images[np.argsort(-activations[:, unit])[:top]].mean(axis=0).reshape(28, 28)
        for unit in chosen
    ]
    return plots.image_grid(means, [f"unit {unit}" for unit in chosen], columns=8)


def _smooth(values, window):
    values = np.asarray(values)
    usable = len(values) // window * window
    if usable == 0:
        return values
    return values[:usable].reshape(-1, window).mean(axis=1)
