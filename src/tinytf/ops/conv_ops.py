"""2-D convolutions: Conv2D, DepthwiseConv2dNative and their backprop ops, as TensorFlow's.

Every kernel is one matrix product next to a strided view of the image's windows: a
convolution multiplies the windows (copied once as an im2col matrix) by the filter, the
filter's backprop multiplies them by the output gradient, and the input's backprop
multiplies the output gradient by each filter tap and adds that share back into the
image (col2im: one product and one strided addition per tap, none per pixel). A depthwise
convolution is the same
product batched over the input channels (groups).

The gradients are the ops themselves, so second-order gradients need no extra code.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, shape_text
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value_as_shape
from tinytf.ops import conv_fusion, shape_ops, windows  # noqa: F401 - conv_fusion registers
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import FLOATS, check_dtype, create

_CONV_DTYPES = (*FLOATS, dtypes.int32)


def _attrs(strides, padding, data_format, dilations) -> dict:
    data_format = windows.check_data_format(data_format)
    padding, explicit = windows.padding_attrs(padding, data_format)
    return {
        "strides": windows.four(strides, data_format, "strides"),
        "padding": padding,
        "explicit_paddings": explicit,
        "data_format": data_format,
        "dilations": windows.four(dilations or 1, data_format, "dilations"),
    }


def _same_attrs(op) -> dict:
    return {key: op.get_attr(key) for key in _ATTR_NAMES}


_ATTR_NAMES = ("strides", "padding", "explicit_paddings", "data_format", "dilations")


def conv2d(
    input,  # noqa: A002
    filter=None,  # noqa: A002
    strides=None,
    padding=None,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
    filters=None,
) -> Tensor:
    """A 2-D convolution (cross-correlation) of `input` [N, H, W, C] with `filter`
    [KH, KW, C, O]; padding "SAME", "VALID" or explicit [[0, 0], [t, b], [l, r], [0, 0]]."""
    filter = filters if filter is None else filter  # noqa: A001
    attrs = _attrs(strides, padding, data_format, dilations)
    return _convolution("Conv2D", input, filter, attrs, name)


def conv2d_backprop_input(
    input_sizes,
    filter=None,  # noqa: A002
    out_backprop=None,
    strides=None,
    padding=None,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
    filters=None,
) -> Tensor:
    """The gradient of conv2d with respect to its input, of shape `input_sizes`."""
    filter = filters if filter is None else filter  # noqa: A001
    attrs = _attrs(strides, padding, data_format, dilations)
    return _backprop_input("Conv2DBackpropInput", input_sizes, filter, out_backprop, attrs, name)


def conv2d_backprop_filter(
    input,  # noqa: A002
    filter_sizes,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
) -> Tensor:
    """The gradient of conv2d with respect to its filter, of shape `filter_sizes`."""
    attrs = _attrs(strides, padding, data_format, dilations)
    return _backprop_filter("Conv2DBackpropFilter", input, filter_sizes, out_backprop, attrs, name)


def depthwise_conv2d_native(
    input,  # noqa: A002
    filter,  # noqa: A002
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
) -> Tensor:
    """Each input channel convolved with its own M filters [KH, KW, C, M]: C * M outputs."""
    attrs = _attrs(strides, padding, data_format, dilations)
    return _convolution("DepthwiseConv2dNative", input, filter, attrs, name)


def depthwise_conv2d_native_backprop_input(
    input_sizes,
    filter,  # noqa: A002
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
) -> Tensor:
    attrs = _attrs(strides, padding, data_format, dilations)
    op_type = "DepthwiseConv2dNativeBackpropInput"
    return _backprop_input(op_type, input_sizes, filter, out_backprop, attrs, name)


def depthwise_conv2d_native_backprop_filter(
    input,  # noqa: A002
    filter_sizes,
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
) -> Tensor:
    attrs = _attrs(strides, padding, data_format, dilations)
    op_type = "DepthwiseConv2dNativeBackpropFilter"
    return _backprop_filter(op_type, input, filter_sizes, out_backprop, attrs, name)


def _convolution(op_type, input, filter, attrs, name):  # noqa: A002
    with name_scope(name, op_type, [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        w = convert_to_tensor(filter, dtype=x.dtype, name="filter")
        return create(op_type, [x, w], attrs, scope)


def _backprop_input(op_type, input_sizes, filter, out_backprop, attrs, name):  # noqa: A002
    with name_scope(name, op_type, [input_sizes, filter, out_backprop]) as scope:
        sizes = convert_to_tensor(input_sizes, dtype=dtypes.int32, name="input_sizes")
        w = convert_to_tensor(filter, name="filter")
        grad = convert_to_tensor(out_backprop, dtype=w.dtype, name="out_backprop")
        return create(op_type, [sizes, w, grad], attrs, scope)


def _backprop_filter(op_type, input, filter_sizes, out_backprop, attrs, name):  # noqa: A002
    with name_scope(name, op_type, [input, filter_sizes, out_backprop]) as scope:
        x = convert_to_tensor(input, name="input")
        sizes = convert_to_tensor(filter_sizes, dtype=dtypes.int32, name="filter_sizes")
        grad = convert_to_tensor(out_backprop, dtype=x.dtype, name="out_backprop")
        return create(op_type, [x, sizes, grad], attrs, scope)


def _output_dims(op_type, x_dims, filter_dims, attrs, shapes, depthwise):
    """NHWC output dims of a convolution of `x_dims` (NHWC) by `filter_dims`."""
    batch, height, width, depth = x_dims
    kernel_h, kernel_w, filter_depth, out_depth = filter_dims
    if depth is not None and filter_depth is not None and depth != filter_depth:
        relation = "is not a multiple of input depth of filter"
        if depthwise:
            relation = "must be equal to input depth of filter"
        raise ValueError(
            f"Depth of input ({depth}) {relation} ({filter_depth}) for '{op_type}' "
            f"with input shapes: {', '.join(shapes)}."
        )
    try:
        window = windows.geometry(
            op_type,
            (height, width),
            (kernel_h, kernel_w),
            attrs["strides"],
            attrs["dilations"],
            attrs["padding"],
            attrs["explicit_paddings"],
            attrs["data_format"],
        )
    except windows.NegativeDimension as error:
        raise ValueError(
            f"{error} for '{op_type}' with input shapes: {', '.join(shapes)}."
        ) from None
    if depthwise:
        depth = filter_depth if depth is None else depth
        out_depth = None if depth is None or out_depth is None else depth * out_depth
    return [batch, *window.output, out_depth]


def _conv_infer(op_type, depthwise):
    def infer(inputs, attrs):
        x, w = inputs
        windows.check_rank4(op_type, inputs)
        check_dtype(op_type, x, _CONV_DTYPES, "input")
        data_format = attrs["data_format"]
        filter_dims = list(w.shape.as_tuple() or (None,) * 4)
        shapes = [shape_text.dims_text(t.shape) for t in inputs]
        x_dims = windows.nhwc_dims(x.shape, data_format)
        dims = _output_dims(op_type, x_dims, filter_dims, attrs, shapes, depthwise)
        return x.dtype, windows.shape_in(dims, data_format)

    return infer


def _sized_infer(sizes_index, dtype_index):
    """The output of a backprop op has the shape its `*_sizes` input holds."""

    def infer(inputs, attrs):
        shape = constant_value_as_shape(inputs[sizes_index])
        return inputs[dtype_index].dtype, shape if shape.ndims is not None else TensorShape(
            [None] * 4
        )

    return infer


def _window(image_hw, kernel_hw, attrs_data):
    strides, padding, explicit, data_format, dilations = attrs_data
    return windows.geometry(
        "", image_hw, kernel_hw, strides, dilations, padding, explicit, data_format
    )


def _grouped_conv(x, grouped_filter, window):
    """NHWC `x` convolved by filters [G, KH, KW, C/G, O/G] -> [N, OH, OW, O]."""
    groups = grouped_filter.shape[0]
    columns = windows.convolution_patches(x, window, groups)
    if groups == 1:
        conv_fusion.offer_patches(x.shape, window, columns)
    weights = grouped_filter.reshape(groups, -1, grouped_filter.shape[-1])
    if windows.tap_major(x, groups):
        out = columns.T @ weights[0]
    elif groups == 1:
        out = columns[0] @ weights[0]
    else:
        out = np.matmul(columns, weights).transpose(1, 0, 2)
    return out.reshape(x.shape[0], *window.output, -1)


def _grouped_filter_grad(x, grad, window, groups, patches=None):
    """d loss / d filters [G, KH*KW*C/G, O/G] from NHWC input `x` and output gradient;
    `patches` may hold the forward convolution's (conv_fusion.offer_patches)."""
    columns = conv_fusion.patches_for(patches, x.shape, window)
    if columns is None:
        columns = windows.convolution_patches(x, window, groups)
    grad = grad.reshape(-1, groups, grad.shape[-1] // groups)
    if windows.tap_major(x, groups):
        return (columns @ grad[:, 0])[None]
    if groups == 1:
        return (columns[0].T @ grad[:, 0])[None]
    return np.matmul(columns.transpose(0, 2, 1), grad.transpose(1, 0, 2))


def _grouped_input_grad(input_hw, grouped_filter, grad, window):
    """d loss / d input [N, H, W, C] from the output gradient (NHWC): each window's share
    (gradient times filter) added back into the image (col2im)."""
    groups, kernel_h, kernel_w, group_depth, group_out = grouped_filter.shape
    batch, out_h, out_w, _ = grad.shape
    padded_hw = tuple(input_hw[axis] + sum(window.pads[axis]) for axis in range(2))
    if groups == 1:
        # One product per filter tap, added as it comes: each share is contiguous, so the
        # additions run over whole image rows (about 2x faster than slicing one product).
        image = np.zeros((batch, *padded_hw, group_depth), grad.dtype)
        rows_of_grad = grad.reshape(-1, group_out)
        for row, column, rows, columns in windows.taps(window):
            share = rows_of_grad @ grouped_filter[0, row, column].T
            image[:, rows, columns] += share.reshape(batch, out_h, out_w, group_depth)
        return windows.crop_padding(image, window)
    weights = grouped_filter.reshape(groups, -1, group_out)
    per_group = grad.reshape(-1, groups, group_out).transpose(1, 0, 2)
    shares = np.matmul(per_group, weights.transpose(0, 2, 1))
    shares = shares.reshape(groups, batch, out_h, out_w, kernel_h, kernel_w, group_depth)
    shares = shares.transpose(1, 2, 3, 4, 5, 0, 6).reshape(
        batch, out_h, out_w, kernel_h, kernel_w, groups * group_depth
    )
    image = windows.scatter_windows(shares, padded_hw, window)
    return windows.crop_padding(image, window)


def _conv_groups(w, depthwise):
    """A filter as [G, KH, KW, C/G, O/G]: one group, or one per input channel."""
    return w.transpose(2, 0, 1, 3)[:, :, :, None, :] if depthwise else w[None]


def _filter_from_groups(grads, kernel_hw, depthwise):
    kernel_h, kernel_w = kernel_hw
    if depthwise:
        groups, _, multiplier = grads.shape
        return grads.reshape(groups, kernel_h, kernel_w, multiplier).transpose(1, 2, 0, 3)
    return grads[0].reshape(kernel_h, kernel_w, -1, grads.shape[-1])


def _register_kernels(op_type, depthwise):
    def forward(x, w, strides, padding, explicit_paddings, data_format, dilations):
        attrs = (strides, padding, explicit_paddings, data_format, dilations)
        x = windows.to_nhwc(x, data_format)
        window = _window(x.shape[1:3], w.shape[:2], attrs)
        out = _grouped_conv(x, _conv_groups(w, depthwise), window)
        return windows.from_nhwc(out, data_format)

    def input_grad(sizes, w, grad, strides, padding, explicit_paddings, data_format, dilations):
        attrs = (strides, padding, explicit_paddings, data_format, dilations)
        batch, height, width, _ = windows.nhwc_dims(TensorShape(list(sizes)), data_format)
        grad = windows.to_nhwc(grad, data_format)
        window = _window((height, width), w.shape[:2], attrs)
        out = _grouped_input_grad((height, width), _conv_groups(w, depthwise), grad, window)
        return windows.from_nhwc(out, data_format)

    def filter_grad(
        x, sizes, grad, strides, padding, explicit_paddings, data_format, dilations, patches=None
    ):
        attrs = (strides, padding, explicit_paddings, data_format, dilations)
        x, grad = windows.to_nhwc(x, data_format), windows.to_nhwc(grad, data_format)
        window = _window(x.shape[1:3], tuple(sizes[:2]), attrs)
        groups = x.shape[3] if depthwise else 1
        grads = _grouped_filter_grad(x, grad, window, groups, patches)
        return _filter_from_groups(grads, tuple(sizes[:2]), depthwise)

    register_op(op_type, infer=_conv_infer(op_type, depthwise))(forward)
    register_op(op_type + "BackpropInput", infer=_sized_infer(0, 1))(input_grad)
    register_op(op_type + "BackpropFilter", infer=_sized_infer(1, 0))(filter_grad)


_register_kernels("Conv2D", depthwise=False)
_register_kernels("DepthwiseConv2dNative", depthwise=True)


def _register_gradients(op_type):
    # The three ops of each family (the op, its input and filter backprops) are each
    # other's gradients.
    def make(kind, inputs, op):
        return create(op_type + kind, inputs, _same_attrs(op), op_type + kind)

    @RegisterGradient(op_type)
    def _forward_grad(op, grad):
        x, w = op.inputs
        return (
            make("BackpropInput", [shape_ops.shape(x), w, grad], op),
            make("BackpropFilter", [x, shape_ops.shape(w), grad], op),
        )

    @RegisterGradient(op_type + "BackpropInput")
    def _input_grad_grad(op, grad):
        _, w, out_backprop = op.inputs
        return (
            None,
            make("BackpropFilter", [grad, shape_ops.shape(w), out_backprop], op),
            make("", [grad, w], op),
        )

    @RegisterGradient(op_type + "BackpropFilter")
    def _filter_grad_grad(op, grad):
        x, _, out_backprop = op.inputs
        return (
            make("BackpropInput", [shape_ops.shape(x), grad, out_backprop], op),
            None,
            make("", [x, grad], op),
        )


_register_gradients("Conv2D")
_register_gradients("DepthwiseConv2dNative")
