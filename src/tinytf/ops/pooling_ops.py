"""2-D pooling: MaxPool, AvgPool and their gradient ops, over strided views of the windows.

Each kernel loops over the window's taps (4 for a 2x2 pool), never over pixels: a tap's
cells for all outputs are one strided view, combined whole (maximum, sum) or added back
into the image by the backward ops. MaxPoolGrad routes a window's gradient to the first
of its maxima in row-major order, as TensorFlow's CPU kernel does.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import name_scope
from tinytf.framework.registry import RegisterGradient, register_fusion, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value_as_shape
from tinytf.ops import array_ops, shape_ops, windows
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import NUMBERS, check_dtype, create

_ATTR_NAMES = ("ksize", "strides", "padding", "data_format")


def _attrs(ksize, strides, padding, data_format) -> dict:
    data_format = windows.check_data_format(data_format)
    padding, explicit = windows.padding_attrs(padding, data_format)
    if explicit:
        raise NotImplementedError("tinytf's pooling takes padding 'SAME' or 'VALID'.")
    ksize = windows.four(ksize, data_format, "ksize")
    channel = 1 if data_format == "NCHW" else 3
    if ksize[0] != 1 or ksize[channel] != 1:
        raise ValueError("Pooling is not yet supported on the batch or depth dimension.")
    return {
        "ksize": ksize,
        "strides": windows.four(strides, data_format, "strides"),
        "padding": padding,
        "data_format": data_format,
    }


def max_pool(
    value=None, ksize=None, strides=None, padding=None, data_format="NHWC", name=None, input=None
):  # noqa: A002
    """The maximum of each `ksize` window of `value` [N, H, W, C], moved by `strides`."""
    value = input if value is None else value
    attrs = _attrs(ksize, strides, padding, data_format)
    with name_scope(name, "MaxPool", [value]) as scope:
        return create("MaxPool", [convert_to_tensor(value, name="input")], attrs, scope)


def avg_pool(
    value=None, ksize=None, strides=None, padding=None, data_format="NHWC", name=None, input=None
):  # noqa: A002
    """The mean of each window; "SAME" windows at the border average their valid cells."""
    value = input if value is None else value
    attrs = _attrs(ksize, strides, padding, data_format)
    with name_scope(name, "AvgPool", [value]) as scope:
        return create("AvgPool", [convert_to_tensor(value, name="value")], attrs, scope)


def _pool_infer(op_type):
    def infer(inputs, attrs):
        x = inputs[0]
        windows.check_rank4(op_type, [x])
        check_dtype(op_type, x, NUMBERS, "input")
        data_format = attrs["data_format"]
        batch, height, width, depth = windows.nhwc_dims(x.shape, data_format)
        try:
            window = _geometry((height, width), attrs, op_type)
        except windows.NegativeDimension as error:
            raise windows.negative_dimension_error(error, op_type, [x.shape]) from None
        return x.dtype, windows.shape_in([batch, *window.output, depth], data_format)

    return infer


def _geometry(image_hw, attrs, op_type=""):
    """The pooling window; a shape rule (`op_type` given) rejects an empty output."""
    data_format = attrs["data_format"]
    return windows.geometry(
        op_type,
        image_hw,
        windows.spatial(attrs["ksize"], data_format),
        attrs["strides"],
        [1, 1, 1, 1],
        attrs["padding"],
        [],
        data_format,
    )


def _lowest(dtype):
    return -np.inf if np.issubdtype(dtype, np.floating) else np.iinfo(dtype).min


def _tap_views(padded, window):
    """Each filter tap's [N, OH, OW, C] view of the padded image, in row-major order."""
    return [padded[:, rows, columns] for _, _, rows, columns in windows.taps(window)]


def _pooling_attrs(ksize, strides, padding, data_format):
    return {"ksize": ksize, "strides": strides, "padding": padding, "data_format": data_format}


def _padded_hw(image_hw, window):
    return tuple(image_hw[axis] + sum(window.pads[axis]) for axis in range(2))


@register_op("MaxPool", infer=_pool_infer("MaxPool"), fresh_outputs=True)
def _max_pool_kernel(x, ksize, strides, padding, data_format):
    attrs = _pooling_attrs(ksize, strides, padding, data_format)
    x = windows.to_nhwc(x, data_format)
    window = _geometry(x.shape[1:3], attrs)
    tiles = _tiles(x, window)
    if tiles is not None:
        return windows.from_nhwc(_tile_maxima(tiles), data_format)
    views = _tap_views(windows.pad_spatial(x, window.pads, _lowest(x.dtype)), window)
    return windows.from_nhwc(_maxima(views), data_format)


