"""A dense layer's forward pass as one kernel: MatMul, then a bias vector's addition (AddV2
or BiasAdd), then optionally Relu, computed in one buffer.

A plan uses it (client/rewrites.py) where the intermediate results are read by nothing
else; the values are exactly those of the three ops.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework.registry import register_fusion


def adds_bias_vector(ops, others) -> bool:
    """Whether ops[1] adds a bias vector (`others[0]`) as long as the last dimension of
    ops[0]'s output (a product's rows, a convolution's channels), of its floating dtype."""
    add = ops[1]
    if add.type == "BiasAdd" and add.get_attr("channels_first"):
        return False
    product, (bias,) = ops[0].outputs[0], others
    dims, bias_dims = product.shape.as_tuple(), bias.shape.as_tuple()
    return (
        dims is not None
        and bias_dims is not None
        and len(bias_dims) == 1
        and dims[-1] is not None
        and bias_dims[0] == dims[-1]
        and bias.dtype == product.dtype
        and product.dtype.is_floating
    )


def _dense_kernel(length: int):
    relu = length == 3

    def dense(a, b, bias, transpose_a, transpose_b):
        out = np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)
        # Addition is commutative in IEEE arithmetic, so bias + out equals out + bias.
        np.add(out, bias, out=out)
        if relu:
            np.maximum(out, 0, out=out)
        return out

    return dense


register_fusion(
    [("MatMul",), ("AddV2", "BiasAdd"), ("Relu",)],
    required=2,
    applies=adds_bias_vector,
    kernel=_dense_kernel,
)
