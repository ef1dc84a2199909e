"""Dense, Dropout and Flatten layers, each with TF 1.x's functional form."""

from __future__ import annotations

import numbers

import numpy as np

from tinytf.framework.tensor_shape import TensorShape
from tinytf.layers.base import Layer, functional_layer, static_training
from tinytf.layers.kernel_bias import KernelBiasLayer
from tinytf.ops import array_ops, control_flow_ops, math_ops, nn_impl


class Dense(KernelBiasLayer):
    """outputs = activation(inputs @ kernel + bias), variables `kernel` and `bias`.

    The kernel's initializer defaults to the variable scope's, else glorot_uniform; the
    bias starts at zero. Inputs of rank > 2 are multiplied along their last axis. After
    `units` come KernelBiasLayer's settings (activation, use_bias, kernel_initializer...).
    """

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = int(units)

    def build(self, input_shape) -> None:
        input_shape = TensorShape(input_shape)
        last = input_shape[-1].value if input_shape.ndims else None
        if last is None:
            raise ValueError(
                "The last dimension of the inputs to `Dense` should be defined. Found `None`."
            )
        self._add_kernel([last, self.units])
        self._add_bias(self.units)

    def call(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            outputs = math_ops.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        else:
            outputs = math_ops.matmul(inputs, self.kernel)
        return self._bias_and_activation(outputs)


def dense(
    inputs,
    units,
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=None,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A densely connected layer: creates `dense/kernel` and `dense/bias` (or `name/...`)."""
    return functional_layer(Dense, locals())


class Dropout(Layer):
    """Zeroes inputs with probability `rate` while training; the identity otherwise.

    `training` may be a bool tensor: then, as in TensorFlow, a tf.cond drops only while
    training (`dropout/cond/Merge`), keeping the static shape.
    """

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        if isinstance(rate, numbers.Real) and not 0 <= rate <= 1:
            raise ValueError(
                f"Invalid value {rate} received for `rate`, expected a value between 0 and 1."
            )
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def call(self, inputs, training=False):
        known = static_training(training)
        if known is False:
            return array_ops.identity(inputs)

        def dropped():
            return nn_impl.dropout(
                inputs, noise_shape=self.noise_shape, seed=self.seed, rate=self.rate
            )

        if known is None:
            return control_flow_ops.cond(training, dropped, lambda: array_ops.identity(inputs))
        return dropped()


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout of `inputs` when `training` (a bool or a bool tensor), else the identity."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer(inputs, training=training)


class Flatten(Layer):
    """Reshapes inputs to [batch, features], keeping the batch dimension."""

    def __init__(self, data_format="channels_last", name=None, **kwargs):
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"The `data_format` argument must be one of 'channels_first', "
                f"'channels_last'. Received: {data_format}"
            )
        super().__init__(name=name, **kwargs)
        self.data_format = data_format

    def call(self, inputs):
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 2:
            inputs = math_ops.transpose(inputs, [0, *range(2, rank), 1])
        dims = inputs.shape.as_tuple()
        if dims is not None and len(dims) > 1 and None not in dims[1:]:
            features = int(np.prod(dims[1:]))
            return array_ops.reshape(inputs, [dims[0] if dims[0] is not None else -1, features])
        batch = dims[0] if dims and dims[0] is not None else array_ops.shape(inputs)[0]
        return array_ops.reshape(inputs, [batch, -1])


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the first (batch) dimension of `inputs`."""
    return Flatten(data_format=data_format, name=name)(inputs)
