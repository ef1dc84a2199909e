"""Clipping values and norms: clip_by_value, clip_by_norm, global_norm, clip_by_global_norm."""

from __future__ import annotations

from tinytf.framework.graph import Tensor, name_scope
from tinytf.ops import array_ops
from tinytf.ops.arithmetic_ops import maximum, minimum
from tinytf.ops.comparison_ops import greater, select
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.reduction_ops import reduce_sum
from tinytf.ops.unary_ops import sqrt, square


def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """`t` with values below clip_value_min raised to it and above clip_value_max lowered."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        clipped = maximum(minimum(values, clip_value_max), clip_value_min, name=scope)
        if not values.shape.is_compatible_with(clipped.shape):
            raise ValueError(
                f"Clipping bounds broadcast t of shape {values.shape} to shape "
                f"{clipped.shape}: they must not change its shape."
            )
        return clipped


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """`t` scaled down so that its L2 norm (over `axes`, all by default) is at most
    clip_norm; unchanged if it already is."""
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = convert_to_tensor(t, name="t")
        squared_sum = reduce_sum(values * values, axes, keepdims=True)
        # A zero norm would make the gradient of sqrt infinite: take the root of 1 there.
        positive = greater(squared_sum, 0)
        safe_sum = select(positive, squared_sum, array_ops.ones_like(squared_sum))
        norm = select(positive, sqrt(safe_sum), squared_sum)
        scaled = values * clip_norm
        return array_ops.identity(scaled / maximum(norm, clip_norm), name=scope)


def global_norm(t_list, name=None) -> Tensor:
    """sqrt(sum of the squares of every element of every tensor in t_list); Nones skipped.

    TensorFlow sums l2_loss values (half squares) and doubles the sum: the same number.
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    tensors = [t for t in t_list if t is not None]
    with name_scope(name, "global_norm", tensors):
        squared_norms = [
            reduce_sum(square(convert_to_tensor(t, name=f"t_{index}")))
            for index, t in enumerate(tensors)
        ]
        return sqrt(reduce_sum(array_ops.stack(squared_norms)), name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None) -> tuple[list, Tensor]:
    """Scales every tensor of t_list by clip_norm / max(global_norm, clip_norm).

    Returns the scaled list (Nones stay None) and the global norm. An infinite or NaN
    norm makes every value NaN, as in TensorFlow.
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with name_scope(name, "clip_by_global_norm", [*t_list, clip_norm]) as scope:
        # Written as a minimum of reciprocals so that a zero norm gives a scale of 1.
        scale = clip_norm * minimum(
            1.0 / use_norm, convert_to_tensor(1.0, dtype=use_norm.dtype) / clip_norm
        )
        # use_norm - use_norm is NaN exactly when the norm is not finite.
        scale = scale + (use_norm - use_norm)
        clipped = [
            None
            if t is None
            else array_ops.identity(convert_to_tensor(t) * scale, name=f"{scope}_{index}")
            for index, t in enumerate(t_list)
        ]
        return clipped, use_norm
