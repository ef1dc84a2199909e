"""Kernels that only plans use: specialisations and fusions that rewrites put in place of
graph ops. Each computes exactly what the ops it replaces compute."""

from __future__ import annotations

import numpy as np


def sum_to_static_shape(axes: tuple, shape: tuple, reshape: bool):
    """SumToShape towards a shape known when the plan is built: the summed axes are fixed."""
    if reshape:
        def sum_and_reshape(grad, x):
            return np.add.reduce(grad, axis=axes, keepdims=True).reshape(shape)

        return sum_and_reshape

    def sum_leading(grad, x):
        return np.add.reduce(grad, axis=axes)

    return sum_leading


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
