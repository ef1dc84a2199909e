"""Pieces every lab shares: options, NumPy initial weights, dense stacks, the training loop."""

from __future__ import annotations

import math
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "adagrad")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "elu")
INITIALISERS = ("normal", "xavier", "he")


@dataclass(frozen=True)
class LabOptions:
    """The command-line options of `tinytf lab`; None means the lab's own default."""

    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    optimizer: str | None = None
    hidden: tuple[int, ...] | None = None
    activation: str | None = None
    seed: int = 0
    out: Path = Path("tinytf-out")
    data_dir: Path | None = None
    engine: str = "tinytf"
    subset: int | None = None  # at most this many training examples, for quick runs
    csv: tuple[Path, ...] = field(default_factory=tuple)
    logdir: Path | None = None  # TensorBoard summaries go to logdir/<run>
    # None: a progress bar when stderr is a terminal, and epoch lines when stdout is not one
    progress: bool | None = None

    def with_defaults(self, **defaults) -> LabOptions:
        """These options with each unset (None) field taken from `defaults`."""
        unset = {name: value for name, value in defaults.items() if getattr(self, name) is None}
        return replace(self, **unset)

    def settings(self) -> dict:
        """The options as plain values, for results.json."""
        return {
            name: (str(value) if isinstance(value, Path) else value)
            for name, value in self.__dict__.items()
            if name not in ("progress", "out") and value not in (None, ())
        }


def initial_kernel(scheme: str, fan_in: int, fan_out: int, generator) -> np.ndarray:
    """A float32 [fan_in, fan_out] draw from N(0, std²).

    normal: std 1 (tf.random_normal's default); xavier: std √(2 / (fan_in + fan_out)),
    which keeps the variance of signals and gradients for tanh/sigmoid; he: std √(2 / fan_in),
    which keeps it for relu, as relu zeroes half the signal.
    """
    std = {
        "normal": 1.0,
        "xavier": math.sqrt(2.0 / (fan_in + fan_out)),
        "he": math.sqrt(2.0 / fan_in),
    }[scheme]
    return generator.normal(0.0, std, size=(fan_in, fan_out)).astype(np.float32)


def activation(tf, name: str):
    """The tf.nn function for an activation name."""
    return {"relu": tf.nn.relu, "sigmoid": tf.nn.sigmoid, "tanh": tf.nn.tanh, "elu": tf.nn.elu}[
        name
    ]


def optimizer(tf, name: str, learning_rate: float):
    """A tf.train optimizer by short name."""
    if name == "momentum":
        return tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
    return {
        "sgd": tf.train.GradientDescentOptimizer,
        "adam": tf.train.AdamOptimizer,
        "rmsprop": tf.train.RMSPropOptimizer,
        "adagrad": tf.train.AdagradOptimizer,
    }[name](learning_rate)


def dense_stack(tf, inputs, sizes, activation_name, generator, scheme="he", names=None):
    """Dense layers of `sizes` units; the last one has no activation (it gives logits).

    Initial kernels are NumPy draws (`initial_kernel`) handed over through
    tf.constant_initializer, so tinytf and TensorFlow start from the same weights.
    """
    names = names or [f"hidden{index + 1}" for index in range(len(sizes) - 1)] + ["output"]
    outputs, fan_in = inputs, int(inputs.shape[-1])
    for index, (units, name) in enumerate(zip(sizes, names, strict=True)):
        last = index == len(sizes) - 1
        kernel = initial_kernel(scheme, fan_in, units, generator)
        outputs = tf.layers.dense(
            outputs,
            units,
            activation=None if last else activation(tf, activation_name),
            kernel_initializer=tf.constant_initializer(kernel),
            name=name,
        )
        fan_in = units
    return outputs


@dataclass
class History:
    """Training losses (one per step, and each epoch's mean) and watched values per step."""

    step_losses: list
    epoch_losses: list
    watched: list


def batches(examples: int, batch_size: int, generator):
    """Index arrays covering a fresh permutation of `examples`, `batch_size` at a time."""
    order = generator.permutation(examples)
    return [order[start : start + batch_size] for start in range(0, examples, batch_size)]