def _tile_maxima(tiles):
    """The maximum of each window of `tiles` [N, OH, KH, OW, KW, C]: first over its rows,
    whole image rows at a time (long contiguous runs), then over the columns left (1.5x
    faster than combining the KH * KW taps)."""
    batch, out_h, rows, out_w, columns, channels = tiles.shape
    image_rows = tiles.reshape(batch * out_h, rows, out_w * columns * channels)
    row_maxima = _maxima([image_rows[:, row] for row in range(rows)])
    row_maxima = row_maxima.reshape(batch, out_h, out_w, columns, channels)
    return _maxima([row_maxima[:, :, :, column] for column in range(columns)])


def _maxima(views):
    out = np.array(views[0])
    for view in views[1:]:
        np.maximum(out, view, out=out)
    return out


def _tiling(window) -> bool:
    return window.strides == window.kernel and window.pads == ((0, 0), (0, 0))


def _tiles(image, window):
    """`image` [N, H, W, C] as [N, OH, KH, OW, KW, C] windows, when they tile it: a pool
    whose strides equal its window (2x2, stride 2), without padding; else None. A VALID
    pool leaves out the last rows or columns that fill no window."""
    (kernel_h, kernel_w), (out_h, out_w) = window.kernel, window.output
    if not _tiling(window):
        return None
    batch, _, _, channels = image.shape
    covered = image[:, : out_h * kernel_h, : out_w * kernel_w]
    return covered.reshape(batch, out_h, kernel_h, out_w, kernel_w, channels)


def _tiling_taps(x, window):
    """Each tap's [N, OH, OW, C] cells as a contiguous copy when the windows tile `x`
    (`_tiles`), else None: comparing and combining whole contiguous arrays is 3-5x faster
    than doing it on strided views whose runs are only C values long."""
    tiles = _tiles(x, window)
    if tiles is None:
        return None
    rows, columns = window.kernel
    return [np.ascontiguousarray(tiles[:, :, r, :, c]) for r in range(rows) for c in range(columns)]


def _first_maxima(x, window):
    """Per filter tap, where it holds its window's first maximum (row-major): [N, OH, OW, C]
    booleans, the taps' cells and the maxima. A tie goes to the earlier tap, as in TensorFlow's CPU
    kernel."""
    views = _tiling_taps(x, window)
    if views is None:
        views = _tap_views(windows.pad_spatial(x, window.pads, _lowest(x.dtype)), window)
    maxima = _maxima(views)
    taken, masks = None, []
    for view in views:
        # Whole-array comparisons: 4x faster than tracking an argmax with masked copies.
        hit = view == maxima
        if taken is None:
            taken = hit.copy()
        else:
            np.greater(hit, taken, out=hit)  # hit and not taken
            taken |= hit
        masks.append(hit)
    return masks, views, maxima


@register_op("MaxPoolGrad", infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape))
def _max_pool_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding, data_format):
    attrs = _pooling_attrs(ksize, strides, padding, data_format)
    x = windows.to_nhwc(orig_input, data_format)
    grad = windows.to_nhwc(grad, data_format)
    return windows.from_nhwc(_routed_gradient(x, grad, attrs, relu=False), data_format)


