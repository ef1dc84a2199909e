"""TensorFlow's recurring wording in shape errors, written once: shapes as "[2,?]", and
the rank and dimension mismatches of its shape functions."""

from __future__ import annotations


def dims_text(shape) -> str:
    """A shape as TensorFlow's shape errors write it: "[2,?]", or "?" for an unknown rank.

    `shape` is a TensorShape, a sequence of dimensions (None for unknown ones), or None.
    """
    dims = shape if shape is None or isinstance(shape, (tuple, list)) else shape.as_tuple()
    if dims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def shapes_text(tensors) -> str:
    """The static shapes of `tensors` as TensorFlow's shape errors list them: "[2,3], [?]"."""
    return ", ".join(dims_text(tensor.shape) for tensor in tensors)


def rank_required(expected, rank) -> str:
    return f"Shape must be rank {expected} but is rank {rank}"


def rank_at_least(minimum, rank) -> str:
    return f"Shape must be at least rank {minimum} but is rank {rank}"


def rank_mismatch(rank, other_rank) -> str:
    return f"Shapes must be equal rank, but are {rank} and {other_rank}"


def dimension_mismatch(dim, other_dim) -> str:
    return f"Dimensions must be equal, but are {dim} and {other_dim}"


def dimension_in_both_mismatch(index, dim, other_dim) -> str:
    return f"Dimension {index} in both shapes must be equal, but are {dim} and {other_dim}"
