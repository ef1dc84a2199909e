"""Kernels that only plans use: specialisations and fusions that rewrites put in place of
graph ops. Each computes exactly what the ops it replaces compute."""

from __future__ import annotations

import numpy as np

from tinytf.client.steps import CONST, Step, kernel_error
from tinytf.framework import errors


def sum_to_static_shape(sum_over_axes, axes: tuple, shape: tuple):
    """SumToShape towards a shape known when the plan is built: the summed axes are fixed.
    `sum_over_axes` is the SumToShape kernel's own summation, so the sums are the same."""

    def sum_to_shape(grad, x):
        return sum_over_axes(grad, axes, shape)

    return sum_to_shape


def dense(relu: bool):
    """MatMul, then the addition of a bias vector, then optionally Relu, in one buffer."""

    def kernel(a, b, bias, transpose_a, transpose_b):
        out = np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)
        # Addition is commutative in IEEE arithmetic, so bias + out equals out + bias.
        np.add(out, bias, out=out)
        if relu:
            np.maximum(out, 0, out=out)
        return out

    return kernel


def shape_function(steps: list[Step], sources: list, result):
    """The value of `result`, computed by `steps` from the shapes of `sources` (and from
    constants), for the sources' shapes; computed again only when those shapes change.

    The value is kept between runs, so the plan treats it as it treats a constant.
    """
    # The steps' inputs as they are now: later rewrites may change the plan's steps.
    program = [(step, list(step.inputs)) for step in steps]
    sources = list(sources)
    last = [(None, None)]  # (the sources' shapes, the value computed for them)

    def kernel(*source_values):
        shapes = tuple(np.shape(value) for value in source_values)
        known_shapes, value = last[0]
        if shapes == known_shapes:
            return value
        values = dict(zip(sources, source_values, strict=True))
        for step, inputs in program:
            if step.kind == CONST:
                values[step.outputs[0]] = step.constant
                continue
            try:
                outputs = step.kernel(*(values[v] for v in inputs), **step.keywords)
            except errors.OpError:
                raise
            except Exception as exc:
                raise kernel_error(step.op, exc) from exc
            outputs = outputs if len(step.outputs) > 1 else (outputs,)
            values.update(zip(step.outputs, outputs, strict=True))
        last[0] = (shapes, values[result])
        return values[result]

    return kernel
