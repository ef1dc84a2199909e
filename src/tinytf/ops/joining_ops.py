"""Joining and splitting tensors: stack/unstack, concat, split, tile; list packing."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import (
    dimension_in_both_mismatch,
    dims_text,
    rank_at_least,
    rank_required,
    shapes_text,
)
from tinytf.framework.tensor_shape import Dimension, TensorShape, dimension_value
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.shape_ops import convert_list, create, reshape, shape
from tinytf.ops.static_values import constant_int, int_tensor, partial_ints


def _outputs(values: tuple):
    """A kernel's result: the executor unpacks a tuple only for ops of several outputs."""
    return values if len(values) > 1 else values[0]


def _check_axis(axis: int, rank: int, op_type: str) -> int:
    if not -rank <= axis < rank:
        raise ValueError(f"axis = {axis} not in [{-rank}, {rank}) for '{op_type}'")
    return axis % rank


def _contains_tensor(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def stack(values, axis=0, name="stack") -> Tensor:
    """Stacks rank-R tensors into one rank-(R+1) tensor along a new `axis`."""
    if axis == 0:
        return convert_to_tensor(values, name=name)  # a constant, or packed as in TF
    with name_scope(name) as scope:
        return create("Pack", convert_list(values), {"axis": int(axis)}, scope)


def _pack_infer(inputs, attrs):
    dtype = inputs[0].dtype
    merged = inputs[0].shape
    for index, tensor in enumerate(inputs[1:], 1):
        if tensor.dtype is not dtype:
            raise TypeError(
                f"Tensors in list passed to 'values' of 'Pack' Op have types "
                f"[{', '.join(t.dtype.name for t in inputs)}] that don't all "
                "match."
            )
        if not merged.is_compatible_with(tensor.shape):
            raise ValueError(
                f"Shapes of all inputs must match: values[0].shape = "
                f"{merged} != values[{index}].shape = {tensor.shape} for "
                f"'Pack' with input shapes: {shapes_text(inputs)}."
            )
        merged = merged.merge_with(tensor.shape)
    dims = merged.as_tuple()
    if dims is None:
        return dtype, TensorShape(None)
    axis = _check_axis(attrs["axis"], len(dims) + 1, "Pack")
    return dtype, TensorShape(dims[:axis] + (len(inputs),) + dims[axis:])


@register_op("Pack", infer=_pack_infer)
def _pack_kernel(*values, axis):
    return np.stack(values, axis=axis)


@RegisterGradient("Pack")
def _pack_grad(op, grad):
    return unstack(grad, num=len(op.inputs), axis=op.get_attr("axis"))


def unstack(value, num=None, axis=0, name="unstack") -> list[Tensor]:
    """The `num` slices of `value` along `axis` (num defaults to that dimension's size)."""
    value = convert_to_tensor(value)
    dims = value.shape.as_tuple()
    if num is None:
        if dims is None or dims[axis] is None:
            raise ValueError(f"Cannot infer argument `num` from shape {value.shape}")
        num = dims[axis]
    op = get_default_graph().create_op(
        "Unpack", [value], {"num": num, "axis": int(axis)}, name=name
    )
    return op.outputs


def _unpack_infer(inputs, attrs):
    dims = inputs[0].shape.as_tuple()
    if dims is None:
        return [(inputs[0].dtype, TensorShape(None))] * attrs["num"]
    axis = _check_axis(attrs["axis"], len(dims), "Unpack")
    if dims[axis] not in (None, attrs["num"]):
        raise ValueError(
            f"Dimension must be {attrs['num']} but is {dims[axis]} for 'Unpack' "
            f"with input shapes: {shapes_text(inputs)}."
        )
    out = TensorShape(dims[:axis] + dims[axis + 1 :])
    return [(inputs[0].dtype, out)] * attrs["num"]


@register_op("Unpack", infer=_unpack_infer)
def _unpack_kernel(value, num, axis):
    return _outputs(tuple(np.moveaxis(value, axis, 0)))


@RegisterGradient("Unpack")
def _unpack_grad(op, *grads):
    return stack(list(grads), axis=op.get_attr("axis"))


def _first_dtype(values):
    """The dtype of the first tensor found depth-first in nested lists, as TF packs them."""
    for value in values:
        if isinstance(value, (list, tuple)):
            found = _first_dtype(value)
            if found is not None:
                return found
        elif isinstance(value, Tensor) or hasattr(value, "_as_graph_element"):
            return convert_to_tensor(value).dtype
    return None


def _autopack(values, dtype, name) -> Tensor:
    """Packs nested lists mixing tensors and numbers into one tensor (convert_to_tensor).

    Every number takes the dtype of the first tensor, as in TF: `[x, 1.0]` is float32 for
    a float32 x, and `[i, 2.5]` for an int32 i is a TypeError.
    """
    dtype = dtypes.as_dtype(dtype) if dtype is not None else _first_dtype(values)
    with name_scope(name) as scope:
        parts = []
        for index, item in enumerate(values):
            if isinstance(item, (list, tuple)) and _contains_tensor(item):
                parts.append(_autopack(item, dtype, str(index)))
            elif _contains_tensor(item):
                parts.append(convert_to_tensor(item))  # Pack rejects a different dtype
            else:
                parts.append(convert_to_tensor(item, dtype=dtype, name=str(index)))
        return create("Pack", parts, {"axis": 0}, scope)


def concat(values, axis, name="concat") -> Tensor:
    """Joins tensors along an existing `axis` (op "ConcatV2")."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name):
            axis = int_tensor(axis, "concat_dim")
            if axis.shape.ndims != 0:
                raise ValueError(f"Shape {axis.shape} must have rank 0")
            return create("Identity", [convert_to_tensor(values[0])], name=name)
    with name_scope(name, "concat", values) as scope:
        tensors = convert_list(values, op_type="ConcatV2", argument="values")
        return create("ConcatV2", tensors + [int_tensor(axis, "axis")], name=scope)


def _concat_infer(inputs, attrs):
    values, axis = inputs[:-1], constant_int(inputs[-1])
    dtype = values[0].dtype
    where = f" for 'concat' with input shapes: {shapes_text(inputs)}."
    ranks = [v.shape.ndims for v in values if v.shape.ndims is not None]
    if not ranks:
        return dtype, TensorShape(None)
    for rank in ranks[1:]:
        if rank != ranks[0]:
            raise ValueError(f"{rank_required(ranks[0], rank)}{where}")
    rank = ranks[0]
    if axis is None:
        return dtype, TensorShape([None] * rank)
    if not -rank <= axis < rank:
        raise ValueError(f"{rank_at_least(axis + 1 if axis >= 0 else -axis, rank)}{where}")
    axis %= rank
    out = [None] * rank
    total = 0
    for value in values:
        dims = value.shape.as_tuple() or (None,) * rank
        for i, d in enumerate(dims):
            if i != axis and d is not None:
                if out[i] is not None and out[i] != d:
                    raise ValueError(f"{dimension_in_both_mismatch(i, out[i], d)}{where}")
                out[i] = d
        total = None if total is None or dims[axis] is None else total + dims[axis]
    out[axis] = total
    return dtype, TensorShape(out)


@register_op("ConcatV2", infer=_concat_infer)
def _concat_kernel(*values_and_axis):
    return np.concatenate(values_and_axis[:-1], axis=int(values_and_axis[-1]))


@RegisterGradient("ConcatV2")
def _concat_grad(op, grad):
    values, axis = op.inputs[:-1], op.inputs[-1]
    static_axis = constant_int(axis)
    if static_axis is None:
        raise NotImplementedError("The gradient of tf.concat needs a constant axis.")
    sizes = [_dimension(v, static_axis) for v in values]
    return split(grad, sizes, axis=axis) + [None]


def _dimension(tensor: Tensor, axis: int):
    """One dimension's size: an int when static, else a scalar tensor."""
    dims = tensor.shape.as_tuple()
    if dims is not None and dims[axis] is not None:
        return dims[axis]
    return shape(tensor)[axis]


def split(value, num_or_size_splits, axis=0, num=None, name="split") -> list[Tensor]:
    """Splits `value` along `axis` into a count of equal parts ("Split") or into parts of
    the given sizes, one of which may be -1 ("SplitV")."""
    value = convert_to_tensor(value, name="value")
    if isinstance(num_or_size_splits, (int, np.integer, Dimension)):
        with name_scope(name, "split", [value]) as scope:
            split_dim = int_tensor(axis, "split_dim")
            attrs = {"num_split": int(dimension_value(num_or_size_splits))}
            op = get_default_graph().create_op("Split", [split_dim, value], attrs, name=scope)
        return op.outputs
    size_splits = int_tensor(num_or_size_splits, "Const")
    if num is None:
        length = size_splits.shape.as_tuple()
        if not length or length[0] is None:
            raise ValueError(f"Cannot infer argument `num` from shape {size_splits.shape}")
        num = length[0]
    with name_scope(name, "split", [value, size_splits]) as scope:
        split_dim = int_tensor(axis, "split_dim")
        op = get_default_graph().create_op(
            "SplitV", [value, size_splits, split_dim], {"num_split": int(num)}, name=scope
        )
    return op.outputs


def _split_infer(inputs, attrs):
    split_dim, value = inputs
    count = attrs["num_split"]
    if count < 1:
        raise ValueError(f"Value for attr 'num_split' of {count} must be at least minimum 1")
    dims = value.shape.as_tuple()
    axis = constant_int(split_dim)
    if dims is None:
        return [(value.dtype, TensorShape(None))] * count
    if axis is None:
        return [(value.dtype, TensorShape([None] * len(dims)))] * count
    axis = _check_axis(axis, len(dims), "Split")
    size = dims[axis]
    if size is not None and size % count:
        raise ValueError(
            f"Dimension size must be evenly divisible by {count} but is {size} "
            "Number of ways to split should evenly divide the split dimension "
            f"for 'split' with input shapes: {shapes_text(inputs)}."
        )
    part = None if size is None else size // count
    return [(value.dtype, TensorShape(dims[:axis] + (part,) + dims[axis + 1 :]))] * count


def _split_v_infer(inputs, attrs):
    value, size_splits, split_dim = inputs
    count = attrs["num_split"]
    dims = value.shape.as_tuple()
    axis = constant_int(split_dim)
    sizes = partial_ints(size_splits)
    if dims is None:
        return [(value.dtype, TensorShape(None))] * count
    if axis is None:
        return [(value.dtype, TensorShape([None] * len(dims)))] * count
    axis = _check_axis(axis, len(dims), "SplitV")
    sizes = [None] * count if sizes is None else sizes
    if len(sizes) != count:
        raise ValueError(f"size_splits has {len(sizes)} elements but num = {count}")
    if None not in sizes and dims[axis] is not None:
        sizes = _resolve_sizes(sizes, dims[axis])
    return [
        (
            value.dtype,
            TensorShape(dims[:axis] + (None if s is None or s < 0 else s,) + dims[axis + 1 :]),
        )
        for s in sizes
    ]


def _resolve_sizes(sizes: list, total: int) -> list:
    """Sizes with the one -1 replaced by what remains of `total`; ValueError if they
    cannot split `total`."""
    known = sum(s for s in sizes if s != -1)
    if sizes.count(-1) > 1 or known > total or (-1 not in sizes and known != total):
        raise ValueError(
            f"can't split axis of size {total} into pieces of size {dims_text(list(sizes))}"
        )
    return [total - known if s == -1 else s for s in sizes]


@register_op("Split", infer=_split_infer)
def _split_kernel(split_dim, value, num_split):
    axis = int(split_dim)
    if value.shape[axis] % num_split:
        raise ValueError(
            "Number of ways to split should evenly divide the split dimension, "
            f"but got split_dim {axis} (size = {value.shape[axis]}) and "
            f"num_split {num_split}"
        )
    part = value.shape[axis] // num_split
    return _parts(value, axis, [part] * num_split)


@register_op("SplitV", infer=_split_v_infer)
def _split_v_kernel(value, size_splits, split_dim, num_split):
    axis = int(split_dim)
    sizes = _resolve_sizes([int(s) for s in size_splits], value.shape[axis])
    return _parts(value, axis, sizes)


def _parts(value, axis: int, sizes: list):
    """Views of consecutive parts of `value` of `sizes` along `axis` (np.split's, without
    its per-call overhead, which a recurrent loop pays at every step)."""
    before, start, parts = (slice(None),) * (axis % value.ndim), 0, []
    for size in sizes:
        parts.append(value[(*before, slice(start, start + size))])
        start += size
    return _outputs(tuple(parts))


@RegisterGradient("Split")
def _split_grad(op, *grads):
    return None, concat(list(grads), op.inputs[0])


@RegisterGradient("SplitV")
def _split_v_grad(op, *grads):
    return concat(list(grads), op.inputs[2]), None, None


def tile(input, multiples, name=None) -> Tensor:  # noqa: A002
    """`input` repeated `multiples[i]` times along each dimension i."""
    with name_scope(name, "Tile", [input, multiples]) as scope:
        input = convert_to_tensor(input, name="input")
        return create("Tile", [input, int_tensor(multiples, "multiples")], name=scope)


def _tile_infer(inputs, attrs):
    x, multiples = inputs
    factors = partial_ints(multiples)
    dims = x.shape.as_tuple()
    if dims is None and factors is None:
        return x.dtype, TensorShape(None)
    if dims is not None and factors is not None and len(dims) != len(factors):
        raise ValueError(
            f"{rank_required(len(dims), len(factors))} for "
            f"'Tile' with input shapes: {shapes_text(inputs)}."
        )
    dims = dims or (None,) * len(factors)
    factors = factors or [None] * len(dims)
    return x.dtype, TensorShape(
        [None if d is None or m is None else d * m for d, m in zip(dims, factors, strict=True)]
    )


@register_op("Tile", infer=_tile_infer)
def _tile_kernel(input, multiples):  # noqa: A002
    if len(multiples) != input.ndim:
        raise ValueError(
            f"Expected multiples argument to be a vector of length {input.ndim} "
            f"but got length {len(multiples)}"
        )
    return np.tile(input, multiples)


@RegisterGradient("Tile")
def _tile_grad(op, grad):
    from tinytf.ops.math_ops import reduce_sum

    x, multiples = op.inputs
    rank = x.shape.ndims if x.shape.ndims is not None else multiples.shape[0].value
    if rank is None:
        raise NotImplementedError("The gradient of tf.tile needs a tensor of known rank.")
    # The tiled gradient reshaped to [m0, d0, m1, d1, ...] sums over every m axis.
    interleaved = reshape(stack([multiples, shape(x, out_type=multiples.dtype)], axis=1), [-1])
    return reduce_sum(reshape(grad, interleaved), axis=list(range(0, 2 * rank, 2))), None
