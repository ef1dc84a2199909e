"""What a plan may fuse or share in a convolutional layer (client/rewrites.py), with
exactly the values of the ops it replaces.

- Its forward pass as one kernel: Conv2D, then a bias vector's addition (BiasAdd or
  AddV2), then optionally Relu, in the convolution's buffer, where the intermediate
  results are read by nothing else. The bias is added over rows of a whole image row
  (OW * O values) rather than of O values: NumPy's addition runs 2x faster on long rows.
- The convolution's patch matrix (im2col), kept for its filter's gradient
  (Conv2DBackpropFilter of the same input and attributes), which multiplies it again.
"""

from __future__ import annotations

import threading

import numpy as np

from tinytf.framework import registry
from tinytf.ops.dense_fusion import adds_bias_vector


def _applies(ops, others) -> bool:
    """An NHWC convolution and a bias vector as long as its output channels."""
    return ops[0].get_attr("data_format") == "NHWC" and adds_bias_vector(ops, others)


def add_channel_bias(image: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """`image` [N, H, W, C] (a new C-contiguous array) plus `bias` [C], in place."""
    if not image.size:
        return image
    rows = image.reshape(-1, image.shape[2] * image.shape[3])
    # Addition is commutative in IEEE arithmetic, so bias + out equals out + bias.
    np.add(rows, np.tile(bias, rows.shape[1] // len(bias)), out=rows)
    return image


def _conv_layer_kernel(length: int):
    relu = length == 3

    def conv_layer(x, w, bias, **attrs):
        out = registry.get_op_def("Conv2D").kernel(x, w, **attrs)
        if not out.flags.c_contiguous:
            out = np.ascontiguousarray(out)
        add_channel_bias(out, bias)
        if relu:
            np.maximum(out, 0, out=out)
        return out

    return conv_layer


registry.register_fusion(
    [("Conv2D",), ("BiasAdd", "AddV2"), ("Relu",)],
    required=2,
    applies=_applies,
    kernel=_conv_layer_kernel,
)


_ATTR_NAMES = ("strides", "padding", "explicit_paddings", "data_format", "dilations")
_capturing = threading.local()


def offer_patches(image_shape, window, columns) -> None:
    """The convolution's patch matrix of an NHWC image, kept if a plan asked for it."""
    stack = getattr(_capturing, "stack", None)
    if stack:
        stack[-1].append((image_shape, window, columns))


def patches_for(work, image_shape, window):
    """The patch matrix in `work` if it is that of this image and window, else None."""
    if work is None or work[0] != image_shape or work[1] != window:
        return None
    return work[2]


def _capture(kernel):
    """`kernel` (Conv2D's, or a fused kernel starting with it) also returning the patch
    matrix it made."""

    def convolve_and_keep(*inputs, **attrs):
        stack = _capturing.__dict__.setdefault("stack", [])
        stack.append([])
        try:
            result = kernel(*inputs, **attrs)
        finally:
            offered = stack.pop()
        return result, offered[0] if len(offered) == 1 else None

    return convolve_and_keep


def _filter_grad_from_patches(work, x, sizes, grad, **attrs):
    return registry.get_op_def("Conv2DBackpropFilter").kernel(x, sizes, grad, patches=work, **attrs)


def _same_window(conv, filter_grad) -> bool:
    return all(conv.get_attr(name) == filter_grad.get_attr(name) for name in _ATTR_NAMES)


registry.register_sharing(
    "Conv2D",
    "Conv2DBackpropFilter",
    applies=_same_window,
    capture=_capture,
    consumer_kernel=_filter_grad_from_patches,
)
