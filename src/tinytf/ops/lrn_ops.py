"""Local response normalisation (LRN, AlexNet's) across the channels, and its gradient op."""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.ops import windows
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import FLOATS, check_dtype, create


def local_response_normalization(
    input,  # noqa: A002
    depth_radius=5,
    bias=1.0,
    alpha=1.0,
    beta=0.5,
    name=None,
) -> Tensor:
    """input / (bias + alpha * sum of squares over 2 * depth_radius + 1 channels) ** beta.

    Unlike TensorFlow's CPU kernel (float32 and half only), float64 works too.
    """
    attrs = {
        "depth_radius": int(depth_radius),
        "bias": float(bias),
        "alpha": float(alpha),
        "beta": float(beta),
    }
    with name_scope(name, "LRN", [input]) as scope:
        return create("LRN", [convert_to_tensor(input, name="input")], attrs, scope)


lrn = local_response_normalization


def _lrn_infer(inputs, attrs):
    windows.check_rank4("LRN", inputs[:1])
    check_dtype("LRN", inputs[0], FLOATS, "input")
    return inputs[0].dtype, inputs[0].shape


def _channel_window_sums(values, radius):
    """Sums over channels [c - radius, c + radius] (clipped), by a running sum."""
    running = np.cumsum(values, axis=-1, dtype=values.dtype)
    zeros = np.zeros(values.shape[:-1] + (1,), values.dtype)
    running = np.concatenate([zeros, running], axis=-1)
    depth = values.shape[-1]
    upper = np.minimum(np.arange(depth) + radius + 1, depth)
    lower = np.maximum(np.arange(depth) - radius, 0)
    return running[..., upper] - running[..., lower]


def _norms(x, depth_radius, bias, alpha):
    norms = _channel_window_sums(np.square(x), depth_radius)
    norms *= alpha
    norms += bias
    return norms


@register_op("LRN", infer=_lrn_infer)
def _lrn_kernel(x, depth_radius, bias, alpha, beta):
    return x * _norms(x, depth_radius, bias, alpha) ** -beta


@register_op("LRNGrad", infer=lambda inputs, attrs: (inputs[1].dtype, inputs[1].shape))
def _lrn_grad_kernel(input_grads, input_image, output_image, depth_radius, bias, alpha, beta):
    # With n = bias + alpha * window_sum(x^2) and y = x * n^-beta:
    # dx_j = g_j n_j^-beta - 2 alpha beta x_j * window_sum(g y / n)_j.
    norms = _norms(input_image, depth_radius, bias, alpha)
    cross = _channel_window_sums(input_grads * output_image / norms, depth_radius)
    return input_grads * norms**-beta - (2 * alpha * beta) * input_image * cross


@RegisterGradient("LRN")
def _lrn_grad(op, grad):
    attrs = {key: op.get_attr(key) for key in ("depth_radius", "bias", "alpha", "beta")}
    return create("LRNGrad", [grad, op.inputs[0], op.outputs[0]], attrs, "LRNGrad")


# TensorFlow registers no gradient for LRNGrad either (it raises LookupError there).
NotDifferentiable("LRNGrad")
