"""KernelBiasLayer: the kernel and bias settings Dense and the convolution layers share.

outputs = activation(transform(inputs, kernel) + bias): the settings of the two variables
(initializers, regularizers, constraints, `use_bias`), creating them in `build`, and the
bias and activation that end `call`.
"""

from __future__ import annotations

from tinytf.layers.base import Layer
from tinytf.ops import init_ops, nn_ops


class KernelBiasLayer(Layer):
    """A layer with a `kernel` and (if `use_bias`) a `bias`; the bias starts at zero."""

    def __init__(
        self,
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
        **kwargs,
    ):
        super().__init__(
            trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs
        )
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer or init_ops.zeros_initializer()
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel = None
        self.bias = None

    def _add_kernel(self, shape) -> None:
        self.kernel = self.add_weight(
            "kernel",
            shape=shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )

    def _add_bias(self, size: int) -> None:
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                shape=[size],
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def _bias_and_activation(self, outputs, data_format=None):
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format=data_format)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs
