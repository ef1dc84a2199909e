"""Padding: tf.pad with constant ("Pad", "PadV2") and mirrored ("MirrorPad") borders."""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import shapes_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.shape_ops import create, reshape, shape
from tinytf.ops.slicing_ops import slice as slice_op
from tinytf.ops.static_values import int_tensor, partial_value

_MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0) -> Tensor:
    """`tensor` with paddings[i] = [before, after] elements added around dimension i.

    CONSTANT fills them with `constant_values`; REFLECT mirrors the tensor without its
    edge (paddings below the dimension's size), SYMMETRIC with it (paddings up to the size).
    """
    upper = mode.upper()
    if upper not in _MODES:
        raise ValueError(
            'Value of argument `mode` expected to be one of "CONSTANT", '
            f'"REFLECT", or "SYMMETRIC". Received `mode` = {mode}'
        )
    if upper != "CONSTANT":
        return _padded("MirrorPad", tensor, paddings, {"mode": upper}, name)
    if not isinstance(constant_values, Tensor) and np.all(np.asarray(constant_values) == 0):
        return _padded("Pad", tensor, paddings, {}, name)
    return _padded("PadV2", tensor, paddings, {}, name, constant_values)


def _padded(op_type: str, tensor, paddings, attrs: dict, name, constant_values=None) -> Tensor:
    with name_scope(name, op_type, [tensor, paddings, constant_values]) as scope:
        tensor = convert_to_tensor(tensor, name="input")
        inputs = [tensor, int_tensor(paddings, "paddings")]
        if constant_values is not None:
            inputs.append(
                convert_to_tensor(constant_values, dtype=tensor.dtype, name="constant_values")
            )
        return create(op_type, inputs, attrs, scope)


def _pad_infer(inputs, attrs):
    x, paddings = inputs[:2]
    dims = x.shape.as_tuple()
    where = f" for '{_op_type(inputs, attrs)}' with input shapes: {shapes_text(inputs)}."
    rows = paddings.shape.as_tuple()
    if rows is not None and (len(rows) != 2 or rows[1] not in (None, 2)):
        raise ValueError(
            f"paddings must be a matrix with 2 columns, got shape {paddings.shape}{where}"
        )
    if dims is not None and rows is not None and rows[0] not in (None, len(dims)):
        raise ValueError(
            f"The first dimension of paddings must be the rank of inputs "
            f"{len(dims)}, got {rows[0]}{where}"
        )
    rank = len(dims) if dims is not None else rows[0] if rows is not None else None
    if rank is None:
        return x.dtype, TensorShape(None)
    dims = dims or (None,) * rank
    value = partial_value(paddings)
    if value is None:
        return x.dtype, TensorShape([None] * rank)
    out = []
    for d, (before, after) in zip(dims, value.tolist(), strict=True):
        if (before is not None and before < 0) or (after is not None and after < 0):
            raise ValueError(f"Paddings must be non-negative{where}")
        out.append(None if d is None or before is None or after is None else d + before + after)
    return x.dtype, TensorShape(out)


def _op_type(inputs, attrs) -> str:
    return "MirrorPad" if "mode" in attrs else "PadV2" if len(inputs) == 3 else "Pad"


@register_op("Pad", infer=_pad_infer)
def _pad_kernel(tensor, paddings):
    _check_paddings(paddings, tensor.shape)
    return np.pad(tensor, paddings)


@register_op("PadV2", infer=_pad_infer)
def _pad_v2_kernel(tensor, paddings, constant_values):
    _check_paddings(paddings, tensor.shape)
    return np.pad(tensor, paddings, constant_values=constant_values)


@register_op("MirrorPad", infer=_pad_infer)
def _mirror_pad_kernel(tensor, paddings, mode):
    _check_paddings(paddings, tensor.shape, mode)
    return np.pad(tensor, paddings, mode=mode.lower())


def _check_paddings(paddings, shape, mode="CONSTANT") -> None:
    if paddings.shape != (len(shape), 2):
        raise ValueError(
            f"paddings must be a matrix of shape [{len(shape)}, 2] for an input "
            f"of shape {list(shape)}, got {list(paddings.shape)}"
        )
    if (paddings < 0).any():
        raise ValueError(f"Paddings must be non-negative: {paddings.tolist()}")
    # REFLECT leaves out the edge element, so it has one element fewer to mirror.
    for size, (before, after) in zip(shape, paddings.tolist(), strict=True):
        if mode == "REFLECT" and max(before, after) >= size:
            raise ValueError(
                f"paddings must be less than the dimension size: {before}, "
                f"{after} not less than {size}"
            )
        if mode == "SYMMETRIC" and max(before, after) > size:
            raise ValueError(
                f"paddings must be no greater than the dimension size: {before}, "
                f"{after} greater than {size}"
            )


@RegisterGradient("Pad")
def _pad_grad(op, grad):
    return _unpad(op, grad), None


@RegisterGradient("PadV2")
def _pad_v2_grad(op, grad):
    return _unpad(op, grad), None, None


def _unpad(op, grad) -> Tensor:
    """The part of `grad` that covers the original tensor (its padding gets no gradient)."""
    x, paddings = op.inputs[:2]
    before = reshape(slice_op(paddings, [0, 0], [-1, 1]), [-1])
    return slice_op(grad, before, shape(x, out_type=paddings.dtype))


@RegisterGradient("MirrorPad")
def _mirror_pad_grad(op, grad):
    return mirror_pad_grad(grad, op.inputs[1], op.get_attr("mode")), None


def mirror_pad_grad(input, paddings, mode, name=None) -> Tensor:  # noqa: A002
    """The gradient of MirrorPad: each mirrored element's gradient folded back onto the
    element it copies (op "MirrorPadGrad")."""
    return create("MirrorPadGrad", [input, paddings], {"mode": mode}, name or "MirrorPadGrad")


def _mirror_pad_grad_infer(inputs, attrs):
    grad, paddings = inputs
    dims, value = grad.shape.as_tuple(), partial_value(paddings)
    if dims is None or value is None:
        return grad.dtype, TensorShape(None if dims is None else [None] * len(dims))
    return grad.dtype, TensorShape(
        [
            None if d is None or before is None or after is None else d - before - after
            for d, (before, after) in zip(dims, value.tolist(), strict=True)
        ]
    )


@register_op("MirrorPadGrad", infer=_mirror_pad_grad_infer)
def _mirror_pad_grad_kernel(input, paddings, mode):  # noqa: A002
    # REFLECT's padding mirrors around the edge element, SYMMETRIC's includes it.
    offset = 1 if mode == "REFLECT" else 0
    folded = input
    for axis, (before, after) in enumerate(paddings.tolist()):
        moved = np.moveaxis(folded, axis, 0)
        size = moved.shape[0] - before - after
        core = moved[before : before + size].copy()
        core[offset : offset + before] += moved[:before][::-1]
        core[size - offset - after : size - offset] += moved[before + size :][::-1]
        folded = np.moveaxis(core, 0, axis)
    return folded


@RegisterGradient("MirrorPadGrad")
def _mirror_pad_grad_grad(op, grad):
    return pad(grad, op.inputs[1], op.get_attr("mode")), None
