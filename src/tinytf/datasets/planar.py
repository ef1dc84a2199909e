"""Two-dimensional toy sets for the basic lab: quadrants (x1·x2 sign), moons, circles, spirals."""

from __future__ import annotations

import numpy as np


def make_quadrants(samples: int = 2000, seed: int = 0):
    """Points uniform in [-1, 1]², class 1 where x1·x2 > 0: not linearly separable.

    Returns `(X, labels)`: float32 [samples, 2] and int64 [samples] in {0, 1}.
    """
    generator = np.random.default_rng(seed)
    points = generator.uniform(-1.0, 1.0, size=(samples, 2))
    labels = (points[:, 0] * points[:, 1] > 0).astype(np.int64)
    return points.astype(np.float32), labels


def make_moons(samples: int = 2000, noise: float = 0.15, seed: int = 0):
    """Two interleaved half circles, with Gaussian noise of standard deviation `noise`."""
    generator = np.random.default_rng(seed)
    labels = np.arange(samples) % 2
    angles = generator.uniform(0.0, np.pi, size=samples)
    upper = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    lower = np.stack([1.0 - np.cos(angles), 0.5 - np.sin(angles)], axis=1)
    points = np.where(labels[:, None] == 0, upper, lower)
    points += generator.normal(0.0, noise, size=points.shape)
    return points.astype(np.float32), labels.astype(np.int64)


def make_circles(samples: int = 2000, noise: float = 0.08, factor: float = 0.5, seed: int = 0):
    """A circle of class 1 inside a ring of class 0 (radius `factor` versus 1)."""
    generator = np.random.default_rng(seed)
    labels = np.arange(samples) % 2
    angles = generator.uniform(0.0, 2 * np.pi, size=samples)
    radii = np.where(labels == 1, factor, 1.0)
    points = radii[:, None] * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    points += generator.normal(0.0, noise, size=points.shape)
    return points.astype(np.float32), labels.astype(np.int64)


def make_spirals(samples: int = 1500, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """`classes` interleaved spiral arms, one class each: the softmax example."""
    generator = np.random.default_rng(seed)
    labels = np.arange(samples) % classes
    radius = generator.uniform(0.0, 1.0, size=samples)
    angles = labels * 2 * np.pi / classes + 4.0 * radius
    angles += generator.normal(0.0, noise, size=samples)
    points = radius[:, None] * np.stack([np.sin(angles), np.cos(angles)], axis=1)
    return points.astype(np.float32), labels.astype(np.int64)


def one_hot(labels: np.ndarray, depth: int | None = None) -> np.ndarray:
    """Class indices [N] as float32 one-hot rows [N, depth]."""
    depth = int(labels.max()) + 1 if depth is None else depth
    return np.eye(depth, dtype=np.float32)[labels]


def plus_minus_one(labels: np.ndarray) -> np.ndarray:
    """Binary labels {0, 1} as float32 {-1, +1} columns [N, 1], for tanh or hinge outputs."""
    return (2.0 * labels - 1.0).astype(np.float32)[:, None]
