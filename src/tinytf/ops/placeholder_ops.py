"""Placeholders: graph inputs whose values come from `feed_dict`."""

from __future__ import annotations

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import dims_text
from tinytf.framework.tensor_shape import TensorShape, merge_shapes
from tinytf.ops.constant_op import convert_to_tensor

# TensorFlow's names for dtypes in messages ("float", not "float32").
_MESSAGE_DTYPE = {"float32": "float", "float64": "double", "float16": "half"}


def _shape_text(shape: TensorShape) -> str:
    return "<unknown>" if shape.ndims is None else dims_text(shape)


def placeholder(dtype, shape=None, name=None) -> Tensor:
    """A tensor that must be fed: `sess.run(y, feed_dict={x: value})`."""
    attrs = {"dtype": dtypes.as_dtype(dtype), "shape": TensorShape(shape)}
    return (
        get_default_graph()
        .create_op("Placeholder", [], attrs, name=name or "Placeholder")
        .outputs[0]
    )


def _placeholder_infer(inputs, attrs):
    return attrs["dtype"], attrs["shape"]


@register_op("Placeholder", infer=_placeholder_infer, bind=True, stateful=True, requires_feed=True)
def _placeholder_kernel(op, session):
    dtype = op.get_attr("dtype")
    message = (
        f"You must feed a value for placeholder tensor '{op.name}' with dtype "
        f"{_MESSAGE_DTYPE.get(dtype.name, dtype.name)}"
    )
    if op.get_attr("shape").ndims is not None:
        message += f" and shape {_shape_text(op.get_attr('shape'))}"

    def unfed():
        raise errors.InvalidArgumentError(None, op, message)

    return unfed


NotDifferentiable("Placeholder")


def placeholder_with_default(input, shape, name=None) -> Tensor:  # noqa: A002
    """A tensor equal to `input` unless fed."""
    with name_scope(name, "PlaceholderWithDefault", [input]) as scope:
        value = convert_to_tensor(input, name="input")
        attrs = {"shape": TensorShape(shape)}
        return (
            get_default_graph()
            .create_op("PlaceholderWithDefault", [value], attrs, name=scope)
            .outputs[0]
        )


def _placeholder_with_default_infer(inputs, attrs):
    shape = attrs["shape"]
    try:
        merge_shapes(inputs[0].shape, shape)
    except ValueError as exc:
        raise ValueError(
            f"{exc} for 'PlaceholderWithDefault' with input shapes: {_shape_text(inputs[0].shape)}."
        ) from None
    return inputs[0].dtype, shape


@register_op("PlaceholderWithDefault", infer=_placeholder_with_default_infer)
def _placeholder_with_default_kernel(value, shape):
    return value


@RegisterGradient("PlaceholderWithDefault")
def _placeholder_with_default_grad(op, grad):
    return grad
