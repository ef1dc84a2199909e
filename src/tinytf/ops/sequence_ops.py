"""Batches of sequences of different lengths: reverse_sequence."""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import dimension_mismatch, rank_required
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import create


def reverse_sequence(
    input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None, batch_dim=None
) -> Tensor:  # noqa: A002 - TF's argument name
    """Reverses the first seq_lengths[b] entries along `seq_axis` of each slice b along
    `batch_axis` (default 0); the entries past each length stay where they are."""
    seq_axis = _one_of(seq_axis, seq_dim, "seq_axis", "seq_dim")
    batch_axis = _one_of(batch_axis, batch_dim, "batch_axis", "batch_dim")
    if seq_axis is None:
        raise TypeError("reverse_sequence() missing required argument: 'seq_axis'")
    with name_scope(name, "ReverseSequence", [input, seq_lengths]) as scope:
        input = convert_to_tensor(input, name="input")
        seq_lengths = convert_to_tensor(seq_lengths, name="seq_lengths")
        attrs = {"seq_dim": int(seq_axis), "batch_dim": int(batch_axis or 0)}
        return create("ReverseSequence", [input, seq_lengths], attrs, scope)


def _one_of(value, deprecated, name, deprecated_name):
    if value is not None and deprecated is not None and value != deprecated:
        raise ValueError(f"Cannot specify both '{name}' and '{deprecated_name}'")
    return value if value is not None else deprecated


def _reverse_sequence_infer(inputs, attrs):
    value, lengths = inputs
    seq_dim, batch_dim = attrs["seq_dim"], attrs["batch_dim"]
    where = "for 'ReverseSequence'"
    if not lengths.dtype.is_integer:
        raise TypeError(f"seq_lengths must be int32 or int64, not {lengths.dtype.name} {where}")
    if lengths.shape.ndims not in (None, 1):
        raise ValueError(f"{rank_required(1, lengths.shape.ndims)} {where}")
    rank = value.shape.ndims
    if rank is not None:
        if seq_dim == batch_dim:
            raise ValueError(f"seq_dim and batch_dim must be different: {seq_dim} {where}")
        for label, axis in (("seq_dim", seq_dim), ("batch_dim", batch_dim)):
            if not 0 <= axis < rank:
                raise ValueError(f"{label} must be < input rank: {axis} vs. {rank} {where}")
        batch, count = value.shape[batch_dim], lengths.shape
        if count.ndims == 1 and not batch.is_compatible_with(count[0]):
            raise ValueError(f"{dimension_mismatch(batch.value, count[0].value)} {where}")
    return value.dtype, value.shape


@register_op("ReverseSequence", infer=_reverse_sequence_infer)
def _reverse_sequence_kernel(value, lengths, seq_dim, batch_dim):
    moved = np.moveaxis(value, (batch_dim, seq_dim), (0, 1))
    steps = moved.shape[1]
    if lengths.shape != (moved.shape[0],):
        raise ValueError(
            f"Length of seq_lengths != input.dims({batch_dim}), ({lengths.shape[0]} vs. "
            f"{moved.shape[0]})"
        )
    if lengths.size and (lengths.min() < 0 or lengths.max() > steps):
        bad = int(np.argmax((lengths < 0) | (lengths > steps)))
        raise ValueError(f"seq_lens({bad}) > input.dims({seq_dim}) or negative")
    time = np.arange(steps)
    # Position t of row b reads t's mirror within the row's length, or t itself past it.
    source = np.where(time < lengths[:, None], lengths[:, None] - 1 - time, time)
    source = source.reshape(source.shape + (1,) * (moved.ndim - 2))
    reversed_rows = np.take_along_axis(moved, source, axis=1)
    return np.moveaxis(reversed_rows, (0, 1), (batch_dim, seq_dim))


@RegisterGradient("ReverseSequence")
def _reverse_sequence_grad(op, grad):
    return [
        reverse_sequence(
            grad,
            op.inputs[1],
            seq_axis=op.get_attr("seq_dim"),
            batch_axis=op.get_attr("batch_dim"),
        ),
        None,
    ]
