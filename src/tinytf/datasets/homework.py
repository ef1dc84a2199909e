"""The course's homework data: d = x² + x + noise, saved and loaded as homework.npz (keys X, d)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

# The course writes N(mean, standard deviation): "X ~ N(0, 4)" has standard deviation 4, and
# the noise "N(0, 0.3)" standard deviation 0.3, so the best possible mean squared error is
# its variance, 0.09.
X_STD = 4.0
NOISE_STD = 0.3


def make_homework(
    samples: int = 1000, seed: int = 0, x_std: float = X_STD, noise_std: float = NOISE_STD
):
    """`(X, d)`, both float32 [samples, 1]: X ~ N(0, x_std²), d = X² + X + N(0, noise_std²)."""
    generator = np.random.default_rng(seed)
    inputs = generator.normal(0.0, x_std, size=(samples, 1))
    targets = inputs**2 + inputs + generator.normal(0.0, noise_std, size=(samples, 1))
    return inputs.astype(np.float32), targets.astype(np.float32)


def save_homework(path, inputs: np.ndarray, targets: np.ndarray) -> Path:
    """Writes `homework.npz` with arrays X and d (written to a temporary name, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    with open(temporary, "wb") as stream:
        np.savez(stream, X=inputs, d=targets)
    os.replace(temporary, path)
    return path


def load_homework(path):
    """`(X, d)` from a homework.npz; ValueError names the file if a key or shape is wrong."""
    with np.load(path, allow_pickle=False) as archive:
        missing = {"X", "d"} - set(archive.files)
        if missing:
            raise ValueError(
                f"{path} lacks the array(s) {sorted(missing)}; it holds {sorted(archive.files)}"
            )
        inputs, targets = archive["X"], archive["d"]
    if inputs.ndim != 2 or inputs.shape[1] != 1 or inputs.shape != targets.shape:
        raise ValueError(
            f"{path}: X and d must both have shape [N, 1], got X {inputs.shape} "
            f"and d {targets.shape}"
        )
    return inputs.astype(np.float32), targets.astype(np.float32)
