"""TensorBoard logs for the labs' `--logdir`, written with the TF 1.x summary API of their `tf`."""

from __future__ import annotations

import re
from pathlib import Path


def training_log(tf, logdir, run, scalars, gradients=(), images=None, every=50):
    """A TrainingLog of the default graph's training into `logdir/run`, or None without a logdir.

    Call it once the training ops are built. `scalars` maps tags to scalar tensors of a
    training step (the loss, the batch's accuracy); each (gradient, variable) pair of
    `gradients` gets two histograms, of the variable (tagged weights/<variable>) and of its
    gradient (gradient/<variable>); `images` ([batch, height, width, 1]) shows a few inputs.
    Tags are prefixed because a summary named like an existing op (the variable
    `hidden1/kernel`) would be tagged with TensorFlow's `_1` suffix.
    """
    if logdir is None:
        return None
    for tag, tensor in scalars.items():
        tf.summary.scalar(tag, tensor)
    for gradient, variable in gradients:
        tf.summary.histogram("weights/" + variable.op.name, variable)
        tf.summary.histogram("gradient/" + variable.op.name, gradient)
    if images is not None:
        tf.summary.image("inputs", images, max_outputs=4)
    return TrainingLog(tf, Path(logdir) / run, tf.summary.merge_all(), every)


class TrainingLog:
    """The event files of one training run: `folder/train` gets the merged summaries of every
    `every`-th step, and the graph; `folder/<split>` the numbers given to `scalars`.

    `step` counts the training steps taken, and is the step TensorBoard plots everything at.
    """

    def __init__(self, tf, folder: Path, merged, every: int):
        self.tf, self.folder, self.merged, self.every = tf, folder, merged, every
        self.step = 0
        self.writers = {
            "train": tf.summary.FileWriter(str(folder / "train"), tf.get_default_graph())
        }

    def due(self) -> list:
        """What the coming training step should also fetch: the merged summary op, or nothing."""
        return [self.merged] if self.step % self.every == 0 else []

    def record(self, summary=None) -> None:
        """Ends a training step, writing the summary fetched for it (if it was due)."""
        if summary is not None:
            self.writers["train"].add_summary(summary, self.step)
        self.step += 1

    def scalars(self, split: str, **values) -> None:
        """Numbers computed outside the graph (a validation accuracy) into `folder/<split>`.

        The same tag in the train and another split shares one chart in TensorBoard.
        """
        if split not in self.writers:
            self.writers[split] = self.tf.summary.FileWriter(str(self.folder / split))
        summary = self.tf.Summary(
            value=[
                self.tf.Summary.Value(tag=tag, simple_value=float(value))
                for tag, value in values.items()
            ]
        )
        self.writers[split].add_summary(summary, self.step)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()

    def __enter__(self) -> TrainingLog:
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def run_name(title: str) -> str:
    """A folder name for a run: "sigmoid + MSE" -> "sigmoid_mse"."""
    return re.sub(r"[^0-9a-z]+", "_", title.lower()).strip("_")
