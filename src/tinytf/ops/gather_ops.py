"""Selecting elements by index: gather, gather_nd, boolean_mask, top_k, unique, and the
scatters that are their gradients (unsorted_segment_sum, scatter_nd)."""

from __future__ import annotations

import collections

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import dims_text, rank_at_least, rank_required, shapes_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.joining_ops import _dimension, concat
from tinytf.ops.one_hot_ops import one_hot
from tinytf.ops.shape_ops import create, expand_dims, reshape, shape, size, squeeze
from tinytf.ops.static_values import constant_int, int_tensor, shape_from_tensor

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
Unique = collections.namedtuple("Unique", ["y", "idx"])

_INDEX_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def _indices(indices, op_type: str) -> Tensor:
    indices = convert_to_tensor(indices, name="indices")
    if indices.dtype not in _INDEX_DTYPES:
        raise TypeError(
            f"Value passed to parameter 'indices' of '{op_type}' has DataType "
            f"{indices.dtype.name} not in list of allowed values: int16, int32, "
            "int64"
        )
    return indices


def _position(position) -> str:
    return ",".join(str(i) for i in position)


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0) -> Tensor:
    """The slices of `params` along `axis` at `indices`: out[..., i, ...] =
    params[..., indices[i], ...]. An index outside [0, size) fails when run."""
    if batch_dims != 0:
        raise NotImplementedError("tinytf's tf.gather supports batch_dims=0 only")
    axis = 0 if axis is None else axis
    with name_scope(name, "GatherV2", [params, indices, axis]) as scope:
        params = convert_to_tensor(params, name="params")
        indices = _indices(indices, "GatherV2")
        return create("GatherV2", [params, indices, int_tensor(axis, "axis")], name=scope)


def _gather_infer(inputs, attrs):
    params, indices, axis = inputs
    dims, index_dims = params.shape.as_tuple(), indices.shape.as_tuple()
    if dims is None or index_dims is None:
        return params.dtype, TensorShape(None)
    axis = constant_int(axis)
    if axis is None:
        return params.dtype, TensorShape([None] * (len(dims) + len(index_dims) - 1))
    if not -len(dims) <= axis < len(dims):
        raise ValueError(
            f"Expected axis in the range [{-len(dims)}, {len(dims)}), but got "
            f"{axis} for 'GatherV2' with input shapes: {shapes_text(inputs)}."
        )
    axis %= len(dims)
    return params.dtype, TensorShape(dims[:axis] + index_dims + dims[axis + 1 :])


@register_op("GatherV2", infer=_gather_infer)
def _gather_kernel(params, indices, axis):
    axis = int(axis)
    # NumPy reads negative indices from the end, which TF refuses.
    if indices.size and indices.min() < 0:
        _raise_out_of_range(indices, params.shape[axis])
    try:
        if indices.ndim == 0:  # one slice (a loop's step): np.take would copy all of a view
            return params[(slice(None),) * (axis % params.ndim) + (int(indices),)].copy()
        return np.take(params, indices, axis=axis)
    except IndexError:
        _raise_out_of_range(indices, params.shape[axis])


def _raise_out_of_range(indices, count: int):
    position = np.argwhere((indices < 0) | (indices >= count))[0]
    raise IndexError(
        f"indices[{_position(position)}] = {indices[tuple(position)]} is not in [0, {count})"
    )


@RegisterGradient("GatherV2")
def _gather_grad(op, grad):
    from tinytf.ops.math_ops import transpose

    params, indices, axis_tensor = op.inputs
    axis, rank = constant_int(axis_tensor), params.shape.ndims
    if axis is None or rank is None or indices.shape.ndims is None:
        raise NotImplementedError(
            "The gradient of tf.gather needs a constant axis and inputs of known rank."
        )
    axis %= rank
    count = _dimension(params, axis)
    if axis == 0:
        return unsorted_segment_sum(grad, indices, count), None, None
    # Move the gathered dimensions to the front, sum them by index, and move back.
    index_rank = indices.shape.ndims
    front = [
        *range(axis, axis + index_rank),
        *range(axis),
        *range(axis + index_rank, rank + index_rank - 1),
    ]
    summed = unsorted_segment_sum(transpose(grad, front), indices, count)
    back = [*range(1, axis + 1), 0, *range(axis + 1, rank)]
    return transpose(summed, back), None, None


def unsorted_segment_sum(data, segment_ids, num_segments, name=None) -> Tensor:
    """out[j, ...] = sum of data[i..., ...] over the i... where segment_ids[i...] == j.

    Unlike TensorFlow, which drops negative ids, every id must be in [0, num_segments).
    """
    with name_scope(name, "UnsortedSegmentSum", [data, segment_ids, num_segments]) as scope:
        data = convert_to_tensor(data, name="data")
        segment_ids = _indices(segment_ids, "UnsortedSegmentSum")
        inputs = [data, segment_ids, int_tensor(num_segments, "num_segments")]
        return create("UnsortedSegmentSum", inputs, name=scope)


