"""Slicing: slice, strided_slice and Tensor.__getitem__ (`x[1:, ::2, tf.newaxis, ...]`),
and reverse."""

from __future__ import annotations

import builtins
import numbers

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import rank_required, shapes_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.joining_ops import stack
from tinytf.ops.shape_ops import create, shape
from tinytf.ops.static_values import int_tensor, partial_ints, shape_from_tensor

newaxis = None

_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def strided_slice(
    input_,
    begin,
    end,
    strides=None,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    var=None,
    name=None,
) -> Tensor:
    """input_[begin:end:strides] per dimension, as NumPy's basic indexing.

    Bit i of a mask changes entry i of the spec: begin_mask/end_mask ignore begin[i]/end[i]
    (slice from the start/to the end), ellipsis_mask makes it `...`, new_axis_mask
    `tf.newaxis`, and shrink_axis_mask an integer index begin[i] that removes the dimension.
    """
    with name_scope(name, "StridedSlice", [input_, begin, end, strides]) as scope:
        input_ = convert_to_tensor(input_, name="input")
        begin = int_tensor(begin, "begin")
        end = int_tensor(end, "end")
        if strides is None:
            length = begin.shape.as_tuple()
            strides = [1] * length[0] if length and length[0] is not None else None
        strides = int_tensor(strides, "strides") if strides is not None else _ones_like(begin)
        masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
        attrs = dict(zip(_MASKS, masks, strict=True))
        return create("StridedSlice", [input_, begin, end, strides], attrs, scope)


def _ones_like(tensor: Tensor) -> Tensor:
    from tinytf.ops.creation_ops import ones_like

    return ones_like(tensor)


def _index(
    dims, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
):
    """Walks a strided-slice spec over an input of `dims`: returns the NumPy index that
    performs it and the output's dims.

    Unknown values (None in dims, begin, end or strides) give unknown output dims; with
    all of them known the index is exact. Raises IndexError or ValueError as TF does.
    """
    count = len(strides)
    if bin(ellipsis_mask).count("1") > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    spans = sum(1 for i in range(count) if not (ellipsis_mask | new_axis_mask) >> i & 1)
    if spans > len(dims):
        raise ValueError(
            f"Index out of range using input dim {len(dims)}; input has only {len(dims)} dims"
        )
    index, out, axis = [], [], 0
    for i in range(count):
        bit = 1 << i
        if ellipsis_mask & bit:
            skipped = len(dims) - spans
            index.append(Ellipsis)
            out.extend(dims[axis : axis + skipped])
            axis += skipped
        elif new_axis_mask & bit:
            index.append(None)
            out.append(1)
        elif shrink_axis_mask & bit:
            position, size = begin[i], dims[axis]
            if position is not None and size is not None and not -size <= position < size:
                raise IndexError(f"slice index {position} of dimension {axis} out of bounds.")
            index.append(position)
            axis += 1
        else:
            start = None if begin_mask & bit else begin[i]
            stop = None if end_mask & bit else end[i]
            if strides[i] == 0:
                raise ValueError(f"strides[{i}] must be non-zero")
            unknown = (
                strides[i] is None
                or dims[axis] is None
                or (start is None and not begin_mask & bit)
                or (stop is None and not end_mask & bit)
            )
            index.append(builtins.slice(start, stop, strides[i]))
            out.append(None if unknown else len(range(*index[-1].indices(dims[axis]))))
            axis += 1
    out.extend(dims[axis:])
    return tuple(index), out


def _strided_slice_infer(inputs, attrs):
    x, begin, end, strides = inputs
    dims = x.shape.as_tuple()
    stride_values = partial_ints(strides)
    if dims is None or stride_values is None:
        return x.dtype, TensorShape(None)
    begin_values = partial_ints(begin) or [None] * len(stride_values)
    end_values = partial_ints(end) or [None] * len(stride_values)
    try:
        _, out = _index(dims, begin_values, end_values, stride_values, **attrs)
    except (IndexError, ValueError) as error:
        raise ValueError(
            f"{error} for 'StridedSlice' with input shapes: {shapes_text(inputs)}."
        ) from None
    return x.dtype, TensorShape(out)


