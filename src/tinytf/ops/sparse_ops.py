"""Sparse tensors: `tf.SparseTensor` (indices, values, dense_shape), `tf.sparse_placeholder`
and the basic sparse ops (to dense, reduce_sum, dense matmul, edit_distance).

A SparseTensor is three tensors: int64 `indices` [N, rank], `values` [N] and int64
`dense_shape` [rank]. Fetching one gives a `tf.SparseTensorValue`; a sparse placeholder is
fed with one (or an (indices, values, dense_shape) tuple).
"""

from __future__ import annotations

import collections

import numpy as np

from tinytf.framework import dtypes, errors, runtime
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.framework.tensor_util import constant_value, constant_value_as_shape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.gather_ops import gather, gather_nd
from tinytf.ops.linalg_ops import matrix_transpose
from tinytf.ops.placeholder_ops import placeholder
from tinytf.ops.reduction_ops import reduce_sum
from tinytf.ops.shape_ops import broadcast_to, reshape

SparseTensorValue = collections.namedtuple(
    "SparseTensorValue", ["indices", "values", "dense_shape"]
)


class SparseTensor:
    """A sparse tensor: the `values` at `indices` of a tensor of shape `dense_shape`."""

    def __init__(self, indices, values, dense_shape) -> None:
        with name_scope(None, "SparseTensor", [indices, values, dense_shape]):
            self._indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(
                dense_shape, dtype=dtypes.int64, name="dense_shape"
            )
        self._static_shape = constant_value_as_shape(self._dense_shape)

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return value
        return cls(*value)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)
    shape = property(lambda self: self._static_shape)

    def get_shape(self) -> TensorShape:
        return self._static_shape

    def _fetch_as(self):
        """How a Session fetches it: its three tensors, rebuilt as a SparseTensorValue."""
        return SparseTensorValue, [self._indices, self._values, self._dense_shape]

    def _feed_parts(self, value) -> list:
        """The (tensor, value) feeds for a SparseTensorValue (or 3-tuple) fed to it."""
        indices, values, dense_shape = value
        return list(
            zip(
                (self._indices, self._values, self._dense_shape),
                (indices, values, dense_shape),
                strict=True,
            )
        )

    def eval(self, feed_dict=None, session=None):
        return runtime.run_in_default_session(self, feed_dict, session, is_tensor=True)

    def __repr__(self) -> str:
        return (
            f"SparseTensor(indices={self._indices}, values={self._values}, "
            f"dense_shape={self._dense_shape})"
        )


def _sparse(value) -> SparseTensor:
    if isinstance(value, SparseTensor):
        return value
    if isinstance(value, SparseTensorValue) or (isinstance(value, tuple) and len(value) == 3):
        return SparseTensor.from_value(value)
    raise TypeError(f"Input must be a SparseTensor, got {value!r}")


def sparse_placeholder(dtype, shape=None, name=None) -> SparseTensor:
    """A SparseTensor of three placeholders, fed with a SparseTensorValue."""
    prefix = f"{name}/" if name is not None else ""
    rank = None if shape is None else len(shape)
    values = placeholder(dtype, [None], name=f"{prefix}values" if name else None)
    indices = placeholder(dtypes.int64, [None, rank], name=f"{prefix}indices" if name else None)
    dense_shape = placeholder(dtypes.int64, [rank], name=f"{prefix}shape" if name else None)
    sparse = SparseTensor(indices, values, dense_shape)
    if shape is not None:
        sparse._static_shape = TensorShape([None if d in (None, -1) else d for d in shape])
    return sparse


def _sparse_to_dense_infer(inputs, attrs):
    shape = constant_value_as_shape(inputs[1])
    return inputs[2].dtype, shape


@register_op("SparseToDense", infer=_sparse_to_dense_infer, bind=True)
def _sparse_to_dense_kernel(op, session):
    def to_dense(indices, output_shape, values, default_value):
        shape = tuple(int(n) for n in np.atleast_1d(output_shape))
        indices = np.asarray(indices).reshape(-1, len(shape))
        dense = np.full(shape, default_value, dtype=np.asarray(values).dtype)
        for row, index in enumerate(indices):
            if any(i < 0 or i >= n for i, n in zip(index, shape, strict=True)):
                raise errors.InvalidArgumentError(
                    None,
                    op,
                    f"indices[{row}] = [{','.join(str(i) for i in index)}] is out of bounds: "
                    f"need 0 <= index < [{','.join(str(n) for n in shape)}]",
                )
        dense[tuple(indices.T)] = values
        return dense

    return to_dense