def _unsorted_segment_sum_infer(inputs, attrs):
    data, segment_ids, num_segments = inputs
    dims, id_dims = data.shape.as_tuple(), segment_ids.shape.as_tuple()
    if dims is None or id_dims is None:
        return data.dtype, TensorShape(None)
    if not TensorShape(dims[: len(id_dims)]).is_compatible_with(id_dims):
        raise ValueError(
            f"segment_ids.shape = {dims_text(id_dims)} is not a prefix of "
            f"data.shape = {dims_text(dims)} for 'UnsortedSegmentSum'"
        )
    return data.dtype, TensorShape((constant_int(num_segments),) + dims[len(id_dims) :])


@register_op("UnsortedSegmentSum", infer=_unsorted_segment_sum_infer)
def _unsorted_segment_sum_kernel(data, segment_ids, num_segments):
    count = int(num_segments)
    if segment_ids.size and (segment_ids.min() < 0 or segment_ids.max() >= count):
        position = np.argwhere((segment_ids < 0) | (segment_ids >= count))[0]
        raise IndexError(
            f"segment_ids[{_position(position)}] = "
            f"{segment_ids[tuple(position)]} is out of range [0, {count})"
        )
    out = np.zeros((count,) + data.shape[segment_ids.ndim :], dtype=data.dtype)
    np.add.at(out, segment_ids, data)  # repeated ids accumulate
    return out


@RegisterGradient("UnsortedSegmentSum")
def _unsorted_segment_sum_grad(op, grad):
    return gather(grad, op.inputs[1]), None, None


def gather_nd(params, indices, name=None, batch_dims=0) -> Tensor:
    """out[i...] = params[indices[i..., 0], ..., indices[i..., k-1]] (a slice if k < rank)."""
    if batch_dims != 0:
        raise NotImplementedError("tinytf's tf.gather_nd supports batch_dims=0 only")
    with name_scope(name, "GatherNd", [params, indices]) as scope:
        params = convert_to_tensor(params, name="params")
        return create("GatherNd", [params, _indices(indices, "GatherNd")], name=scope)


def _gather_nd_infer(inputs, attrs):
    params, indices = inputs
    dims, index_dims = params.shape.as_tuple(), indices.shape.as_tuple()
    if dims is None or index_dims is None or index_dims[-1] is None:
        return params.dtype, TensorShape(None)
    if index_dims[-1] > len(dims):
        raise ValueError(
            f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
            f"{dims_text(index_dims)} and params shape: {dims_text(dims)} for "
            "'GatherNd'"
        )
    return params.dtype, TensorShape(index_dims[:-1] + dims[index_dims[-1] :])


def _check_coordinates(indices, shape, what: str) -> tuple:
    """The index tuple NumPy needs for `indices` (coordinates along the last axis)."""
    depth = indices.shape[-1]
    outside = ((indices < 0) | (indices >= np.array(shape[:depth]))).any(axis=-1)
    if outside.any():
        position = np.argwhere(outside)[0]
        raise IndexError(
            f"indices[{_position(position)}] = "
            f"[{', '.join(map(str, indices[tuple(position)]))}] does not index "
            f"into {what} shape {dims_text(shape)}"
        )
    return tuple(np.moveaxis(indices, -1, 0))


@register_op("GatherNd", infer=_gather_nd_infer)
def _gather_nd_kernel(params, indices):
    return params[_check_coordinates(indices, params.shape, "param")]


@RegisterGradient("GatherNd")
def _gather_nd_grad(op, grad):
    params, indices = op.inputs
    return scatter_nd(indices, grad, shape(params, out_type=indices.dtype)), None


def scatter_nd(indices, updates, shape, name=None) -> Tensor:
    """Zeros of `shape` plus each of `updates` at its coordinates in `indices` (repeated
    coordinates add up): the inverse of gather_nd."""
    with name_scope(name, "ScatterNd", [indices, updates, shape]) as scope:
        indices = _indices(indices, "ScatterNd")
        updates = convert_to_tensor(updates, name="updates")
        return create("ScatterNd", [indices, updates, int_tensor(shape, "shape")], name=scope)


@register_op(
    "ScatterNd", infer=lambda inputs, attrs: (inputs[1].dtype, shape_from_tensor(inputs[2]))
)
def _scatter_nd_kernel(indices, updates, shape):
    out = np.zeros(shape, dtype=updates.dtype)
    np.add.at(out, _check_coordinates(indices, out.shape, "output"), updates)
    return out


@RegisterGradient("ScatterNd")
def _scatter_nd_grad(op, grad):
    return None, gather_nd(grad, op.inputs[0]), None


