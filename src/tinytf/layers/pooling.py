"""MaxPooling2D and AveragePooling2D layers, with TF 1.x's functional forms."""

from __future__ import annotations

from tinytf.layers.base import Layer
from tinytf.layers.conv_utils import data_format_name, padding_name, pair
from tinytf.ops import pooling_ops


class _Pooling2D(Layer):
    _pool = None

    def __init__(
        self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs
    ):
        super().__init__(name=name, **kwargs)
        self.pool_size = pair(pool_size, "pool_size")
        self.strides = pair(strides, "strides")
        self.padding = padding_name(padding)
        self.data_format = data_format
        self._format = data_format_name(data_format)

    def call(self, inputs):
        if self._format == "NCHW":
            ksize, strides = [1, 1, *self.pool_size], [1, 1, *self.strides]
        else:
            ksize, strides = [1, *self.pool_size, 1], [1, *self.strides, 1]
        return type(self)._pool(inputs, ksize, strides, self.padding, data_format=self._format)


class MaxPooling2D(_Pooling2D):
    """The maximum of each `pool_size` window, moved by `strides`."""

    _pool = staticmethod(pooling_ops.max_pool)


class AveragePooling2D(_Pooling2D):
    """The mean of each `pool_size` window, moved by `strides`."""

    _pool = staticmethod(pooling_ops.avg_pool)


def max_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Max pooling of 2-D images (op `max_pooling2d/MaxPool`)."""
    return MaxPooling2D(pool_size, strides, padding, data_format, name=name)(inputs)


def average_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Average pooling of 2-D images (op `average_pooling2d/AvgPool`)."""
    return AveragePooling2D(pool_size, strides, padding, data_format, name=name)(inputs)
