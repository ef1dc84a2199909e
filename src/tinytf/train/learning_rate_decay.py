"""Learning-rate schedules: graph ops computing a learning rate from the global step.

Each function builds TF 1.x's formula (as TF 2.x's `compat.v1.train` computes it) in its
own name scope, in the dtype of `learning_rate` (float32 for a Python number).
"""

from __future__ import annotations

import math

from tinytf.framework.graph import name_scope
from tinytf.ops import math_ops
from tinytf.ops.constant_op import constant, convert_to_tensor


def _require_global_step(global_step, function_name: str) -> None:
    if global_step is None:
        raise ValueError(f"global_step is required for {function_name}.")


def _decay_exponent(global_step, decay_steps, dtype, staircase: bool):
    """global_step / decay_steps in `dtype`, floored if `staircase`."""
    exponent = math_ops.cast(global_step, dtype) / math_ops.cast(decay_steps, dtype)
    return math_ops.floor(exponent) if staircase else exponent


def exponential_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate * decay_rate ^ (global_step / decay_steps), the exponent floored if
    `staircase`."""
    _require_global_step(global_step, "exponential_decay")
    with name_scope(name or "ExponentialDecay") as scope:
        initial = convert_to_tensor(learning_rate, name="initial_learning_rate")
        decay_rate = math_ops.cast(decay_rate, initial.dtype)
        exponent = _decay_exponent(global_step, decay_steps, initial.dtype, staircase)
        return math_ops.multiply(initial, math_ops.pow(decay_rate, exponent), name=scope)


def natural_exp_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate * exp(-decay_rate * global_step / decay_steps): an exponential decay
    with base exp(-decay_rate), named "ExponentialDecay" as in TensorFlow."""
    _require_global_step(global_step, "natural_exp_decay")
    natural_rate = math_ops.exp(math_ops.negative(decay_rate))
    return exponential_decay(
        learning_rate, global_step, decay_steps, natural_rate, staircase=staircase, name=name
    )


def inverse_time_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate / (1 + decay_rate * global_step / decay_steps), the ratio floored if
    `staircase`."""
    _require_global_step(global_step, "inverse_time_decay")
    with name_scope(name or "InverseTimeDecay") as scope:
        initial = convert_to_tensor(learning_rate, name="initial_learning_rate")
        decay_rate = math_ops.cast(decay_rate, initial.dtype)
        exponent = _decay_exponent(global_step, decay_steps, initial.dtype, staircase)
        one = math_ops.cast(constant(1), initial.dtype)
        denominator = math_ops.add(one, math_ops.multiply(decay_rate, exponent))
        return math_ops.divide(initial, denominator, name=scope)


def polynomial_decay(
    learning_rate,
    global_step,
    decay_steps,
    end_learning_rate=0.0001,
    power=1.0,
    cycle=False,
    name=None,
):
    """(learning_rate - end) * (1 - step / decay_steps) ^ power + end.

    The step stops at decay_steps, unless `cycle`: then decay_steps grows to the first
    multiple of itself that reaches the step, and the decay starts again.
    """
    _require_global_step(global_step, "polynomial_decay")
    with name_scope(name or "PolynomialDecay") as scope:
        initial = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial.dtype
        end = math_ops.cast(end_learning_rate, dtype)
        power = math_ops.cast(power, dtype)
        step = math_ops.cast(global_step, dtype)
        steps = math_ops.cast(decay_steps, dtype)
        if cycle:
            # Step 0 counts as the first cycle: ceil(0) would make the period zero.
            multiplier = math_ops.where(
                math_ops.equal(step, 0), constant(1.0, dtype), math_ops.ceil(step / steps)
            )
            steps = math_ops.multiply(steps, multiplier)
        else:
            step = math_ops.minimum(step, steps)
        fraction = math_ops.divide(step, steps)
        decayed = math_ops.multiply(initial - end, math_ops.pow(1 - fraction, power))
        return math_ops.add(decayed, end, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha),
    the step stopping at decay_steps (Loshchilov and Hutter's SGDR without restarts)."""
    _require_global_step(global_step, "cosine_decay")
    with name_scope(name or "CosineDecay"):
        initial = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial.dtype
        steps = math_ops.cast(decay_steps, dtype)
        step = math_ops.minimum(math_ops.cast(global_step, dtype), steps)
        completed_fraction = step / steps
        cosine = 0.5 * (1.0 + math_ops.cos(constant(math.pi, dtype) * completed_fraction))
        decayed = (1 - alpha) * cosine + alpha
        return math_ops.multiply(initial, decayed)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <=
    boundaries[i], and values[-1] once x > boundaries[-1].

    TensorFlow builds this with tf.case; tinytf chooses with one tf.where per boundary.
    """
    boundaries = [convert_to_tensor(b) for b in _flatten(boundaries)]
    values = [convert_to_tensor(v) for v in _flatten(values)]
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    x = convert_to_tensor(x)
    for index, boundary in enumerate(boundaries):
        if boundary.dtype != x.dtype:
            if boundary.dtype.name == "int32" and x.dtype.name == "int64":
                boundaries[index] = math_ops.cast(boundary, x.dtype)
            else:
                raise ValueError(
                    f"Boundaries ({boundary.dtype.name}) must have the same "
                    f"dtype as x ({x.dtype.name})."
                )
    for value in values[1:]:
        if value.dtype != values[0].dtype:
            raise ValueError(
                f"Values must have elements all with the same dtype "
                f"({values[0].dtype.name} vs {value.dtype.name})."
            )
    with name_scope(name or "PiecewiseConstant"):
        learning_rate = values[0]
        for boundary, value in zip(boundaries, values[1:], strict=True):
            learning_rate = math_ops.where(x > boundary, value, learning_rate)
        return learning_rate


piecewise_constant_decay = piecewise_constant


def _flatten(items) -> list:
    return list(items) if isinstance(items, (list, tuple)) else [items]
