"""What tf.layers' and contrib's convolution and pooling layers share: their arguments,
checked with Keras's messages, and the output shape of a transposed convolution."""

from __future__ import annotations

from tinytf.ops import array_ops, shape_ops


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


def _transposed_size(size, kernel, stride, padding):
    if size is None:
        return None
    return size * stride if padding == "SAME" else size * stride + max(kernel - stride, 0)


def transposed_output_shape(inputs, filters, kernel_size, strides, padding, data_format, what):
    """The output shape of a transposed convolution of 4-D `inputs`: a tensor for the op
    (the batch size read when it runs) and the static shape; `what` names the caller."""
    channels_first = data_format == "NCHW"
    height_axis = 2 if channels_first else 1
    dims = inputs.shape.as_tuple()
    sizes = [
        _transposed_size(dims[height_axis + axis], kernel_size[axis], strides[axis], padding)
        for axis in range(2)
    ]
    if None in sizes:
        raise NotImplementedError(
            f"tinytf's {what} needs the input's height and width when the graph is built."
        )

    def arranged(batch):
        return [batch, filters, *sizes] if channels_first else [batch, *sizes, filters]

    batch = array_ops.strided_slice(shape_ops.shape(inputs), [0], [1], shrink_axis_mask=1)
    # The batch size is only known as a tensor here; TensorFlow keeps the static one.
    return array_ops.stack(arranged(batch)), arranged(dims[0])