@RegisterGradient("SparseToDense")
def _sparse_to_dense_grad(op, grad):
    indices = op.inputs[0]
    values_grad = gather_nd(grad, indices)
    default_grad = reduce_sum(grad) - reduce_sum(values_grad)
    return None, None, values_grad, default_grad


def sparse_to_dense(
    sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None
) -> Tensor:
    """A dense tensor of `output_shape`: `sparse_values` at `sparse_indices`, else
    `default_value`."""
    with name_scope(name, "SparseToDense", [sparse_indices, output_shape, sparse_values]) as scope:
        values = convert_to_tensor(sparse_values, name="sparse_values")
        indices = convert_to_tensor(sparse_indices, name="sparse_indices")
        shape = convert_to_tensor(output_shape, dtype=indices.dtype, name="output_shape")
        default = convert_to_tensor(default_value, dtype=values.dtype, name="default_value")
        attrs = {"validate_indices": bool(validate_indices)}
        return values.graph.create_op(
            "SparseToDense", [indices, shape, values, default], attrs, name=scope
        ).outputs[0]


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """`sp_input` as a dense tensor, `default_value` (0) where it has no value."""
    sparse = _sparse(sp_input)
    if default_value is None:
        default_value = b"" if sparse.dtype is dtypes.string else 0
    return sparse_to_dense(
        sparse.indices,
        sparse.dense_shape,
        sparse.values,
        default_value,
        validate_indices,
        name=name,
    )


def _dense_of(indices, values, shape) -> np.ndarray:
    dense = np.zeros(tuple(int(n) for n in shape), np.asarray(values).dtype)
    np.add.at(dense, tuple(np.asarray(indices).T), values)
    return dense


def _reduce_sum_infer(inputs, attrs):
    rank = inputs[0].shape[1].value if inputs[0].shape.ndims == 2 else None
    axes = constant_value(inputs[3])
    if rank is None or axes is None:
        return inputs[1].dtype, unknown_shape()
    shape = constant_value_as_shape(inputs[2])
    reduced = {int(a) % rank for a in np.atleast_1d(axes)}
    dims = [1 if i in reduced else shape[i].value for i in range(rank)]
    if not attrs["keep_dims"]:
        dims = [d for i, d in enumerate(dims) if i not in reduced]
    return inputs[1].dtype, TensorShape(dims)


@register_op("SparseReduceSum", infer=_reduce_sum_infer)
def _sparse_reduce_sum_kernel(indices, values, shape, axes, keep_dims):
    dense = _dense_of(indices, values, shape)
    return np.asarray(dense.sum(axis=tuple(np.atleast_1d(axes).tolist()), keepdims=keep_dims))


@RegisterGradient("SparseReduceSum")
def _sparse_reduce_sum_grad(op, grad):
    indices, _, shape, axes = op.inputs
    rank = indices.shape[1].value
    reduced = {int(a) % rank for a in np.atleast_1d(constant_value(axes))}
    keep = constant([0 if i in reduced else 1 for i in range(rank)], dtypes.int64)
    kept_shape = shape * keep + (1 - keep)
    spread = broadcast_to(reshape(grad, kept_shape), shape)
    return None, gather_nd(spread, indices), None, None


def sparse_reduce_sum(
    sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None
) -> Tensor:
    """The sum of the sparse tensor's values along `axis` (all axes if None), dense."""
    sparse = _sparse(sp_input)
    axis = reduction_axes if axis is None else axis
    keep = bool(keep_dims if keepdims is None else keepdims)
    rank = sparse.indices.shape[1].value
    if axis is None:
        if rank is None:
            raise ValueError("sparse_reduce_sum needs the rank of the SparseTensor's indices")
        axis = list(range(rank))
    with name_scope(name, "SparseReduceSum", [sparse.values]) as scope:
        axes = convert_to_tensor(axis, dtype=dtypes.int32, name="reduction_axes")
        inputs = [sparse.indices, sparse.values, sparse.dense_shape, axes]
        return sparse.values.graph.create_op(
            "SparseReduceSum", inputs, {"keep_dims": keep}, name=scope
        ).outputs[0]