def fit(
    session,
    train_op,
    loss,
    placeholders,
    arrays,
    epochs,
    batch_size,
    generator,
    description,
    progress=None,
    extra_feeds=None,
    after_epoch=None,
    watch=(),
    log=None,
):
    """Minibatch training; returns a History of the training loss per step and per epoch.

    `placeholders` are fed the rows of `arrays` for each batch, plus `extra_feeds`.
    `after_epoch(epoch)` runs at each epoch's end (to record validation accuracy).
    The values of the `watch` tensors at every step go to `History.watched`.
    A `log` (a logs.TrainingLog) gets its summaries every few steps, and is closed at the end.
    When stdout is not a terminal (a log file, a pipe), a line reports the epoch's loss every
    few seconds and at the end, so a long run shows it is alive.
    """
    examples = len(arrays[0])
    batch_size = min(batch_size, examples)
    steps_per_epoch = math.ceil(examples / batch_size)
    history = History([], [], [])
    lines = _EpochLines(description, epochs, progress)
    with (
        tqdm(
            total=epochs * steps_per_epoch,
            desc=description,
            disable=_disabled(progress),
            file=sys.stderr,
            leave=False,
            unit="step",
        ) as bar,
        log or nullcontext(),
    ):
        for epoch in range(epochs):
            total = 0.0
            for batch in batches(examples, batch_size, generator):
                feeds = {
                    placeholder: array[batch]
                    for placeholder, array in zip(placeholders, arrays, strict=True)
                }
                feeds.update(extra_feeds or {})
                logged = log.due() if log else []
                _, value, watched, *summary = session.run(
                    [train_op, loss, list(watch), *logged], feed_dict=feeds
                )
                if log:
                    log.record(*summary)
                history.step_losses.append(float(value))
                if watch:
                    history.watched.append(watched)
                total += float(value) * len(batch)
                bar.update()
            history.epoch_losses.append(total / examples)
            bar.set_postfix(loss=f"{history.epoch_losses[-1]:.4g}")
            lines.report(epoch + 1, history.epoch_losses[-1])
            if after_epoch is not None:
                after_epoch(epoch)
    return history


class _EpochLines:
    """`report(epoch, loss)` prints a line at most every SECONDS, and for the last epoch."""

    SECONDS = 5.0

    def __init__(self, description, epochs, progress):
        self.description, self.epochs = description, epochs
        self.enabled = progress is not False and not sys.stdout.isatty()
        self.last = time.perf_counter()

    def report(self, epoch, loss):
        now = time.perf_counter()
        if self.enabled and (epoch == self.epochs or now - self.last >= self.SECONDS):
            print(f"  {self.description}: epoch {epoch}/{self.epochs}, loss {loss:.4g}", flush=True)
            self.last = now


def _disabled(progress):
    # tqdm's disable=None means: show the bar only on a terminal.
    return None if progress is None else not progress


def split(examples: int, fractions, generator, labels=None):
    """Index arrays of a random split into parts of the given fractions (the last takes the rest).

    With `labels`, each class is split in the same proportions (stratified).
    """
    groups = (
        [np.arange(examples)]
        if labels is None
        else [np.flatnonzero(labels == value) for value in np.unique(labels)]
    )
    parts = [[] for _ in fractions]
    for group in groups:
        group = generator.permutation(group)
        bounds = np.round(np.cumsum(fractions)[:-1] * len(group)).astype(int)
        for part, indices in zip(parts, np.split(group, bounds), strict=True):
            part.append(indices)
    return [generator.permutation(np.concatenate(part)) for part in parts]


def standardise(train, *others):
    """Scales every column to zero mean and unit variance using the training rows' statistics."""
    mean, std = train.mean(axis=0), train.std(axis=0) + 1e-8
    return [((array - mean) / std).astype(np.float32) for array in (train, *others)]


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of rows whose largest logit is at the label."""
    return float(np.mean(np.argmax(logits, axis=1) == labels))
