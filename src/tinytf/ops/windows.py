"""Sliding windows over images: TensorFlow's output sizes and paddings, attribute checks,
and patches as strided views, shared by the convolution and pooling ops.

Kernels work on NHWC arrays; an NCHW op transposes its input in and its output back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tinytf.framework.shape_text import dims_text, rank_required, shapes_text
from tinytf.framework.tensor_shape import TensorShape

PADDINGS = ("SAME", "VALID", "EXPLICIT")
DATA_FORMATS = ("NHWC", "NCHW")


def spatial(values, data_format: str) -> tuple[int, int]:
    """The (height, width) entries of a 4-element attribute in `data_format`'s order."""
    return (values[2], values[3]) if data_format == "NCHW" else (values[1], values[2])


def four(values, data_format: str, name: str) -> list[int]:
    """TF 1.x's expansion of strides/dilations/ksize given as 1, 2 or 4 numbers."""
    if isinstance(values, (int, np.integer)):
        values = [values]
    values = [int(v) for v in values]
    if len(values) == 1:
        values = values * 2
    if len(values) == 2:
        return [1, 1, *values] if data_format == "NCHW" else [1, *values, 1]
    if len(values) == 4:
        return values
    raise ValueError(
        f"{name} should be of length 1, 2 or 4. Received: {name}={values} of length {len(values)}"
    )


def padding_attrs(padding, data_format: str) -> tuple[str, list[int]]:
    """(padding, explicit_paddings) attributes: a string, or 4 [before, after] pairs."""
    if isinstance(padding, (list, tuple)):
        pairs = [list(pair) for pair in padding]
        if len(pairs) != 4 or any(len(pair) != 2 for pair in pairs):
            raise ValueError(
                f"When padding is a list, it should be of length 4 with [before, after] pairs; "
                f"received padding={padding}"
            )
        batch, channels = (0, 1) if data_format == "NCHW" else (0, 3)
        if any(pairs[batch]) or any(pairs[channels]):
            raise ValueError(
                f'"padding" of the batch and channel dimensions must be 0; received {padding}'
            )
        return "EXPLICIT", [int(v) for pair in pairs for v in pair]
    if isinstance(padding, bytes):
        padding = padding.decode()
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be one of SAME, VALID; received: {padding!r}")
    return padding, []


def check_data_format(data_format) -> str:
    data_format = data_format or "NHWC"
    if data_format not in DATA_FORMATS:
        raise ValueError(f"Invalid data format: {data_format}")
    return data_format


@dataclass(frozen=True)
class Geometry:
    """One spatial axis pair's window: kernel size, stride, dilation and padding."""

    kernel: tuple[int, int]
    strides: tuple[int, int]
    dilations: tuple[int, int]
    pads: tuple[tuple[int, int], tuple[int, int]]
    output: tuple[int, int]


def output_size(size, kernel, stride, dilation, padding, pads=(0, 0)):
    """(output size, pad before, pad after) along one axis, as TF computes them."""
    effective = (kernel - 1) * dilation + 1
    if size is None:
        return None, 0, 0
    if padding == "VALID":
        return (size - effective) // stride + 1, 0, 0
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + effective - size, 0)
        return out, total // 2, total - total // 2
    before, after = pads
    return (size + before + after - effective) // stride + 1, before, after


def geometry(op_type, input_hw, kernel_hw, strides, dilations, padding, explicit, data_format):
    """The window of an op on NHWC spatial sizes `input_hw` (a None size stays unknown).

    Shape rules name their `op_type` and get an error for an empty output; kernels pass ""
    and get an empty window, as TensorFlow's kernels do.
    """
    strides = spatial(strides, data_format)
    dilations = spatial(dilations, data_format)
    explicit = [explicit[i : i + 2] for i in range(0, len(explicit), 2)]
    axis_pads = spatial(explicit, data_format) if explicit else ((0, 0), (0, 0))
    results = []
    for axis in range(2):
        size, kernel = input_hw[axis], kernel_hw[axis]
        out, before, after = output_size(
            size, kernel, strides[axis], dilations[axis], padding, axis_pads[axis]
        )
        if out is not None and out < 1:
            # The shape rule rejects an empty output, TensorFlow's kernels return one.
            if op_type:
                raise NegativeDimension((kernel - 1) * dilations[axis] + 1, size + before + after)
            out = 0
        results.append((out, before, after))
    return Geometry(
        tuple(kernel_hw),
        tuple(strides),
        tuple(dilations),
        ((results[0][1], results[0][2]), (results[1][1], results[1][2])),
        (results[0][0], results[1][0]),
    )


