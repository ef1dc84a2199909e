"""Neural-network composites: built from other ops, so they need no gradients of their own."""

from __future__ import annotations

import numbers

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.ops import array_ops, math_ops, nn_ops, random_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.softmax_ops import _ensure_named_arguments


def _is_tensor_like(value) -> bool:
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """-z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x)) for labels z and logits x.

    Computed as TensorFlow does, max(x, 0) - x z + log(1 + exp(-|x|)): finite for any x,
    precise for large |x|, and with TensorFlow's gradient at x = 0.
    """
    _ensure_named_arguments("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(
            labels, dtype=None if _is_tensor_like(labels) else logits.dtype, name="labels"
        )
        _check_same_shape(logits, labels)
        zeros = array_ops.zeros_like(logits)
        positive = math_ops.greater_equal(logits, zeros)
        relu_logits = math_ops.where(positive, logits, zeros)
        negative_abs_logits = math_ops.where(positive, -logits, logits)
        return math_ops.add(
            relu_logits - logits * labels,
            math_ops.log1p(math_ops.exp(negative_abs_logits)),
            name=scope,
        )


def weighted_cross_entropy_with_logits(
    labels=None, logits=None, pos_weight=None, name=None, targets=None
):
    """Sigmoid cross-entropy with the positive term weighted by `pos_weight`.

    TensorFlow's form, (1 - z) x + (1 + (pos_weight - 1) z) (log(1 + exp(-|x|)) + max(-x, 0)),
    gradient at x = 0 included.
    """
    if targets is not None:
        if labels is not None:
            raise ValueError("Cannot specify both 'targets' and 'labels'.")
        labels = targets
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(
            labels, dtype=None if _is_tensor_like(labels) else logits.dtype, name="labels"
        )
        _check_same_shape(logits, labels)
        log_weight = 1.0 + (pos_weight - 1.0) * labels
        softplus_of_negative = math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) + nn_ops.relu(
            -logits
        )
        return math_ops.add((1.0 - labels) * logits, log_weight * softplus_of_negative, name=scope)


