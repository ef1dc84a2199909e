"""A convolutional layer's forward pass as one kernel: Conv2D, then a bias vector's
addition (BiasAdd or AddV2), then optionally Relu, computed in the convolution's buffer.

A plan uses it (client/rewrites.py) where the intermediate results are read by nothing
else; the values are exactly those of the three ops. The bias is added over rows of a
whole image row (OW * O values) rather than of O values: NumPy's broadcast addition runs
2x faster on the longer rows, with the same sums.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import registry


def _applies(ops, others) -> bool:
    """An NHWC convolution and a bias vector as long as its output channels."""
    conv, add = ops[0], ops[1]
    if conv.get_attr("data_format") != "NHWC":
        return False
    if add.type == "BiasAdd" and add.get_attr("channels_first"):
        return False
    out, (bias,) = conv.outputs[0], others
    dims, bias_dims = out.shape.as_tuple(), bias.shape.as_tuple()
    return (
        dims is not None
        and bias_dims is not None
        and len(bias_dims) == 1
        and dims[-1] is not None
        and bias_dims[0] == dims[-1]
        and bias.dtype == out.dtype
        and out.dtype.is_floating
    )


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
