"""Convolutions built from the conv and pooling ops: conv2d_transpose, depthwise and
separable convolutions, atrous convolution and tf.nn.pool.

TensorFlow runs a dilated depthwise or atrous convolution as SpaceToBatchND, the
convolution and BatchToSpaceND; tinytf runs one op with `dilations` (same values, other
op names).
"""

from __future__ import annotations

from tinytf.framework.graph import Tensor, name_scope
from tinytf.ops import conv_ops, pooling_ops
from tinytf.ops.constant_op import convert_to_tensor


def conv2d_transpose(
    value=None,
    filter=None,  # noqa: A002
    output_shape=None,
    strides=None,
    padding="SAME",
    data_format="NHWC",
    name=None,
    input=None,  # noqa: A002
    filters=None,
    dilations=None,
) -> Tensor:
    """The transpose (gradient) of conv2d: `value` [N, H, W, O] spread by `filter`
    [KH, KW, C, O] into `output_shape` [N, H', W', C]."""
    value = input if value is None else value
    filter = filters if filter is None else filter  # noqa: A001
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        value = convert_to_tensor(value, name="value")
        filter = convert_to_tensor(filter, dtype=value.dtype, name="filter")  # noqa: A001
        channel = 1 if data_format == "NCHW" else 3
        depth, filter_out = value.shape[channel].value, filter.shape[3].value
        if depth is not None and filter_out is not None and depth != filter_out:
            raise ValueError(
                f"input channels does not match filter's input channels, {depth} != {filter_out}"
            )
        return conv_ops.conv2d_backprop_input(
            output_shape,
            filter,
            value,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilations=dilations,
            name=scope,
        )


def _dilations(rate, dilations):
    if rate is not None and dilations is not None:
        raise ValueError("rate and dilations cannot both be set")
    rate = dilations if rate is None else rate
    return [1, 1] if rate is None else list(rate)


def depthwise_conv2d(
    input,  # noqa: A002
    filter,  # noqa: A002
    strides,
    padding,
    rate=None,
    name=None,
    data_format=None,
    dilations=None,
) -> Tensor:
    """Each input channel convolved with its own `channel_multiplier` filters."""
    dilation = _dilations(rate, dilations)
    with name_scope(name, "depthwise", [input, filter]) as scope:
        return conv_ops.depthwise_conv2d_native(
            input,
            filter,
            strides,
            padding,
            data_format=data_format or "NHWC",
            dilations=dilation,
            name=scope,
        )


def separable_conv2d(
    input,  # noqa: A002
    depthwise_filter,
    pointwise_filter,
    strides,
    padding,
    rate=None,
    name=None,
    data_format=None,
    dilations=None,
) -> Tensor:
    """A depthwise convolution followed by a 1x1 convolution mixing the channels."""
    dilation = _dilations(rate, dilations)
    with name_scope(name, "separable_conv2d", [input, depthwise_filter, pointwise_filter]) as scope:
        depthwise = depthwise_conv2d(
            input,
            depthwise_filter,
            strides,
            padding,
            name="depthwise",
            data_format=data_format,
            dilations=dilation,
        )
        return conv_ops.conv2d(
            depthwise,
            pointwise_filter,
            [1, 1, 1, 1],
            "VALID",
            data_format=data_format or "NHWC",
            name=scope,
        )


def atrous_conv2d(value, filters, rate, padding, name=None) -> Tensor:
    """conv2d with the filter's taps `rate` pixels apart (a dilated convolution)."""
    if int(rate) < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    with name_scope(name, "convolution", [value, filters]) as scope:
        return conv_ops.conv2d(
            value, filters, [1, 1, 1, 1], padding, dilations=[1, rate, rate, 1], name=scope
        )


def convolution(
    input,  # noqa: A002
    filter,  # noqa: A002
    padding,
    strides=None,
    dilation_rate=None,
    name=None,
    data_format=None,
    filters=None,
    dilations=None,
) -> Tensor:
    """An N-D convolution; tinytf has the 2-D one (4-D input) only."""
    filter = filters if filter is None else filter  # noqa: A001
    with name_scope(name, "convolution", [input, filter]) as scope:
        input = convert_to_tensor(input, name="input")  # noqa: A001
        if input.shape.ndims not in (None, 4):
            raise NotImplementedError("tinytf's tf.nn.convolution convolves 2-D images only.")
        return conv_ops.conv2d(
            input,
            filter,
            list(strides or [1, 1]),
            padding,
            data_format=data_format or "NHWC",
            dilations=list(dilation_rate or dilations or [1, 1]),
            name=scope,
        )


def pool(
    input,  # noqa: A002
    window_shape,
    pooling_type,
    padding,
    dilation_rate=None,
    strides=None,
    name=None,
    data_format=None,
) -> Tensor:
    """2-D max or average pooling ("MAX" or "AVG"); dilated pooling is not supported."""
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"Invalid pooling_type: {pooling_type}")
    if len(window_shape) != 2:
        raise NotImplementedError("tinytf's tf.nn.pool pools 2-D images only.")
    if dilation_rate is not None and any(int(rate) != 1 for rate in dilation_rate):
        raise NotImplementedError("tinytf's tf.nn.pool has no dilation_rate.")
    build = pooling_ops.max_pool if pooling_type == "MAX" else pooling_ops.avg_pool
    with name_scope(name, f"{pooling_type.lower()}_pool", [input]) as scope:
        return build(
            input,
            list(window_shape),
            list(strides or [1, 1]),
            padding,
            data_format=data_format or "NHWC",
            name=scope,
        )