class NegativeDimension(ValueError):
    """A window larger than its padded input; shape rules add the op and shapes."""

    def __init__(self, kernel, size):
        super().__init__(f"Negative dimension size caused by subtracting {kernel} from {size}")


def negative_dimension_error(error, op_type, shapes) -> ValueError:
    listed = ", ".join(dims_text(shape) for shape in shapes)
    return ValueError(f"{error} for '{op_type}' with input shapes: {listed}.")


def check_rank4(op_type, tensors) -> None:
    for tensor in tensors:
        rank = tensor.shape.ndims
        if rank is not None and rank != 4:
            raise ValueError(
                f"{rank_required(4, rank)} for '{op_type}' with input shapes: "
                f"{shapes_text(tensors)}."
            )


def nhwc_dims(shape: TensorShape, data_format: str) -> list:
    """[N, H, W, C] of a rank-4 (or unknown) static shape in `data_format`."""
    dims = shape.as_tuple()
    if dims is None:
        return [None] * 4
    return [dims[0], dims[2], dims[3], dims[1]] if data_format == "NCHW" else list(dims)


def shape_in(dims_nhwc, data_format: str) -> TensorShape:
    n, h, w, c = dims_nhwc
    return TensorShape([n, c, h, w] if data_format == "NCHW" else [n, h, w, c])


def to_nhwc(x: np.ndarray, data_format: str) -> np.ndarray:
    return x.transpose(0, 2, 3, 1) if data_format == "NCHW" else x


def from_nhwc(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if data_format == "NCHW" else x


def pad_spatial(x: np.ndarray, pads, value=0) -> np.ndarray:
    """`x` (NHWC) padded by `pads` ((top, bottom), (left, right)); negative amounts crop."""
    (top, bottom), (left, right) = pads
    if min(top, bottom, left, right) < 0:
        height, width = x.shape[1:3]
        x = x[:, max(-top, 0) : height - max(-bottom, 0), max(-left, 0) : width - max(-right, 0)]
        top, bottom, left, right = (max(p, 0) for p in (top, bottom, left, right))
    if not (top or bottom or left or right):
        return x
    out = np.full(
        (x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3]),
        value,
        dtype=x.dtype,
    )
    out[:, top : top + x.shape[1], left : left + x.shape[2]] = x
    return out


def patches(padded: np.ndarray, window: Geometry) -> np.ndarray:
    """A read-only view [N, OH, OW, KH, KW, C] of the windows of a padded NHWC array."""
    batch, _, _, channels = padded.shape
    s_n, s_h, s_w, s_c = padded.strides
    (stride_h, stride_w), (dilation_h, dilation_w) = window.strides, window.dilations
    return np.lib.stride_tricks.as_strided(
        padded,
        (batch, *window.output, *window.kernel, channels),
        (s_n, s_h * stride_h, s_w * stride_w, s_h * dilation_h, s_w * dilation_w, s_c),
        writeable=False,
    )


