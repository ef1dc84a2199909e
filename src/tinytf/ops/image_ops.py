"""`tf.image`: PNG and JPEG codecs, dtype conversion and resizing.

Decoding goes through Pillow (the optional `images` extra: pip install 'tinytf[images]');
encoding PNG and resizing are NumPy. Resizing follows TF 1.x's `resize_images`
(ResizeBilinear / ResizeNearestNeighbor without half-pixel centers), so the pixels equal
TensorFlow's; both are linear maps of the input, applied as one matrix per axis.
"""

from __future__ import annotations

import io

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.array_ops import expand_dims, squeeze
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_ops import cast, maximum, minimum, multiply
from tinytf.ops.png_encoding import encode_png as _png_bytes

_PILLOW_MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "tinytf decodes images with Pillow, which is not installed: "
            "pip install 'tinytf[images]'"
        ) from None
    return Image


def _grey(rgb: np.ndarray) -> np.ndarray:
    """libpng's RGB to grey, as TensorFlow: 0.299 R + 0.587 G + 0.114 B, 15-bit, truncated."""
    weights = np.array([9798, 19235, 3735], np.int64)
    return ((rgb.astype(np.int64) @ weights) >> 15).astype(np.uint8)[:, :, None]


def _decode_infer(inputs, attrs):
    channels = attrs["channels"] or None
    return dtypes.uint8, TensorShape([None, None, channels])


def _decode_kernel(op, session):
    channels = op.get_attr("channels")
    image_module = _pillow()  # fails when the plan is built, naming the missing package
    kind = "PNG" if op.type == "DecodePng" else "JPEG"

    def decode(contents):
        try:
            image = image_module.open(io.BytesIO(np.asarray(contents).item()))
            image.load()
        except Exception:  # noqa: BLE001 - Pillow raises several types for bad data
            raise errors.InvalidArgumentError(
                None, op, f"Invalid {kind} data, size {len(np.asarray(contents).item())}"
            ) from None
        if image.mode not in ("L", "RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        if channels == 1 and image.mode != "L":
            return _grey(np.asarray(image.convert("RGB"), np.uint8))
        if channels:
            image = image.convert(_PILLOW_MODES[channels])
        pixels = np.asarray(image, np.uint8)
        return pixels[:, :, None] if pixels.ndim == 2 else pixels

    return decode


register_op("DecodePng", infer=_decode_infer, bind=True)(_decode_kernel)
register_op("DecodeJpeg", infer=_decode_infer, bind=True)(_decode_kernel)


def _decoder(op_type: str, contents, channels, name) -> Tensor:
    if channels not in (0, 1, 3, 4):
        raise ValueError(f"channels must be 0, 1, 3 or 4, got {channels}")
    contents = convert_to_tensor(contents, dtype=dtypes.string, name="contents")
    return contents.graph.create_op(
        op_type, [contents], {"channels": int(channels)}, name=name or op_type
    ).outputs[0]


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None) -> Tensor:
    """The pixels of a PNG image, [height, width, channels] uint8 (channels 0: as stored)."""
    if dtypes.as_dtype(dtype) is not dtypes.uint8:
        raise NotImplementedError("tinytf decodes PNG images to uint8 only")
    return _decoder("DecodePng", contents, channels, name)


def decode_jpeg(
    contents,
    channels=0,
    ratio=1,
    fancy_upscaling=True,
    try_recover_truncated=False,
    acceptable_fraction=1,
    dct_method="",
    name=None,
) -> Tensor:
    """The pixels of a JPEG image, [height, width, channels] uint8. Pillow's decoder
    upsamples colour differently from TensorFlow's libjpeg: pixels may differ by a few
    grey levels."""
    if ratio != 1:
        raise NotImplementedError("tinytf decodes JPEG images at full size only (ratio=1)")
    return _decoder("DecodeJpeg", contents, channels, name)


@register_op("EncodePng", infer=lambda inputs, attrs: (dtypes.string, TensorShape([])), bind=True)
def _encode_png_kernel(op, session):
    def encode(image):
        if image.ndim != 3 or image.shape[-1] not in (1, 3, 4):
            raise errors.InvalidArgumentError(
                None, op, f"image must be 3-dimensional with 1, 3 or 4 channels: {image.shape}"
            )
        return np.array(_png_bytes(np.ascontiguousarray(image)), dtype=object)

    return encode


def encode_png(image, compression=-1, name=None) -> Tensor:
    """A PNG file of a [height, width, channels] uint8 image (1, 3 or 4 channels)."""
    image = convert_to_tensor(image, name="image")
    if image.dtype is not dtypes.uint8:
        raise NotImplementedError("tinytf encodes uint8 PNG images only")
    return image.graph.create_op(
        "EncodePng", [image], {"compression": int(compression)}, name=name or "EncodePng"
    ).outputs[0]


for _op_type in ("DecodePng", "DecodeJpeg", "EncodePng"):
    NotDifferentiable(_op_type)


