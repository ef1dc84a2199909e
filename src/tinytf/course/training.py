"""What the labs' harness shares: options, the session that records a program's training,
data splits and accuracy."""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm


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


class WatchedSession:
    """The session a lab hands to a program's training loop, which the program uses as its own.

    Every `run` passes through to `session`, except that a run fetching `train_op` (a
    training step) also fetches the loss, the `watch` tensors and any summary the `log` (a
    logs.TrainingLog) has due, and records them in `history`. An epoch ends once `examples`
    rows have been fed (the leading dimension of the step's first fed array); then the
    progress bar shows its mean loss and, when stdout is not a terminal (a log file, a pipe),
    a line reports it every few seconds and at the end, so a long run shows it is alive.
    Leaving the `with` block closes the progress bar and the log.
    """

    def __init__(
        self,
        session,
        train_op,
        loss,
        examples,
        epochs,
        batch_size,
        description,
        progress=None,
        watch=(),
        log=None,
    ):
        self.session, self.train_op, self.loss = session, train_op, loss
        self.examples, self.watch, self.log = examples, list(watch), log
        self.history = History([], [], [])
        self._epoch_rows, self._epoch_total = 0, 0.0
        self._lines = _EpochLines(description, epochs, progress)
        self._bar = tqdm(
            total=epochs * math.ceil(examples / batch_size),
            desc=description,
            disable=_disabled(progress),
            file=sys.stderr,
            leave=False,
            unit="step",
        )

    def __getattr__(self, name):
        return getattr(self.session, name)

    def run(self, fetches, feed_dict=None, **kwargs):
        steps = fetches if isinstance(fetches, list | tuple) else [fetches]
        if not any(fetch is self.train_op for fetch in steps):
            return self.session.run(fetches, feed_dict, **kwargs)
        logged = self.log.due() if self.log else []
        result, value, watched, *summary = self.session.run(
            [fetches, self.loss, self.watch, *logged], feed_dict, **kwargs
        )
        if self.log:
            self.log.record(*summary)
        self.history.step_losses.append(float(value))
        if self.watch:
            self.history.watched.append(watched)
        rows = next(len(array) for array in feed_dict.values() if np.ndim(array) > 0)
        self._epoch_rows += rows
        self._epoch_total += float(value) * rows
        self._bar.update()
        if self._epoch_rows >= self.examples:
            self.history.epoch_losses.append(self._epoch_total / self._epoch_rows)
            self._epoch_rows, self._epoch_total = 0, 0.0
            self._bar.set_postfix(loss=f"{self.history.epoch_losses[-1]:.4g}")
            self._lines.report(len(self.history.epoch_losses), self.history.epoch_losses[-1])
        return result

    def __enter__(self) -> WatchedSession:
        return self

    def __exit__(self, *exception) -> None:
        self._bar.close()
        if self.log:
            self.log.close()


@dataclass
class History:
    """Training losses (one per step, and each epoch's mean) and watched values per step."""

    step_losses: list
    epoch_losses: list
    watched: list


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