def _check_same_shape(logits: Tensor, labels: Tensor) -> None:
    if not logits.shape.is_compatible_with(labels.shape):
        raise ValueError(
            f"`logits` and `labels` must have the same shape, received "
            f"({logits.shape} vs {labels.shape})."
        )


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) of `x` over `axes`; the variance sends no gradient into the mean."""
    keep = bool(keep_dims if keep_dims is not None else keepdims)
    with name_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x, name="x")
        # float16 statistics would lose too much; compute them in float32, as TensorFlow.
        y = math_ops.cast(x, dtypes.float32) if x.dtype == dtypes.float16 else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = math_ops.reduce_mean(
            math_ops.squared_difference(y, array_ops.stop_gradient(mean)),
            axes,
            keepdims=True,
            name="variance",
        )
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype == dtypes.float16:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset; offset and scale may be None.

    Computed as x * inv + (offset - mean * inv) with inv = scale / sqrt(variance + epsilon),
    so the full-size tensor is touched only twice.
    """
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x, name="x")
        mean, variance, offset, scale = (
            value
            if value is None or _is_tensor_like(value)
            else convert_to_tensor(value, dtype=x.dtype)
            for value in (mean, variance, offset, scale)
        )
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(shift, x.dtype)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    axis = dim if axis is None else axis
    with name_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        inverse_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, inverse_norm, name=scope)


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF 1.x's dropout: give exactly one of `keep_prob` and `rate` (= 1 - keep_prob)."""
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        if not isinstance(keep_prob, numbers.Real) and not _is_tensor_like(keep_prob):
            raise ValueError(
                f"keep_prob must be a floating point number or Tensor (got {keep_prob!r})"
            )
        rate = 1 - keep_prob
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability `rate` and scales the others by 1 / (1 - rate).

    `noise_shape` (broadcastable to x's shape) drops whole slices together.
    """
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    with name_scope(name, "dropout", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(
                f"`x.dtype` must be a floating point tensor as `x` will be "
                f"scaled. Received: x_dtype={x.dtype!r}"
            )
        if isinstance(rate, numbers.Real):
            if not 0 <= rate < 1:
                raise ValueError(
                    f"`rate` must be a scalar tensor or a float in the range "
                    f"[0, 1). Received: rate={rate}"
                )
            if rate == 0:
                return x
            scale = 1 / (1 - rate)
        else:
            rate = math_ops.cast(rate, x.dtype)
            scale = 1 / (1 - rate)
        noise_shape = _noise_shape(x, noise_shape)
        uniform = random_ops.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        keep = math_ops.cast(math_ops.greater_equal(uniform, rate), x.dtype)
        result = math_ops.multiply(x * scale, keep, name=scope)
        # As TensorFlow: the result has x's shape even when a rate of unknown shape (a
        # placeholder keep_prob) hides it from broadcasting, so a dense layer can follow.
        result.set_shape(x.shape)
        return result


def _noise_shape(x: Tensor, noise_shape):
    """The noise's shape: x's own, or `noise_shape` with its None entries taken from x."""
    if noise_shape is None:
        return array_ops.shape(x)
    if _is_tensor_like(noise_shape):
        return noise_shape
    dims = list(noise_shape)
    known = x.shape.as_tuple()
    if known is not None and len(known) == len(dims):
        dims = [known[i] if d is None else d for i, d in enumerate(dims)]
    if any(d is None for d in dims):
        return array_ops.shape(x)
    return dims


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases."""
    with name_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        product = math_ops.matmul(x, weights)
        return nn_ops.bias_add(product, biases, name=scope)


def embedding_lookup(
    params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None
):
    """Rows `ids` of `params` (a tensor, a variable, or a list of shards of one).

    Shards split the rows as TensorFlow does: "mod" puts row i in shard i % n, "div" gives
    each shard a contiguous block. With `max_norm`, rows longer than it are scaled down.
    """
    if partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}")
    shards = list(params) if isinstance(params, (list, tuple)) else [params]
    if not shards:
        raise ValueError("Need at least one param")
    with name_scope(name, "embedding_lookup", shards + [ids]):
        ids = convert_to_tensor(ids, name="ids")
        if len(shards) == 1:
            rows = array_ops.gather(shards[0], ids)
        else:
            table = array_ops.concat([convert_to_tensor(s) for s in shards], 0)
            rows = array_ops.gather(table, _shard_row_ids(shards, ids, partition_strategy))
        if max_norm is not None:
            rows = _clip_rows(rows, max_norm, ids)
        return array_ops.identity(rows)


def _shard_row_ids(shards, ids: Tensor, partition_strategy: str):
    """Where each id's row lies once the shards are concatenated."""
    if partition_strategy == "div":
        return ids  # contiguous blocks in shard order: concatenation keeps the numbering
    sizes = [convert_to_tensor(s).shape[0].value for s in shards]
    if None in sizes:
        raise NotImplementedError(
            "tinytf's 'mod' embedding_lookup over several shards needs "
            "their first dimensions to be known."
        )
    offsets = convert_to_tensor(np.cumsum([0] + sizes[:-1]).astype(ids.dtype.as_numpy_dtype))
    count = len(shards)
    return array_ops.gather(offsets, math_ops.floormod(ids, count)) + math_ops.floordiv(ids, count)


def _clip_rows(rows: Tensor, max_norm, ids: Tensor) -> Tensor:
    row_axes = list(range(ids.shape.ndims, rows.shape.ndims))
    norms = math_ops.sqrt(math_ops.reduce_sum(math_ops.square(rows), row_axes, keepdims=True))
    return rows * max_norm / math_ops.maximum(norms, max_norm)


def zero_fraction(value, name=None):
    """The fraction of entries of `value` that are zero, as a float32 scalar."""
    with name_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        zeros = math_ops.cast(math_ops.equal(value, array_ops.zeros_like(value)), dtypes.float32)
        return math_ops.reduce_mean(zeros, name="fraction")
