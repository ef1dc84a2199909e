"""Kernels that only plans make: a shape function, which rewrites put in place of the ops
computing a value from tensors' shapes. It computes exactly what those ops compute.

Kernels specialised or fused from ops' own kernels are declared by the ops
(framework/registry.py: OpDef.static_kernel, Fusion)."""

from __future__ import annotations

import numpy as np

from tinytf.client.steps import CONST, Step, kernel_error
from tinytf.framework import errors


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
        shapes = tuple(
            value.shape if type(value) is np.ndarray else np.shape(value) for value in source_values
        )
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
