"""`tf.image`: PNG and JPEG codecs (decoding needs Pillow), convert_image_dtype, resizing."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.ops.image_ops import (
    ResizeMethod,
    convert_image_dtype,
    decode_jpeg,
    decode_png,
    encode_png,
    resize_images,
)

__all__ = [
    "ResizeMethod",
    "convert_image_dtype",
    "decode_jpeg",
    "decode_png",
    "encode_png",
    "resize_images",
]

__getattr__ = _unsupported_hook("tf.image", globals())