def patch_matrix(padded: np.ndarray, window: Geometry) -> np.ndarray:
    """The windows as an [N*OH*OW, KH*KW*C] matrix (im2col), in one copy.

    Without a width dilation a window row (KW pixels of C channels) is one contiguous run
    of the image, so the copy moves runs of KW*C values instead of C (2-4x faster).
    """
    batch, _, _, channels = padded.shape
    kernel_h, kernel_w = window.kernel
    if window.dilations[1] != 1:
        return patches(padded, window).reshape(-1, kernel_h * kernel_w * channels)
    padded = np.ascontiguousarray(padded)
    s_n, s_h, s_w, s_c = padded.strides
    rows = np.lib.stride_tricks.as_strided(
        padded,
        (batch, *window.output, kernel_h, kernel_w * channels),
        (s_n, s_h * window.strides[0], s_w * window.strides[1], s_h * window.dilations[0], s_c),
        writeable=False,
    )
    return rows.reshape(-1, kernel_h * kernel_w * channels)


def tap_major_patch_matrix(padded: np.ndarray, window: Geometry) -> np.ndarray:
    """The windows of a one-channel NHWC image as a [KH*KW, N*OH*OW] matrix: the transpose
    of `patch_matrix`, copied as runs of OW pixels rather than runs of KW.

    With one channel a window row is only KW values, so `patch_matrix` copies in short runs
    (4x slower); this layout also makes the filter's gradient a product of contiguous
    matrices, and the convolution the same product with the transposed matrix (BLAS reads
    it transposed without a copy).
    """
    batch, _, _, _ = padded.shape
    s_n, s_h, s_w, _ = padded.strides
    (stride_h, stride_w), (dilation_h, dilation_w) = window.strides, window.dilations
    taps_view = np.lib.stride_tricks.as_strided(
        padded,
        (*window.kernel, batch, *window.output),
        (s_h * dilation_h, s_w * dilation_w, s_n, s_h * stride_h, s_w * stride_w),
        writeable=False,
    )
    return taps_view.reshape(window.kernel[0] * window.kernel[1], -1)


def tap_major(image: np.ndarray, groups: int) -> bool:
    """Whether `convolution_patches` of this NHWC image are tap-major: one channel."""
    return groups == 1 and image.shape[3] == 1


def convolution_patches(image: np.ndarray, window: Geometry, groups: int) -> np.ndarray:
    """The windows of NHWC `image` (padded here) as the matrix a convolution multiplies,
    in one copy: [KH*KW, N*OH*OW] where `tap_major`, else [G, N*OH*OW, KH*KW*C/G]."""
    padded = pad_spatial(image, window.pads)
    if tap_major(image, groups):
        return tap_major_patch_matrix(padded, window)
    if groups == 1:
        return patch_matrix(padded, window)[None]
    view = patches(padded, window)
    batch, out_h, out_w, kernel_h, kernel_w, channels = view.shape
    view = view.reshape(batch, out_h, out_w, kernel_h, kernel_w, groups, channels // groups)
    return view.transpose(5, 0, 1, 2, 3, 4, 6).reshape(groups, batch * out_h * out_w, -1)


def taps(window: Geometry):
    """(row, column, rows slice, columns slice) of each kernel tap in the padded image: the
    cells that tap reads for every output position, as one strided slice."""
    (stride_h, stride_w), (dilation_h, dilation_w) = window.strides, window.dilations
    out_h, out_w = window.output
    for row in range(window.kernel[0]):
        top = row * dilation_h
        for column in range(window.kernel[1]):
            left = column * dilation_w
            yield (
                row,
                column,
                slice(top, top + (out_h - 1) * stride_h + 1, stride_h),
                slice(left, left + (out_w - 1) * stride_w + 1, stride_w),
            )


def scatter_windows(windows: np.ndarray, padded_hw, window: Geometry) -> np.ndarray:
    """The adjoint of `patches`: sums [N, OH, OW, KH, KW, C] values into the padded image.

    One strided addition per kernel tap (KH * KW of them), never a loop over pixels.
    """
    batch, *_, channels = windows.shape
    image = np.zeros((batch, *padded_hw, channels), dtype=windows.dtype)
    for row, column, rows, columns in taps(window):
        image[:, rows, columns] += windows[:, :, :, row, column]
    return image


def crop_padding(image: np.ndarray, window: Geometry) -> np.ndarray:
    (top, bottom), (left, right) = window.pads
    height, width = image.shape[1:3]
    return image[:, top : height - bottom, left : width - right]