def convert_image_dtype(image, dtype, saturate=False, name=None) -> Tensor:
    """Pixels rescaled to `dtype`'s range: integers span 0..max, floats 0..1."""
    dtype = dtypes.as_dtype(dtype)
    image = convert_to_tensor(image, name="image")
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    with name_scope(name, "convert_image", [image]) as scope:
        source = image.dtype
        if source is dtype:
            return convert_to_tensor(image, name=scope)
        if source.is_integer and dtype.is_integer:
            scale = (dtype.max + 1) / (source.max + 1)
            if scale >= 1:
                return multiply(cast(image, dtype), int(scale), name=scope)
            return cast(image // int(round(1 / scale)), dtype, name=scope)
        if source.is_floating and dtype.is_floating:
            return cast(image, dtype, name=scope)
        if source.is_integer:
            return multiply(cast(image, dtype), 1.0 / source.max, name=scope)
        scaled = multiply(image, dtype.max + 0.5)
        if saturate:
            scaled = minimum(maximum(scaled, float(dtype.min)), float(dtype.max))
        return cast(scaled, dtype, name=scope)


class ResizeMethod:
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _axis_weights(size_in: int, size_out: int, nearest: bool, align_corners: bool):
    """The [size_out, size_in] matrix resizing one axis, as TF 1.x samples it."""
    if align_corners and size_out > 1:
        scale = (size_in - 1) / (size_out - 1)
    else:
        scale = size_in / size_out
    position = np.arange(size_out) * scale
    weights = np.zeros((size_out, size_in))
    rows = np.arange(size_out)
    if nearest:
        index = np.round(position) if align_corners else np.floor(position)
        weights[rows, np.minimum(index.astype(int), size_in - 1)] = 1.0
        return weights
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, size_in - 1)
    fraction = position - low
    np.add.at(weights, (rows, low), 1.0 - fraction)
    np.add.at(weights, (rows, high), fraction)
    return weights


def _resize_infer(nearest: bool):
    def infer(inputs, attrs):
        images, size = inputs[0].shape, constant_value(inputs[1])
        dims = [None, None] if size is None else [int(n) for n in size]
        dtype = inputs[0].dtype if nearest else dtypes.float32
        if images.ndims is None:
            return dtype, TensorShape(None)
        return dtype, TensorShape([images[0], *dims, images[3]])

    return infer


def _resize_matrices(op, in_height, in_width, out_height, out_width):
    nearest, corners = op.type.startswith("ResizeNearest"), op.get_attr("align_corners")
    return (
        _axis_weights(in_height, out_height, nearest, corners),
        _axis_weights(in_width, out_width, nearest, corners),
    )


def _resize_kernel(op, session):
    nearest = op.type == "ResizeNearestNeighbor"

    def resize(images, size):
        rows, columns = _resize_matrices(op, *images.shape[1:3], *(int(n) for n in size))
        resized = np.einsum("oh,bhwc,pw->bopc", rows, images, columns)
        return resized.astype(images.dtype) if nearest else resized.astype(np.float32)

    return resize


def _resize_grad_kernel(op, session):
    def resize_grad(grad, original):
        rows, columns = _resize_matrices(op, *original.shape[1:3], *grad.shape[1:3])
        return np.einsum("oh,bopc,pw->bhwc", rows, grad, columns).astype(original.dtype)

    return resize_grad


def _resize_grad_infer(inputs, attrs):
    return inputs[1].dtype, inputs[1].shape


for _op_type in ("ResizeBilinear", "ResizeNearestNeighbor"):
    _infer = _resize_infer(nearest=_op_type == "ResizeNearestNeighbor")
    register_op(_op_type, infer=_infer, bind=True)(_resize_kernel)
    register_op(f"{_op_type}Grad", infer=_resize_grad_infer, bind=True)(_resize_grad_kernel)


def _resize_op(op_type: str, images, size, align_corners, name=None) -> Tensor:
    return images.graph.create_op(
        op_type,
        [images, size],
        {"align_corners": bool(align_corners), "half_pixel_centers": False},
        name=name or op_type,
    ).outputs[0]


def _resize_gradient(op_type: str):
    def gradient(op, grad):
        grad_op = grad.graph.create_op(
            f"{op_type}Grad",
            [grad, op.inputs[0]],
            {"align_corners": op.get_attr("align_corners")},
            name=f"{op_type}Grad",
        )
        return grad_op.outputs[0], None

    return gradient


RegisterGradient("ResizeBilinear")(_resize_gradient("ResizeBilinear"))
RegisterGradient("ResizeNearestNeighbor")(_resize_gradient("ResizeNearestNeighbor"))
# As in TensorFlow, the gradients of the resizes have no gradient of their own.
NotDifferentiable("ResizeBilinearGrad")
NotDifferentiable("ResizeNearestNeighborGrad")


def resize_images(
    images,
    size,
    method=ResizeMethod.BILINEAR,
    align_corners=False,
    preserve_aspect_ratio=False,
    name=None,
) -> Tensor:
    """Images ([batch,] height, width, channels) resized to `size` = [height, width]:
    bilinear (float32 result) or nearest neighbour (same dtype), as TF 1.x does it."""
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        raise NotImplementedError("tinytf resizes with BILINEAR or NEAREST_NEIGHBOR only")
    if preserve_aspect_ratio:
        raise NotImplementedError("tinytf's resize_images does not preserve_aspect_ratio")
    with name_scope(name, "resize", [images, size]):
        images = convert_to_tensor(images, name="images")
        single = images.shape.ndims == 3
        if single:
            images = expand_dims(images, 0)
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        op_type = "ResizeBilinear" if method == ResizeMethod.BILINEAR else "ResizeNearestNeighbor"
        resized = _resize_op(op_type, images, size, align_corners)
        return squeeze(resized, [0]) if single else resized