def _numpy_index(
    begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
) -> tuple:
    """The NumPy index of a strided-slice spec (NumPy places `...` and checks bounds)."""
    index = []
    for i, (start, stop, step) in enumerate(
        zip(begin.tolist(), end.tolist(), strides.tolist(), strict=True)
    ):
        bit = 1 << i
        if ellipsis_mask & bit:
            index.append(Ellipsis)
        elif new_axis_mask & bit:
            index.append(None)
        elif shrink_axis_mask & bit:
            index.append(start)
        else:
            index.append(
                builtins.slice(
                    None if begin_mask & bit else start, None if end_mask & bit else stop, step
                )
            )
    return tuple(index)


def _slice_with(array, begin, end, strides, masks: dict):
    """The view of `array` that the spec selects; TF's error if it selects nothing valid."""
    try:
        return array[_numpy_index(begin, end, strides, **masks)]
    except (IndexError, ValueError):
        _index(array.shape, begin.tolist(), end.tolist(), strides.tolist(), **masks)
        raise


@register_op("StridedSlice", infer=_strided_slice_infer)
def _strided_slice_kernel(input, begin, end, strides, **masks):  # noqa: A002
    return np.asarray(_slice_with(input, begin, end, strides, masks))


@RegisterGradient("StridedSlice")
def _strided_slice_grad(op, grad):
    x, begin, end, strides = op.inputs
    masks = {key: op.get_attr(key) for key in _MASKS}
    return (
        strided_slice_grad(shape(x, out_type=begin.dtype), begin, end, strides, grad, **masks),
        None,
        None,
        None,
    )


def strided_slice_grad(
    shape,
    begin,
    end,
    strides,
    dy,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    name=None,
) -> Tensor:
    """Zeros of `shape` with `dy` written where strided_slice(x, begin, end, strides)
    reads x: the gradient of StridedSlice (op "StridedSliceGrad")."""
    masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
    return create(
        "StridedSliceGrad",
        [shape, begin, end, strides, dy],
        dict(zip(_MASKS, masks, strict=True)),
        name or "StridedSliceGrad",
    )


def _strided_slice_grad_infer(inputs, attrs):
    return inputs[4].dtype, shape_from_tensor(inputs[0])


@register_op("StridedSliceGrad", infer=_strided_slice_grad_infer)
def _strided_slice_grad_kernel(shape, begin, end, strides, dy, **masks):
    out = np.zeros(shape, dtype=dy.dtype)
    out[_numpy_index(begin, end, strides, **masks)] = dy  # StridedSlice checked the spec
    return out


@RegisterGradient("StridedSliceGrad")
def _strided_slice_grad_grad(op, grad):
    begin, end, strides = op.inputs[1:4]
    masks = {key: op.get_attr(key) for key in _MASKS}
    return None, None, None, None, strided_slice(grad, begin, end, strides, **masks)


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_index(value) -> None:
    if _is_integer(value) or value is None:
        return
    if (
        isinstance(value, Tensor)
        and value.dtype in (dtypes.int32, dtypes.int64)
        and value.shape.ndims in (None, 0)
    ):
        return
    raise TypeError(
        "Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
        f"scalar tf.int32/tf.int64 tensors are valid indices, got {value!r}"
    )


def _slice_helper(tensor, slice_spec):
    """`tensor[slice_spec]` as TF builds it: one StridedSlice op named "strided_slice"."""
    if not isinstance(slice_spec, tuple):
        slice_spec = (slice_spec,)
    begin, end, strides = [], [], []
    masks = dict.fromkeys(_MASKS, 0)
    for i, item in enumerate(slice_spec):
        bit = 1 << i
        if isinstance(item, builtins.slice):
            for part in (item.start, item.stop, item.step):
                _check_index(part)
            begin.append(0 if item.start is None else item.start)
            end.append(0 if item.stop is None else item.stop)
            strides.append(1 if item.step is None else item.step)
            masks["begin_mask"] |= bit if item.start is None else 0
            masks["end_mask"] |= bit if item.stop is None else 0
        elif item is Ellipsis or item is None:
            begin.append(0)
            end.append(0)
            strides.append(1)
            masks["ellipsis_mask" if item is Ellipsis else "new_axis_mask"] |= bit
        else:
            _check_index(item)
            begin.append(item)
            end.append(item + 1)
            strides.append(1)
            masks["shrink_axis_mask"] |= bit
    with name_scope(None, "strided_slice", [tensor]) as scope:
        return strided_slice(tensor, _pack(begin), _pack(end), _pack(strides), name=scope, **masks)


