"""`tf.contrib.layers`: initializers, regularizers, fully_connected, batch_norm, flatten."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.contrib.layers.initializers import (
    variance_scaling_initializer,
    xavier_initializer,
    xavier_initializer_conv2d,
)
from tinytf.contrib.layers.layers import batch_norm, flatten, fully_connected
from tinytf.contrib.layers.convolutional import (
    avg_pool2d,
    conv2d,
    conv2d_transpose,
    convolution2d,
    max_pool2d,
)
from tinytf.contrib.layers.regularizers import (
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
)

__all__ = [
    "avg_pool2d",
    "conv2d",
    "conv2d_transpose",
    "convolution2d",
    "max_pool2d",
    "apply_regularization",
    "batch_norm",
    "flatten",
    "fully_connected",
    "l1_l2_regularizer",
    "l1_regularizer",
    "l2_regularizer",
    "sum_regularizer",
    "variance_scaling_initializer",
    "xavier_initializer",
    "xavier_initializer_conv2d",
]

__getattr__ = _unsupported_hook("tf.contrib.layers", globals())