def _matmul_infer(inputs, attrs):
    a_shape = constant_value_as_shape(inputs[2])
    b = inputs[3].shape
    rows = a_shape[1] if attrs["adjoint_a"] else a_shape[0]
    columns = b[0] if attrs["adjoint_b"] else b[1]
    return inputs[1].dtype, TensorShape([rows, columns])


@register_op("SparseTensorDenseMatMul", infer=_matmul_infer)
def _sparse_dense_matmul_kernel(indices, values, shape, b, adjoint_a, adjoint_b):
    a = _dense_of(indices, values, shape)
    return (a.T if adjoint_a else a) @ (b.T if adjoint_b else b)


@RegisterGradient("SparseTensorDenseMatMul")
def _sparse_dense_matmul_grad(op, grad):
    indices, values, shape, b = op.inputs
    adjoint_a, adjoint_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    b_grad = sparse_tensor_dense_matmul(
        SparseTensor(indices, values, shape), grad, adjoint_a=not adjoint_a
    )
    if adjoint_b:
        b_grad = matrix_transpose(b_grad)
    rows, columns = indices[:, 0], indices[:, 1]
    parts_a = gather(grad, columns if adjoint_a else rows)
    parts_b = gather(matrix_transpose(b) if adjoint_b else b, rows if adjoint_a else columns)
    return None, reduce_sum(parts_a * parts_b, axis=1), None, b_grad


def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None) -> Tensor:
    """The product of a rank-2 SparseTensor and a dense matrix, dense."""
    sparse = _sparse(sp_a)
    with name_scope(name, "SparseTensorDenseMatMul", [sparse.values, b]):
        b = convert_to_tensor(b, name="b")
        inputs = [sparse.indices, sparse.values, sparse.dense_shape, b]
        attrs = {"adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)}
        op = b.graph.create_op("SparseTensorDenseMatMul", inputs, attrs)
        return op.outputs[0]


def _levenshtein(first: list, second: list) -> int:
    previous = list(range(len(second) + 1))
    for i, item in enumerate(first, start=1):
        current = [i]
        for j, other in enumerate(second, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (item != other))
            )
        previous = current
    return previous[-1]


def _sequences(indices, values) -> dict:
    grouped: dict = {}
    for index, value in sorted(zip(map(tuple, np.asarray(indices)), values, strict=True)):
        grouped.setdefault(index[:-1], []).append(value)
    return grouped


def _edit_distance_infer(inputs, attrs):
    hypothesis = constant_value_as_shape(inputs[2])
    truth = constant_value_as_shape(inputs[5])
    if hypothesis.ndims is None or truth.ndims is None:
        return dtypes.float32, unknown_shape()
    dims = [
        None if h.value is None or t.value is None else max(h.value, t.value)
        for h, t in zip(hypothesis[:-1], truth[:-1], strict=True)
    ]
    return dtypes.float32, TensorShape(dims)


@register_op("EditDistance", infer=_edit_distance_infer)
def _edit_distance_kernel(h_indices, h_values, h_shape, t_indices, t_values, t_shape, normalize):
    shape = tuple(int(max(h, t)) for h, t in zip(h_shape[:-1], t_shape[:-1], strict=True))
    hypotheses, truths = _sequences(h_indices, h_values), _sequences(t_indices, t_values)
    out = np.zeros(shape, np.float32)
    for index in np.ndindex(*shape):
        hypothesis, truth = hypotheses.get(index, []), truths.get(index, [])
        distance = float(_levenshtein(hypothesis, truth))
        if normalize:
            distance = distance / len(truth) if truth else (np.inf if hypothesis else 0.0)
        out[index] = distance
    return out


NotDifferentiable("EditDistance")


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance") -> Tensor:
    """The Levenshtein distance between the sequences of two SparseTensors (along their
    last axis), divided by the truth's length when `normalize`."""
    hypothesis, truth = _sparse(hypothesis), _sparse(truth)
    inputs = [
        hypothesis.indices,
        hypothesis.values,
        hypothesis.dense_shape,
        truth.indices,
        truth.values,
        truth.dense_shape,
    ]
    return hypothesis.values.graph.create_op(
        "EditDistance", inputs, {"normalize": bool(normalize)}, name=name
    ).outputs[0]
