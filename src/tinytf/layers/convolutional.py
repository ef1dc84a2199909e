"""Conv2D, Conv2DTranspose and SeparableConv2D layers, each with TF 1.x's functional form.

Variables are TensorFlow's (`conv2d/kernel`, `conv2d/bias`; `separable_conv2d/
depthwise_kernel` and `pointwise_kernel`), so checkpoints interoperate.
"""

from __future__ import annotations

from tinytf.framework.tensor_shape import TensorShape
from tinytf.layers.base import Layer
from tinytf.ops import array_ops, conv_impl, conv_ops, init_ops, nn_ops, shape_ops


def pair(value, name) -> tuple[int, int]:
    """An int or a pair of ints as a pair (kernel_size, strides, dilation_rate...)."""
    values = (value, value) if isinstance(value, int) else tuple(int(v) for v in value)
    if len(values) != 2:
        raise ValueError(f"The `{name}` argument must be a tuple of 2 integers. Received: {value}")
    return values


def padding_name(padding: str) -> str:
    if str(padding).lower() not in ("same", "valid"):
        raise ValueError(
            f"The `padding` argument must be a list/tuple or one of "
            f'"valid", "same" (or "causal", only for `Conv1D). Received: {padding}'
        )
    return padding.upper()


def data_format_name(data_format: str) -> str:
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "The `data_format` argument must be one of 'channels_first', "
            f"'channels_last'. Received: {data_format}"
        )
    return "NCHW" if data_format == "channels_first" else "NHWC"


class Conv2D(Layer):
    """outputs = activation(conv2d(inputs, kernel) + bias); kernel [KH, KW, in, filters]."""

    def __init__(
        self,
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
        **kwargs,
    ):
        super().__init__(
            trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs
        )
        self.filters = int(filters)
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.strides = pair(strides, "strides")
        self.padding = padding_name(padding)
        self.data_format = data_format
        self._format = data_format_name(data_format)
        self.dilation_rate = pair(dilation_rate, "dilation_rate")
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
        depth = self._input_depth(input_shape)
        self.kernel = self.add_weight(
            "kernel",
            shape=self._kernel_shape(depth),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._add_bias()

    def _add_bias(self) -> None:
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                shape=[self.filters],
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

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
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format=self._format)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs


def _transposed_size(size, kernel, stride, padding):
    if size is None:
        return None
    return size * stride if padding == "SAME" else size * stride + max(kernel - stride, 0)


class Conv2DTranspose(Conv2D):
    """The transpose of Conv2D (a "deconvolution"); kernel [KH, KW, filters, in]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, **kwargs)

    def _kernel_shape(self, depth):
        return [*self.kernel_size, self.filters, depth]

    def _convolve(self, inputs):
        channels_first = self._format == "NCHW"
        height_axis = 2 if channels_first else 1
        dims = inputs.shape.as_tuple()
        batch = array_ops.strided_slice(shape_ops.shape(inputs), [0], [1], shrink_axis_mask=1)
        sizes = [
            _transposed_size(
                dims[height_axis + axis], self.kernel_size[axis], self.strides[axis], self.padding
            )
            for axis in range(2)
        ]
        if None in sizes:
            raise NotImplementedError(
                "tinytf's Conv2DTranspose needs the input's height and width when the graph "
                "is built."
            )
        output_shape = array_ops.stack(
            [batch, self.filters, *sizes] if channels_first else [batch, *sizes, self.filters]
        )
        outputs = conv_impl.conv2d_transpose(
            inputs,
            self.kernel,
            output_shape,
            list(self.strides),
            padding=self.padding,
            data_format=self._format,
        )
        # The batch size is only known as a tensor here; TensorFlow keeps the static one.
        static = (
            [dims[0], self.filters, *sizes] if channels_first else [dims[0], *sizes, self.filters]
        )
        outputs.set_shape(static)
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
        self._add_bias()

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


def _functional(layer_class, inputs, name, reuse, *args, **kwargs):
    layer = layer_class(*args, name=name, _scope=name, _reuse=reuse, **kwargs)
    return layer(inputs)


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
    return _functional(
        Conv2D,
        inputs,
        name,
        reuse,
        filters,
        kernel_size,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
        activation=activation,
        use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint,
        bias_constraint=bias_constraint,
        trainable=trainable,
    )


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
    return _functional(
        Conv2DTranspose,
        inputs,
        name,
        reuse,
        filters,
        kernel_size,
        strides=strides,
        padding=padding,
        data_format=data_format,
        activation=activation,
        use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint,
        bias_constraint=bias_constraint,
        trainable=trainable,
    )


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
    return _functional(
        SeparableConv2D,
        inputs,
        name,
        reuse,
        filters,
        kernel_size,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
        depth_multiplier=depth_multiplier,
        activation=activation,
        use_bias=use_bias,
        depthwise_initializer=depthwise_initializer,
        pointwise_initializer=pointwise_initializer,
        bias_initializer=bias_initializer,
        depthwise_regularizer=depthwise_regularizer,
        pointwise_regularizer=pointwise_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        depthwise_constraint=depthwise_constraint,
        pointwise_constraint=pointwise_constraint,
        bias_constraint=bias_constraint,
        trainable=trainable,
    )
