"""`tf.layers`: TF 1.x's layers and their functional forms (dense, batch_normalization...)."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.layers.base import Layer
from tinytf.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from tinytf.layers.normalization import BatchNormalization, batch_normalization
from tinytf.layers.convolutional import (
    Conv2D,
    Conv2DTranspose,
    SeparableConv2D,
    conv2d,
    conv2d_transpose,
    separable_conv2d,
)
from tinytf.layers.pooling import (
    AveragePooling2D,
    MaxPooling2D,
    average_pooling2d,
    max_pooling2d,
)

__all__ = [
    "AveragePooling2D",
    "Conv2D",
    "Conv2DTranspose",
    "MaxPooling2D",
    "SeparableConv2D",
    "average_pooling2d",
    "conv2d",
    "conv2d_transpose",
    "max_pooling2d",
    "separable_conv2d",
    "BatchNormalization",
    "Dense",
    "Dropout",
    "Flatten",
    "Layer",
    "batch_normalization",
    "dense",
    "dropout",
    "flatten",
]

__getattr__ = _unsupported_hook("tf.layers", globals())