def boolean_mask(tensor, mask, name="boolean_mask", axis=None) -> Tensor:
    """The elements (or slices) of `tensor` where `mask` is true, in row-major order.

    `mask` covers dimensions axis .. axis + mask rank of `tensor`; the result has one
    dimension of unknown size in their place.
    """
    from tinytf.ops.math_ops import where

    with name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        mask_rank = mask.shape.ndims
        if mask_rank is None:
            raise ValueError(
                "Number of mask dimensions must be specified, even if some "
                "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                "is not."
            )
        if mask_rank == 0:
            raise ValueError("mask cannot be scalar.")
        axis = 0 if axis is None else axis
        covered = tensor.shape[axis : axis + mask_rank]
        if not covered.is_compatible_with(mask.shape):
            raise ValueError(f"Shapes {covered} and {mask.shape} are incompatible")
        dims = shape(tensor)
        merged = reshape(tensor, concat([dims[:axis], [size(mask)], dims[axis + mask_rank :]], 0))
        positions = squeeze(where(reshape(mask, [-1])), axis=[1])
        return gather(merged, positions, axis=axis)


def top_k(input, k=1, sorted=True, name=None) -> TopKV2:  # noqa: A002
    """The k largest entries of the last dimension, in decreasing order, and their indices
    (int32); equal values come in order of index. tf.nn.top_k.

    NaN ranks after every number. TensorFlow's order for rows with NaN depends on its sort
    algorithm (NaN may come first, last or between numbers), so it can differ there.
    """
    with name_scope(name, "TopKV2", [input, k]) as scope:
        input = convert_to_tensor(input, name="input")
        inputs = [input, int_tensor(k, "k")]
        op = get_default_graph().create_op("TopKV2", inputs, {"sorted": bool(sorted)}, name=scope)
    return TopKV2(*op.outputs)


def _top_k_infer(inputs, attrs):
    x, k = inputs
    dims, count = x.shape.as_tuple(), constant_int(k)
    if dims is None:
        return [(x.dtype, TensorShape(None)), (dtypes.int32, TensorShape(None))]
    if not dims:
        raise ValueError(
            f"{rank_at_least(1, 0)} for 'TopKV2' with input shapes: {shapes_text(inputs)}."
        )
    if count is not None and dims[-1] is not None and dims[-1] < count:
        raise ValueError(
            f"input must have last dimension >= k = {count} but is {dims[-1]} "
            f"for 'TopKV2' with input shapes: {shapes_text(inputs)}."
        )
    out = TensorShape(dims[:-1] + (count,))
    return [(x.dtype, out), (dtypes.int32, out)]


@register_op("TopKV2", infer=_top_k_infer)
def _top_k_kernel(input, k, sorted):  # noqa: A002
    columns, k = input.shape[-1], int(k)
    if columns < k:
        raise ValueError(f"input must have at least k columns. Had {columns}, needed {k}")
    # Sorting the reversed row stably and reading it backwards orders by decreasing value,
    # and equal values by increasing index, as TF does.
    nan = np.isnan(input) if input.dtype.kind == "f" else None
    keys = input if nan is None or not nan.any() else np.where(nan, -np.inf, input)
    ascending = np.argsort(keys[..., ::-1], axis=-1, kind="stable")
    indices = (columns - 1 - ascending)[..., ::-1]
    if keys is not input:
        # NaN never wins a comparison: it ranks below every number, -inf included, in
        # index order. TensorFlow's place for NaN depends on its sort and reduction order
        # (even the numbers around it can come out unsorted); tinytf's is this fixed rule.
        last = np.argsort(np.take_along_axis(nan, indices, -1), axis=-1, kind="stable")
        indices = np.take_along_axis(indices, last, -1)
    indices = indices[..., :k]
    return np.take_along_axis(input, indices, -1), indices.astype(np.int32)


@RegisterGradient("TopKV2")
def _top_k_grad(op, grad, _):
    from tinytf.ops.math_ops import reduce_sum

    x, indices = op.inputs[0], op.outputs[1]
    # Each value's gradient goes back to the column it was taken from.
    routed = one_hot(indices, _dimension(x, -1), dtype=grad.dtype) * expand_dims(grad, -1)
    return reduce_sum(routed, axis=-2), None


def unique(x, out_idx=dtypes.int32, name=None) -> Unique:
    """The distinct values of 1-D `x` in order of first appearance (y), and for each
    element of x the position of its value in y (idx): x == gather(y, idx)."""
    with name_scope(name, "Unique", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        op = get_default_graph().create_op(
            "Unique", [x], {"out_idx": dtypes.as_dtype(out_idx)}, name=scope
        )
    return Unique(*op.outputs)


def _unique_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims not in (None, 1):
        raise ValueError(
            f"{rank_required(1, x.shape.ndims)} for 'Unique' "
            f"with input shapes: {shapes_text(inputs)}."
        )
    return [(x.dtype, TensorShape([None])), (attrs["out_idx"], x.shape)]


@register_op("Unique", infer=_unique_infer)
def _unique_kernel(x, out_idx):
    values, first, inverse = np.unique(x, return_index=True, return_inverse=True)
    order = np.argsort(first)  # NumPy sorts the values; TF keeps them as first seen
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    return values[order], position[inverse].astype(out_idx.as_numpy_dtype)


NotDifferentiable("Unique")