def _pack(parts: list):
    # An empty list would make a float32 constant.
    return stack(parts) if parts else np.zeros(0, np.int32)


def slice(input_, begin, size, name=None) -> Tensor:  # noqa: A001 - TensorFlow's name
    """input_[begin[i] : begin[i] + size[i]] in each dimension i; size -1 means "to the end"."""
    with name_scope(name, "Slice", [input_, begin, size]) as scope:
        input_ = convert_to_tensor(input_, name="input")
        begin = int_tensor(begin, "begin")
        size = int_tensor(size, "size")
        return create("Slice", [input_, begin, size], name=scope)


def _slice_infer(inputs, attrs):
    x, begin, size = inputs
    sizes = partial_ints(size)
    dims = x.shape.as_tuple()
    if sizes is None:
        return x.dtype, TensorShape(None if dims is None else [None] * len(dims))
    if dims is not None and len(dims) != len(sizes):
        raise ValueError(
            f"{rank_required(len(dims), len(sizes))} for "
            f"'Slice' with input shapes: {shapes_text(inputs)}."
        )
    starts = partial_ints(begin) or [None] * len(sizes)
    dims = dims or (None,) * len(sizes)
    return x.dtype, TensorShape(
        [
            (d - b if d is not None and b is not None else None) if s == -1 else s
            for d, b, s in zip(dims, starts, sizes, strict=True)
        ]
    )


@register_op("Slice", infer=_slice_infer)
def _slice_kernel(input, begin, size):  # noqa: A002
    index = []
    for i, (start, length, dim) in enumerate(zip(begin, size, input.shape, strict=True)):
        if not 0 <= start <= dim:
            raise ValueError(f"Expected begin[{i}] in [0, {dim}], but got {start}")
        length = dim - start if length == -1 else length
        if not 0 <= length <= dim - start:
            raise ValueError(f"Expected size[{i}] in [0, {dim - start}], but got {length}")
        index.append(builtins.slice(start, start + length))
    return input[tuple(index)]


@RegisterGradient("Slice")
def _slice_grad(op, grad):
    from tinytf.ops.pad_ops import pad

    x, begin, _ = op.inputs
    before = begin
    after = shape(x, out_type=begin.dtype) - begin - shape(op.outputs[0], out_type=begin.dtype)
    return pad(grad, stack([before, after], axis=1)), None, None


def reverse(tensor, axis, name=None) -> Tensor:
    """`tensor` with the order of its elements reversed along each of `axis` ("ReverseV2")."""
    with name_scope(name, "ReverseV2", [tensor, axis]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        return create("ReverseV2", [tensor, int_tensor(axis, "axis")], name=scope)


def _reverse_axes(axes, rank: int) -> tuple:
    for i, a in enumerate(axes):
        if not -rank <= a < rank:
            raise ValueError(f"'axis'[{i}] = {a} is out of valid range [0, {rank - 1}")
    normalized = [a % rank for a in axes]
    for a in normalized:
        if normalized.count(a) > 1:
            raise ValueError(f"axis {a} specified more than once.")
    return tuple(normalized)


def _reverse_infer(inputs, attrs):
    x, axis = inputs
    axes = partial_ints(axis)
    if axes is not None and None not in axes and x.shape.ndims is not None:
        try:
            _reverse_axes(axes, x.shape.ndims)
        except ValueError as error:
            raise ValueError(
                f"{error} for 'ReverseV2' with input shapes: {shapes_text(inputs)}."
            ) from None
    return x.dtype, x.shape


@register_op("ReverseV2", infer=_reverse_infer)
def _reverse_kernel(tensor, axis):
    return np.flip(tensor, _reverse_axes(axis.tolist(), tensor.ndim))


@RegisterGradient("ReverseV2")
def _reverse_grad(op, grad):
    return reverse(grad, op.inputs[1]), None