def _routed_gradient(x, grad, attrs, relu):
    """Each window's gradient added into its first maximum of NHWC `x`; with `relu`, then
    multiplied by x > 0, as ReluGrad would (`x` being a Relu's output)."""
    window = _geometry(x.shape[1:3], attrs)
    shape = (x.shape[0], *_padded_hw(x.shape[1:3], window), x.shape[3])
    masks, _, maxima = _first_maxima(x, window)
    if _tiling(window):
        # Where a tap holds its window's maximum, x > 0 is maximum > 0 (ReluGrad's mask);
        # elsewhere the routed gradient is 0.0, which any mask leaves 0.0.
        positive = maxima > 0 if relu else None
        covered = [size * count for size, count in zip(window.kernel, window.output, strict=True)]
        # A VALID pool leaves out the last rows or columns when they fill no window.
        image = (np.empty if covered == list(shape[1:3]) else np.zeros)(shape, grad.dtype)
        tiles, columns = _tiles(image, window), window.kernel[1]
        for tap, mask in enumerate(masks):
            if relu:  # one pass over booleans instead of a second one over the shares
                np.logical_and(mask, positive, out=mask)
            # Each tap's share written in place: 2.4x faster than gathering the shares and
            # copying them into the image.
            np.multiply(grad, mask, out=tiles[:, :, tap // columns, :, tap % columns])
        image += 0  # -0.0 (a negative gradient times False) to 0.0, as TensorFlow's sum
        return image
    image = np.zeros(shape, grad.dtype)
    for mask, (_, _, rows, columns) in zip(masks, windows.taps(window), strict=True):
        image[:, rows, columns] += grad * mask
    image = windows.crop_padding(image, window)
    return np.multiply(image, x > 0) if relu else image


def _pool_grad_relu_applies(ops, others) -> bool:
    """ReluGrad of an NHWC pooling gradient (usually by the Relu output that was pooled)."""
    pool_grad, relu_grad = ops
    return (
        pool_grad.get_attr("data_format") == "NHWC" and relu_grad.inputs[0] is pool_grad.outputs[0]
    )


def _pool_grad_relu_kernel(length):
    def pool_grad_relu(orig_input, orig_output, grad, features, **attrs):
        if features is orig_input:
            return _routed_gradient(orig_input, grad, attrs, relu=True)
        return np.multiply(_routed_gradient(orig_input, grad, attrs, relu=False), features > 0)

    return pool_grad_relu


# The backward pass of conv, Relu, max pool: ReluGrad applied while the gradient is routed,
# to the pooled taps already copied, instead of one more pass over the whole image.
register_fusion(
    [("MaxPoolGrad",), ("ReluGrad",)],
    required=2,
    applies=_pool_grad_relu_applies,
    kernel=_pool_grad_relu_kernel,
)


@register_op("MaxPoolGradGrad", infer=lambda inputs, attrs: (inputs[1].dtype, inputs[1].shape))
def _max_pool_grad_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding, data_format):
    attrs = _pooling_attrs(ksize, strides, padding, data_format)
    x = windows.to_nhwc(orig_input, data_format)
    grad = windows.to_nhwc(grad, data_format)
    window = _geometry(x.shape[1:3], attrs)
    grad_views = _tap_views(windows.pad_spatial(grad, window.pads), window)
    picked = np.zeros(grad_views[0].shape, grad.dtype)
    for mask, view in zip(_first_maxima(x, window)[0], grad_views, strict=True):
        picked += view * mask
    return windows.from_nhwc(picked, data_format)


def _pool_op(op_type, inputs, op):
    return create(op_type, inputs, {key: op.get_attr(key) for key in _ATTR_NAMES}, op_type)


@RegisterGradient("MaxPool")
def _max_pool_grad(op, grad):
    return _pool_op("MaxPoolGrad", [op.inputs[0], op.outputs[0], grad], op)


@RegisterGradient("MaxPoolGrad")
def _max_pool_grad_grad(op, grad):
    orig_input, orig_output, _ = op.inputs
    return (
        array_ops.zeros_like(orig_input),
        array_ops.zeros_like(orig_output),
        _pool_op("MaxPoolGradGrad", [orig_input, orig_output, grad], op),
    )


@RegisterGradient("MaxPoolGradGrad")
def _max_pool_grad_grad_grad(op, grad):
    orig_input, orig_output, _ = op.inputs
    return (
        array_ops.zeros_like(orig_input),
        array_ops.zeros_like(orig_output),
        _pool_op("MaxPoolGrad", [orig_input, orig_output, grad], op),
    )


def _window_counts(image_hw, window):
    """How many cells of the unpadded image each window covers, [OH, OW]."""
    counts = []
    for axis in range(2):
        starts = np.arange(window.output[axis]) * window.strides[axis] - window.pads[axis][0]
        ends = np.minimum(starts + window.kernel[axis], image_hw[axis])
        counts.append(ends - np.maximum(starts, 0))
    return np.outer(counts[0], counts[1])


@register_op("AvgPool", infer=_pool_infer("AvgPool"))
def _avg_pool_kernel(value, ksize, strides, padding, data_format):
    attrs = _pooling_attrs(ksize, strides, padding, data_format)
    x = windows.to_nhwc(value, data_format)
    window = _geometry(x.shape[1:3], attrs)
    first, *others = _tap_views(windows.pad_spatial(x, window.pads), window)
    sums = first.copy()
    for view in others:
        sums += view
    counts = _window_counts(x.shape[1:3], window).astype(x.dtype)
    return windows.from_nhwc(sums / counts[:, :, None], data_format)


def _avg_pool_grad_infer(inputs, attrs):
    shape = constant_value_as_shape(inputs[0])
    return inputs[1].dtype, shape if shape.ndims is not None else TensorShape([None] * 4)


@register_op("AvgPoolGrad", infer=_avg_pool_grad_infer)
def _avg_pool_grad_kernel(orig_input_shape, grad, ksize, strides, padding, data_format):
    attrs = _pooling_attrs(ksize, strides, padding, data_format)
    grad = windows.to_nhwc(grad, data_format)
    _, height, width, _ = windows.nhwc_dims(TensorShape(list(orig_input_shape)), data_format)
    window = _geometry((height, width), attrs)
    counts = _window_counts((height, width), window).astype(grad.dtype)
    share = grad / counts[:, :, None]
    image = np.zeros((grad.shape[0], *_padded_hw((height, width), window), grad.shape[3]))
    image = image.astype(grad.dtype, copy=False)
    for _, _, rows, columns in windows.taps(window):
        image[:, rows, columns] += share
    return windows.from_nhwc(windows.crop_padding(image, window), data_format)


@RegisterGradient("AvgPool")
def _avg_pool_grad(op, grad):
    return _pool_op("AvgPoolGrad", [shape_ops.shape(op.inputs[0]), grad], op)


@RegisterGradient("AvgPoolGrad")
def _avg_pool_grad_grad(op, grad):
    return None, _pool_op("AvgPool", [grad], op)
