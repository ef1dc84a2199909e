"""Shape ops: identity, shape/size/rank, reshape, squeeze, expand_dims, broadcast_to.

Their shape rules, as every array op's, know as much of their output shapes as TensorFlow
does through the build-time values of shape vectors (static_values.py).
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, registry
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import dims_text, shapes_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.static_values import constant_int, int_tensor, partial_ints, shape_from_tensor


def create(op_type: str, inputs, attrs=None, name=None) -> Tensor:
    """Adds one op of `op_type` to the default graph and returns its first output."""
    return get_default_graph().create_op(op_type, inputs, attrs, name=name or op_type).outputs[0]


def identity(input, name=None) -> Tensor:  # noqa: A002 - TensorFlow's argument name
    return create("Identity", [convert_to_tensor(input)], name=name)


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002
    """The input, as a constant to tf.gradients: no gradient flows back through it."""
    return create("StopGradient", [convert_to_tensor(input)], name=name)


def _same_as_input(inputs, attrs):
    return inputs[0].dtype, inputs[0].shape


@register_op("Identity", infer=_same_as_input, forwards_input=registry.always)
def _identity_kernel(x):
    return x


@RegisterGradient("Identity")
def _identity_grad(op, grad):
    return grad


register_op("StopGradient", infer=_same_as_input, forwards_input=registry.always)(_identity_kernel)
NotDifferentiable("StopGradient")


def shape(input, name=None, out_type=dtypes.int32) -> Tensor:  # noqa: A002
    """The shape of `input` as a 1-D tensor: a constant when the static shape is complete."""
    input = convert_to_tensor(input)
    out_type = dtypes.as_dtype(out_type)
    if input.shape.is_fully_defined():
        dims = np.array(input.shape.as_list(), dtype=out_type.as_numpy_dtype)
        return constant(dims, name=name or "Shape")
    return create("Shape", [input], {"out_type": out_type}, name)


def shape_n(input, out_type=dtypes.int32, name=None) -> list[Tensor]:  # noqa: A002
    """The shapes of a list of tensors of one dtype, by a single "ShapeN" op."""
    tensors = convert_list(input)
    attrs = {"out_type": dtypes.as_dtype(out_type)}
    return get_default_graph().create_op("ShapeN", tensors, attrs, name=name or "ShapeN").outputs


def size(input, name=None, out_type=dtypes.int32) -> Tensor:  # noqa: A002
    input = convert_to_tensor(input)
    out_type = dtypes.as_dtype(out_type)
    if input.shape.is_fully_defined():
        return constant(input.shape.num_elements(), out_type, name=name or "Size")
    return create("Size", [input], {"out_type": out_type}, name)


def rank(input, name=None) -> Tensor:  # noqa: A002
    """The number of dimensions of `input`: a constant where it is known statically."""
    with name_scope(name, "Rank", [input]) as scope:
        input = convert_to_tensor(input)
        if input.shape.ndims is not None:
            return constant(input.shape.ndims, dtypes.int32, name=scope)
        return create("Rank", [input], name=scope)


def convert_list(
    values, dtype=None, op_type: str = "Pack", argument: str | None = None
) -> list[Tensor]:
    """Converts a list argument as TF does: Python values take the first tensor's dtype,
    and, given the op's `argument` name, are named after it (`values_0`, ...)."""
    if dtype is None:
        dtype = next((v.dtype for v in values if isinstance(v, Tensor)), None)
    tensors = [
        v
        if isinstance(v, Tensor)
        else convert_to_tensor(v, dtype=dtype, name=f"{argument}_{index}" if argument else None)
        for index, v in enumerate(values)
    ]
    types = [t.dtype.name for t in tensors]
    if len(set(types)) > 1:
        raise TypeError(
            f"Tensors in list passed to 'values' of '{op_type}' Op have types "
            f"[{', '.join(types)}] that don't all match."
        )
    return tensors


def _shape_infer(inputs, attrs):
    return attrs["out_type"], TensorShape([inputs[0].shape.ndims])


def _shape_n_infer(inputs, attrs):
    return [_shape_infer([tensor], attrs) for tensor in inputs]


@register_op("Shape", infer=_shape_infer, shape_only_inputs=(0,))
def _shape_kernel(x, out_type):
    return np.array(x.shape, dtype=out_type.as_numpy_dtype)


