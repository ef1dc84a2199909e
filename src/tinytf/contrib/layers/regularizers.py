"""Weight penalties: `regularizer(weights)` gives a scalar loss (or None for no penalty)."""

from __future__ import annotations

import numbers

from tinytf.framework.graph import GraphKeys, add_to_collection, get_collection, name_scope
from tinytf.ops import math_ops, nn_ops
from tinytf.ops.constant_op import constant, convert_to_tensor


def _check_scale(scale) -> bool:
    """Whether `scale` turns the penalty on; ValueError for integers and negatives."""
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g}")
        return scale != 0.0
    return True


def _no_penalty(weights):
    return None


def l1_regularizer(scale, scope=None):
    """scale * sum(|weights|)."""
    if not _check_scale(scale):
        return _no_penalty

    def l1(weights, name=None):
        with name_scope(scope, "l1_regularizer", [weights]) as scope_name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(
                my_scale, math_ops.reduce_sum(math_ops.abs(weights)), name=scope_name
            )

    return l1


def l2_regularizer(scale, scope=None):
    """scale * sum(weights ** 2) / 2 (through tf.nn.l2_loss)."""
    if not _check_scale(scale):
        return _no_penalty

    def l2(weights, name=None):
        with name_scope(scope, "l2_regularizer", [weights]) as scope_name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, nn_ops.l2_loss(weights), name=scope_name)

    return l2


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """The sum of an L1 and an L2 penalty."""
    for name, scale in (("scale_l1", scale_l1), ("scale_l2", scale_l2)):
        if isinstance(scale, numbers.Integral):
            raise ValueError(f"{name} cannot be an integer: {scale}")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def sum_regularizer(regularizer_list, scope=None):
    """A regularizer adding the penalties of `regularizer_list` (None entries skipped)."""
    regularizers = [r for r in regularizer_list if r is not None]
    if not regularizers:
        return None

    def sum_of_penalties(weights):
        with name_scope(scope, "sum_regularizer", [weights]) as scope_name:
            penalties = [p for p in (r(weights) for r in regularizers) if p is not None]
            return math_ops.add_n(penalties, name=scope_name) if penalties else None

    return sum_of_penalties


def apply_regularization(regularizer, weights_list=None):
    """Sums `regularizer` over `weights_list` (default: the WEIGHTS collection) and adds
    the total to REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(weights) for weights in weights_list]
        penalties = [p if p is not None else constant(0.0) for p in penalties]
        for penalty in penalties:
            if penalty.shape.ndims != 0:
                raise ValueError(
                    f"regularizer must return a scalar Tensor instead of a "
                    f"Tensor with rank {penalty.shape.ndims}."
                )
        total = math_ops.add_n(penalties, name=scope)
    add_to_collection(GraphKeys.REGULARIZATION_LOSSES, total)
    return total
