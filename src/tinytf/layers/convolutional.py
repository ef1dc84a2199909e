"""Conv2D, Conv2DTranspose and SeparableConv2D layers, each with TF 1.x's functional form.

Variables are TensorFlow's (`conv2d/kernel`, `conv2d/bias`; `separable_conv2d/
depthwise_kernel` and `pointwise_kernel`), so checkpoints interoperate.
"""

from __future__ import annotations

from tinytf.framework.tensor_shape import TensorShape
from tinytf.layers.base import functional_layer
from tinytf.layers.conv_utils import (
    data_format_name,
    padding_name,
    pair,
    transposed_output_shape,
)
from tinytf.layers.kernel_bias import KernelBiasLayer
from tinytf.ops import conv_impl, conv_ops


class Conv2D(KernelBiasLayer):
    """outputs = activation(conv2d(inputs, kernel) + bias); kernel [KH, KW, in, filters].

    After `dilation_rate` come KernelBiasLayer's settings (activation, use_bias...).
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1),
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.filters = int(filters)
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.strides = pair(strides, "strides")
        self.padding = padding_name(padding)
        self.data_format = data_format
        self._format = data_format_name(data_format)
        self.dilation_rate = pair(dilation_rate, "dilation_rate")

    def _input_depth(self, input_shape) -> int:
        input_shape = TensorShape(input_shape)
        if input_shape.ndims != 4:
            raise ValueError(
                f"Input 0 of layer {self.name} is incompatible with the layer: expected "
                f"ndim=4, found ndim={input_shape.ndims}. Full shape received: {input_shape}"
            )
        depth = input_shape[1 if self._format == "NCHW" else -1].value
        if depth is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return depth

    def _kernel_shape(self, depth):
        return [*self.kernel_size, depth, self.filters]

    def build(self, input_shape) -> None:
        self._add_kernel(self._kernel_shape(self._input_depth(input_shape)))
        self._add_bias(self.filters)

    def _convolve(self, inputs):
        return conv_ops.conv2d(
            inputs,
            self.kernel,
            list(self.strides),
            self.padding,
            data_format=self._format,
            dilations=list(self.dilation_rate),
        )

    def call(self, inputs):
        return self._bias_and_activation(self._convolve(inputs), data_format=self._format)


class Conv2DTranspose(Conv2D):
    """The transpose of Conv2D (a "deconvolution"); kernel [KH, KW, filters, in]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, **kwargs)

    def _kernel_shape(self, depth):
        return [*self.kernel_size, self.filters, depth]

    def _convolve(self, inputs):
        output_shape, static_shape = transposed_output_shape(
            inputs,
            self.filters,
            self.kernel_size,
            self.strides,
            self.padding,
            self._format,
            "Conv2DTranspose",
        )
        outputs = conv_impl.conv2d_transpose(
            inputs,
            self.kernel,
            output_shape,
            list(self.strides),
            padding=self.padding,
            data_format=self._format,
        )
        outputs.set_shape(static_shape)
        return outputs


class SeparableConv2D(Conv2D):
    """A depthwise convolution (`depth_multiplier` filters per channel), then a 1x1 one."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1),
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer=None,
        pointwise_initializer=None,
        bias_initializer=None,
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            trainable=trainable,
            name=name,
            **kwargs,
        )
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint
        self.depthwise_kernel = None
        self.pointwise_kernel = None

    def build(self, input_shape) -> None:
        depth = self._input_depth(input_shape)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            shape=[*self.kernel_size, depth, self.depth_multiplier],
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            shape=[1, 1, depth * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self._add_bias(self.filters)

    def _convolve(self, inputs):
        strides = [1, 1, *self.strides] if self._format == "NCHW" else [1, *self.strides, 1]
        return conv_impl.separable_conv2d(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            strides,
            self.padding,
            dilations=list(self.dilation_rate),
            data_format=self._format,
        )


def conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
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
    """A 2-D convolution layer: creates `conv2d/kernel` and `conv2d/bias` (or `name/...`)."""
    return functional_layer(Conv2D, locals())


def conv2d_transpose(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
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
    """A transposed 2-D convolution layer (`conv2d_transpose/kernel`, `.../bias`)."""
    return functional_layer(Conv2DTranspose, locals())


def separable_conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
    depth_multiplier=1,
    activation=None,
    use_bias=True,
    depthwise_initializer=None,
    pointwise_initializer=None,
    bias_initializer=None,
    depthwise_regularizer=None,
    pointwise_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    depthwise_constraint=None,
    pointwise_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A depthwise-separable 2-D convolution layer (`separable_conv2d/depthwise_kernel`...)."""
    return functional_layer(SeparableConv2D, locals())
