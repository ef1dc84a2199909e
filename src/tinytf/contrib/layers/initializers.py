"""contrib's variance-scaling initializers (Xavier/Glorot, He), with contrib's formulas.

They differ from `tf.variance_scaling_initializer`: `factor` and `mode` are spelt
differently, and the normal variant draws from a truncated normal with standard deviation
sqrt(1.3 * factor / n).
"""

from __future__ import annotations

import math

from tinytf.framework import dtypes
from tinytf.ops import random_ops

_MODES = ("FAN_IN", "FAN_OUT", "FAN_AVG")


class VarianceScaling:
    """Draws weights with variance factor / n, n a fan of the weight's shape."""

    def __init__(self, factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=dtypes.float32):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        if mode not in _MODES:
            raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
        self.factor, self.mode, self.uniform, self.seed, self.dtype = (
            factor,
            mode,
            uniform,
            seed,
            dtype,
        )

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtypes.as_dtype(dtype or self.dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = list(shape)
        n = self._fan(shape)
        if self.uniform:
            limit = math.sqrt(3.0 * self.factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)
        stddev = math.sqrt(1.3 * self.factor / n)
        return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)

    def _fan(self, shape: list) -> float:
        """fan_in, fan_out or their mean; leading dimensions (a conv's window) multiply."""
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= dim
            fan_out *= dim
        return {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[
            self.mode
        ]


def variance_scaling_initializer(
    factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=dtypes.float32
):
    """He initialisation by default: a truncated normal of variance 2 / fan_in."""
    return VarianceScaling(factor, mode, uniform, seed, dtype)


def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    """Glorot's initialisation: variance 2 / (fan_in + fan_out)."""
    return VarianceScaling(1.0, "FAN_AVG", uniform, seed, dtype)


xavier_initializer_conv2d = xavier_initializer
