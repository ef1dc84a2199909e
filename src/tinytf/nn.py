"""`tf.nn`: activations, softmax and cross-entropies, normalisation, dropout, lookups."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.ops.array_ops import top_k
from tinytf.ops.conv_impl import (
    atrous_conv2d,
    conv2d_transpose,
    convolution,
    depthwise_conv2d,
    pool,
    separable_conv2d,
)
from tinytf.ops.conv_ops import (
    conv2d,
    conv2d_backprop_filter,
    conv2d_backprop_input,
    depthwise_conv2d_native,
    depthwise_conv2d_native_backprop_filter,
    depthwise_conv2d_native_backprop_input,
)
from tinytf.ops.lrn_ops import local_response_normalization, lrn
from tinytf.ops.pooling_ops import avg_pool, max_pool
from tinytf.ops.math_ops import sigmoid, tanh
from tinytf.ops.nn_impl import (
    batch_normalization,
    dropout,
    embedding_lookup,
    l2_normalize,
    moments,
    sigmoid_cross_entropy_with_logits,
    weighted_cross_entropy_with_logits,
    xw_plus_b,
    zero_fraction,
)
from tinytf.ops.nn_ops import (
    bias_add,
    elu,
    in_top_k,
    l2_loss,
    leaky_relu,
    relu,
    relu6,
    selu,
    softplus,
    softsign,
)
from tinytf.rnn import rnn_cell
from tinytf.rnn.dynamic_rnn import bidirectional_dynamic_rnn, dynamic_rnn
from tinytf.rnn.static_rnn import static_bidirectional_rnn, static_rnn
from tinytf.ops.softmax_ops import (
    log_softmax,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)

avg_pool2d, max_pool2d = avg_pool, max_pool

__all__ = [
    "atrous_conv2d",
    "avg_pool",
    "avg_pool2d",
    "conv2d",
    "conv2d_backprop_filter",
    "conv2d_backprop_input",
    "conv2d_transpose",
    "convolution",
    "depthwise_conv2d",
    "depthwise_conv2d_native",
    "depthwise_conv2d_native_backprop_filter",
    "depthwise_conv2d_native_backprop_input",
    "local_response_normalization",
    "lrn",
    "max_pool",
    "max_pool2d",
    "pool",
    "separable_conv2d",
    "batch_normalization",
    "bias_add",
    "bidirectional_dynamic_rnn",
    "dropout",
    "dynamic_rnn",
    "elu",
    "embedding_lookup",
    "in_top_k",
    "l2_loss",
    "l2_normalize",
    "leaky_relu",
    "log_softmax",
    "moments",
    "relu",
    "relu6",
    "rnn_cell",
    "selu",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "softplus",
    "softsign",
    "sparse_softmax_cross_entropy_with_logits",
    "static_bidirectional_rnn",
    "static_rnn",
    "tanh",
    "top_k",
    "weighted_cross_entropy_with_logits",
    "xw_plus_b",
    "zero_fraction",
]

__getattr__ = _unsupported_hook("tf.nn", globals())