@register_op("ShapeN", infer=_shape_n_infer)
def _shape_n_kernel(*tensors, out_type):
    shapes = tuple(np.array(x.shape, dtype=out_type.as_numpy_dtype) for x in tensors)
    return shapes if len(shapes) > 1 else shapes[0]


@register_op(
    "Size",
    infer=lambda inputs, attrs: (attrs["out_type"], TensorShape([])),
    shape_only_inputs=(0,),
)
def _size_kernel(x, out_type):
    return np.array(x.size, dtype=out_type.as_numpy_dtype)


@register_op(
    "Rank",
    infer=lambda inputs, attrs: (dtypes.int32, TensorShape([])),
    shape_only_inputs=(0,),
)
def _rank_kernel(x):
    return np.array(x.ndim, dtype=np.int32)


for _op_type in ("Shape", "ShapeN", "Size", "Rank"):
    NotDifferentiable(_op_type)


def reshape(tensor, shape, name=None) -> Tensor:
    """`tensor` with its elements in row-major order laid out in `shape` (one -1 allowed)."""
    with name_scope(name, "Reshape", [tensor, shape]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        shape = int_tensor(shape, "shape")
        return create("Reshape", [tensor, shape], name=scope)


def _reshape_infer(inputs, attrs):
    tensor, target = inputs
    dims = partial_ints(target)
    if dims is None:
        return tensor.dtype, TensorShape(None)
    source = tensor.shape.as_tuple()
    in_count = int(np.prod([d for d in source if d is not None])) if source else 1
    out_count = int(np.prod([d for d in dims if d is not None and d >= 0]))
    known, wildcards = None not in dims, dims.count(-1)
    where = f" for 'Reshape' with input shapes: {shapes_text(inputs)}."
    if known and wildcards == 1 and tensor.shape.is_fully_defined():
        if out_count and in_count % out_count:
            raise ValueError(
                f"Dimension size must be evenly divisible by {out_count} but is {in_count}{where}"
            )
        # As in TensorFlow, a -1 beside a 0 dimension stays unknown until run time.
        missing = in_count // out_count if out_count else None
        dims = [missing if d == -1 else d for d in dims]
    elif known and not wildcards and tensor.shape.is_fully_defined():
        if in_count != out_count:
            raise ValueError(
                f"Cannot reshape a tensor with {in_count} elements to shape "
                f"{dims_text(dims)} ({out_count} elements){where}"
            )
    elif known and not wildcards and source is not None:
        if in_count and out_count % in_count:
            raise ValueError(
                f"Dimension size must be evenly divisible by {in_count} but is {out_count}{where}"
            )
    return tensor.dtype, TensorShape([None if d is None or d < 0 else d for d in dims])


@register_op("Reshape", infer=_reshape_infer, forwards_input=registry.same_size_static_shape)
def _reshape_kernel(tensor, shape):
    if tensor.size == 0 and -1 in shape:
        shape = _empty_reshape_dims(tensor.shape, shape)
    return np.reshape(tensor, shape)


def _empty_reshape_dims(source, dims) -> list[int]:
    """TensorFlow's -1 for an empty tensor, which NumPy refuses: zero sizes on both sides
    are left out of the counts, so [3, 0] reshaped to [0, -1] is [0, 3]."""
    target_has_zero = 0 in dims
    elements = int(np.prod([d for d in source if d > 0 or not target_has_zero]))
    product = int(np.prod([d for d in dims if d > 0]))
    return [elements // product if d == -1 else int(d) for d in dims]


@RegisterGradient("Reshape")
def _reshape_grad(op, grad):
    return reshape(grad, shape(op.inputs[0])), None


def squeeze(input, axis=None, name=None, squeeze_dims=None) -> Tensor:  # noqa: A002
    """Removes dimensions of size 1: those in `axis` (the old `squeeze_dims`), or all."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'")
        axis = squeeze_dims
    axis = [] if axis is None else [int(axis)] if np.ndim(axis) == 0 else [int(a) for a in axis]
    with name_scope(name, "Squeeze", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        return create("Squeeze", [input], {"squeeze_dims": tuple(axis)}, scope)


def _squeeze_axes(rank: int, squeeze_dims) -> list[int]:
    for a in squeeze_dims:
        if not -rank <= a < rank:
            raise ValueError(f"Tried to squeeze dim index {a} for tensor with {rank} dimensions.")
    return sorted({a % rank for a in squeeze_dims})


def _squeeze_infer(inputs, attrs):
    x = inputs[0]
    dims = x.shape.as_tuple()
    if dims is None or (not attrs["squeeze_dims"] and None in dims):
        return x.dtype, TensorShape(None)
    axes = _squeeze_axes(len(dims), attrs["squeeze_dims"]) or [
        i for i, d in enumerate(dims) if d == 1
    ]
    for a in axes:
        if dims[a] not in (None, 1):
            raise ValueError(
                f"Can not squeeze dim[{a}], expected a dimension of 1, got "
                f"{dims[a]} for 'Squeeze' with input shapes: {shapes_text(inputs)}."
            )
    return x.dtype, TensorShape([d for i, d in enumerate(dims) if i not in axes])


@register_op("Squeeze", infer=_squeeze_infer, forwards_input=registry.same_size_static_shape)
def _squeeze_kernel(x, squeeze_dims):
    axes = _squeeze_axes(x.ndim, squeeze_dims)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(
                f"Can not squeeze dim[{a}], expected a dimension of 1, got {x.shape[a]}"
            )
    return np.squeeze(x, axis=tuple(axes)) if axes else np.squeeze(x)


@RegisterGradient("Squeeze")
def _squeeze_grad(op, grad):
    return reshape(grad, shape(op.inputs[0]))


def expand_dims(input, axis=None, name=None, dim=None) -> Tensor:  # noqa: A002
    """Inserts a dimension of size 1 at `axis` (the old `dim`); negative counts from the end."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    with name_scope(name, "ExpandDims", [input, axis]) as scope:
        input = convert_to_tensor(input, name="input")
        return create("ExpandDims", [input, int_tensor(axis, "dim")], name=scope)


def _expand_dims_infer(inputs, attrs):
    x, dim = inputs
    dims = x.shape.as_tuple()
    if dims is None:
        return x.dtype, TensorShape(None)
    axis = constant_int(dim)
    if axis is None:
        return x.dtype, TensorShape([None] * (len(dims) + 1))
    if not -len(dims) - 1 <= axis <= len(dims):
        raise ValueError(
            f"dim {axis} not in the interval [{-len(dims) - 1}, {len(dims)}]. "
            f"for 'ExpandDims' with input shapes: {shapes_text(inputs)}."
        )
    axis %= len(dims) + 1
    return x.dtype, TensorShape(dims[:axis] + (1,) + dims[axis:])


@register_op("ExpandDims", infer=_expand_dims_infer, forwards_input=registry.same_size_static_shape)
def _expand_dims_kernel(x, dim):
    return np.expand_dims(x, int(dim))


@RegisterGradient("ExpandDims")
def _expand_dims_grad(op, grad):
    return reshape(grad, shape(op.inputs[0])), None


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002
    with name_scope(name, "BroadcastTo", [input, shape]) as scope:
        input = convert_to_tensor(input, name="input")
        return create("BroadcastTo", [input, int_tensor(shape, "shape")], name=scope)


def _broadcast_to_infer(inputs, attrs):
    x, target = inputs
    out = shape_from_tensor(target)
    source, dims = x.shape.as_tuple(), out.as_tuple()
    if source is not None and dims is not None:
        if len(source) > len(dims) or any(
            s not in (None, 1) and d is not None and s != d
            for s, d in zip(reversed(source), reversed(dims), strict=False)
        ):
            raise ValueError(
                f"Incompatible shapes: {dims_text(source)} vs. {dims_text(dims)} for 'BroadcastTo'"
            )
    return x.dtype, out


@register_op("BroadcastTo", infer=_broadcast_to_infer, forwards_input=registry.same_static_shape)
def _broadcast_to_kernel(x, shape):
    # A read-only view: gradients of sums and means never materialise a full array.
    return np.broadcast_to(x, tuple(shape))


@RegisterGradient("BroadcastTo")
def _broadcast_to_grad(op, grad):
    from tinytf.ops.math_ops import sum_to_shape

    return sum_to_shape(grad, op.inputs[0]), None
