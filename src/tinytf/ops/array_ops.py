"""Shape and layout ops: identity, shape, reshape, expand_dims, broadcast_to, fill, stack."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value, constant_value_as_shape
from tinytf.ops.constant_op import constant, convert_to_tensor

newaxis = None


def _create(op_type: str, inputs, attrs=None, name=None) -> Tensor:
    return get_default_graph().create_op(op_type, inputs, attrs, name=name or op_type).outputs[0]


# Identity and stop_gradient ------------------------------------------------------------

def identity(input, name=None) -> Tensor:  # noqa: A002 - TensorFlow's argument name
    return _create("Identity", [convert_to_tensor(input)], name=name)


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002
    return _create("StopGradient", [convert_to_tensor(input)], name=name)


def _same_as_input(inputs, attrs):
    return inputs[0].dtype, inputs[0].shape


@register_op("Identity", infer=_same_as_input)
def _identity_kernel(x):
    return x


@RegisterGradient("Identity")
def _identity_grad(op, grad):
    return grad


register_op("StopGradient", infer=_same_as_input)(_identity_kernel)
NotDifferentiable("StopGradient")


# Shape, size, rank ---------------------------------------------------------------------

def shape(input, name=None, out_type=dtypes.int32) -> Tensor:  # noqa: A002
    return _create("Shape", [convert_to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)},
                   name)


def size(input, name=None, out_type=dtypes.int32) -> Tensor:  # noqa: A002
    return _create("Size", [convert_to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)},
                   name)


def rank(input, name=None) -> Tensor:  # noqa: A002
    return _create("Rank", [convert_to_tensor(input)], name=name)


def _shape_infer(inputs, attrs):
    return attrs["out_type"], TensorShape([inputs[0].shape.ndims])


@register_op("Shape", infer=_shape_infer)
def _shape_kernel(x, out_type):
    return np.array(np.shape(x), dtype=out_type.as_numpy_dtype)


@register_op("Size", infer=lambda inputs, attrs: (attrs["out_type"], TensorShape([])))
def _size_kernel(x, out_type):
    return np.array(np.size(x), dtype=out_type.as_numpy_dtype)


@register_op("Rank", infer=lambda inputs, attrs: (dtypes.int32, TensorShape([])))
def _rank_kernel(x):
    return np.array(np.ndim(x), dtype=np.int32)


for _op_type in ("Shape", "Size", "Rank"):
    NotDifferentiable(_op_type)


# Reshape, expand_dims, broadcast_to ----------------------------------------------------

def reshape(tensor, shape, name=None) -> Tensor:
    tensor = convert_to_tensor(tensor, name="tensor")
    shape = convert_to_tensor(shape, dtype=dtypes.int32 if not isinstance(shape, Tensor)
                              else None, name="shape")
    return _create("Reshape", [tensor, shape], name=name)


def _reshape_infer(inputs, attrs):
    tensor, shape_tensor = inputs
    target = constant_value_as_shape(shape_tensor)
    dims = target.as_tuple()
    count = tensor.shape.num_elements()
    if dims is not None and count is not None:
        known = [d for d in dims if d is not None]
        product = int(np.prod(known)) if known else 1
        if dims.count(None) == 1 and product:
            dims = tuple(count // product if d is None else d for d in dims)
        elif None not in dims and product != count:
            raise ValueError(f"Cannot reshape a tensor with {count} elements to shape "
                             f"{list(dims)} ({product} elements) for 'Reshape'.")
    return tensor.dtype, TensorShape(dims)


@register_op("Reshape", infer=_reshape_infer)
def _reshape_kernel(tensor, shape):
    return np.reshape(tensor, shape)


@RegisterGradient("Reshape")
def _reshape_grad(op, grad):
    return reshape(grad, shape(op.inputs[0])), None


def expand_dims(input, axis=None, name=None, dim=None) -> Tensor:  # noqa: A002
    axis = dim if axis is None else axis
    return _create("ExpandDims", [convert_to_tensor(input)], {"axis": int(axis)}, name)


def _expand_dims_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return inputs[0].dtype, TensorShape(None)
    axis = attrs["axis"]
    if not -len(dims) - 1 <= axis <= len(dims):
        raise ValueError(f"Tried to expand dim index {axis} for tensor with {len(dims)} "
                         "dimensions.")
    axis = axis % (len(dims) + 1)
    return inputs[0].dtype, TensorShape(dims[:axis] + (1,) + dims[axis:])


@register_op("ExpandDims", infer=_expand_dims_infer)
def _expand_dims_kernel(x, axis):
    return np.expand_dims(x, axis)


@RegisterGradient("ExpandDims")
def _expand_dims_grad(op, grad):
    return reshape(grad, shape(op.inputs[0]))


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002
    input = convert_to_tensor(input, name="input")
    shape = convert_to_tensor(shape, dtype=dtypes.int32 if not isinstance(shape, Tensor)
                              else None, name="shape")
    return _create("BroadcastTo", [input, shape], name=name)


def _broadcast_to_infer(inputs, attrs):
    return inputs[0].dtype, constant_value_as_shape(inputs[1])


@register_op("BroadcastTo", infer=_broadcast_to_infer)
def _broadcast_to_kernel(x, shape):
    # A read-only view: gradients of sums and means never materialise a full array.
    return np.broadcast_to(x, tuple(shape))


@RegisterGradient("BroadcastTo")
def _broadcast_to_grad(op, grad):
    from tinytf.ops.math_ops import sum_to_shape

    return sum_to_shape(grad, op.inputs[0]), None


# Filled tensors ------------------------------------------------------------------------

def fill(dims, value, name=None) -> Tensor:
    dims = convert_to_tensor(dims, dtype=dtypes.int32 if not isinstance(dims, Tensor)
                             else None, name="dims")
    return _create("Fill", [dims, convert_to_tensor(value, name="value")], name=name)


def _fill_infer(inputs, attrs):
    return inputs[1].dtype, constant_value_as_shape(inputs[0])


@register_op("Fill", infer=_fill_infer)
def _fill_kernel(dims, value):
    return np.full(tuple(dims), value, dtype=value.dtype)


@RegisterGradient("Fill")
def _fill_grad(op, grad):
    from tinytf.ops.math_ops import reduce_sum

    return None, reduce_sum(grad)


def _filled(dims, value: float, dtype, name: str) -> Tensor:
    dtype = dtypes.as_dtype(dtype)
    if isinstance(dims, Tensor):
        with name_scope(name, name[0].upper() + name[1:], [dims]) as scope:
            return fill(dims, constant(value, dtype), name=scope)
    if hasattr(dims, "as_list"):
        dims = dims.as_list()
    dims = [int(d) for d in np.ravel(dims)] if np.ndim(dims) else [int(dims)]
    return constant(np.full(dims, value, dtype=dtype.as_numpy_dtype), name=name)


def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(shape, 0, dtype, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(shape, 1, dtype, name or "ones")


def zeros_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    tensor = convert_to_tensor(tensor, name="tensor")
    attrs = {"dtype": dtypes.as_dtype(dtype or tensor.dtype)}
    return _create("ZerosLike", [tensor], attrs, name or "zeros_like")


def ones_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    tensor = convert_to_tensor(tensor, name="tensor")
    attrs = {"dtype": dtypes.as_dtype(dtype or tensor.dtype)}
    return _create("OnesLike", [tensor], attrs, name or "ones_like")


def _like_infer(inputs, attrs):
    return attrs["dtype"], inputs[0].shape


@register_op("ZerosLike", infer=_like_infer)
def _zeros_like_kernel(x, dtype):
    return np.zeros(np.shape(x), dtype=dtype.as_numpy_dtype)


@register_op("OnesLike", infer=_like_infer)
def _ones_like_kernel(x, dtype):
    return np.ones(np.shape(x), dtype=dtype.as_numpy_dtype)


NotDifferentiable("ZerosLike")
NotDifferentiable("OnesLike")


# Stacking ------------------------------------------------------------------------------

def stack(values, axis=0, name="stack") -> Tensor:
    values = [convert_to_tensor(v) for v in values]
    if not values:
        raise ValueError("tf.stack needs at least one tensor")
    return _create("Pack", values, {"axis": int(axis)}, name)


def _pack_infer(inputs, attrs):
    dtype = inputs[0].dtype
    merged = inputs[0].shape
    for i, tensor in enumerate(inputs[1:], 1):
        if tensor.dtype is not dtype:
            raise TypeError(f"Input 'values' of 'Pack' Op has type {tensor.dtype.name} at "
                            f"index {i} that does not match type {dtype.name} at index 0.")
        try:
            merged = merged.merge_with(tensor.shape)
        except ValueError:
            raise ValueError(f"Shapes must be equal rank, but are {merged} and "
                             f"{tensor.shape} for 'Pack'") from None
    dims = merged.as_tuple()
    if dims is None:
        return dtype, TensorShape(None)
    axis = attrs["axis"]
    if not -len(dims) - 1 <= axis <= len(dims):
        raise ValueError(f"axis = {axis} not in [{-len(dims) - 1}, {len(dims) + 1})")
    axis %= len(dims) + 1
    return dtype, TensorShape(dims[:axis] + (len(inputs),) + dims[axis:])


@register_op("Pack", infer=_pack_infer)
def _pack_kernel(*values, axis):
    return np.stack(values, axis=axis)


@RegisterGradient("Pack")
def _pack_grad(op, grad):
    return unstack(grad, num=len(op.inputs), axis=op.get_attr("axis"))


def unstack(value, num=None, axis=0, name="unstack") -> list[Tensor]:
    value = convert_to_tensor(value)
    dims = value.shape.as_tuple()
    if num is None:
        if dims is None or dims[axis] is None:
            raise ValueError(f"Cannot infer num from shape {value.shape}")
        num = dims[axis]
    op = get_default_graph().create_op("Unpack", [value], {"num": num, "axis": int(axis)},
                                       name=name)
    return op.outputs


def _unpack_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return [(inputs[0].dtype, TensorShape(None))] * attrs["num"]
    axis = attrs["axis"] % len(dims)
    out = TensorShape(dims[:axis] + dims[axis + 1:])
    return [(inputs[0].dtype, out)] * attrs["num"]


@register_op("Unpack", infer=_unpack_infer)
def _unpack_kernel(value, num, axis):
    return tuple(np.moveaxis(value, axis, 0))


@RegisterGradient("Unpack")
def _unpack_grad(op, *grads):
    grads = [g if g is not None else zeros_like(t) for g, t in zip(grads, op.outputs)]
    return stack(grads, axis=op.get_attr("axis"))


def _autopack(values, dtype, name) -> Tensor:
    """Packs a nested list mixing tensors and numbers into one tensor (convert_to_tensor)."""
    with name_scope(name) as scope:
        if isinstance(values, (list, tuple)):
            parts = [_autopack(v, dtype, "packed") if isinstance(v, (list, tuple))
                     else convert_to_tensor(v, dtype=dtype) for v in values]
            if dtype is None:
                dtype = next((p.dtype for p in parts if isinstance(p, Tensor)), None)
                parts = [p if p.dtype is dtype or p.op.type != "Const"
                         else constant(constant_value(p), dtype) for p in parts]
            return stack(parts, name=scope)
        return convert_to_tensor(values, dtype=dtype)


def _slice_helper(tensor, slice_spec):
    raise NotImplementedError("Tensor indexing is not implemented yet")
