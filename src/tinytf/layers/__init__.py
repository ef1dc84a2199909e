"""`tf.layers`: TF 1.x's layers and their functional forms (dense, batch_normalization...)."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.layers.base import Layer
from tinytf.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from tinytf.layers.normalization import BatchNormalization, batch_normalization

__all__ = [
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
