"""Nested states and outputs (an LSTM's (c, h), a stack of cells' tuples), as TF's `nest`.

Tuples, namedtuples and lists are structures, visited in order; dicts by sorted key;
anything else (a tensor, a number, a TensorShape) is a leaf.
"""

from __future__ import annotations


def is_sequence(value) -> bool:
    return isinstance(value, (tuple, list, dict))


def flatten(structure) -> list:
    """The leaves of `structure`, depth first."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def _rebuild(template, items):
    if isinstance(template, dict):
        return type(template)((key, items[key]) for key in template)
    if isinstance(template, tuple) and hasattr(template, "_fields"):
        return type(template)(*items)
    return type(template)(items)


def pack_sequence_as(structure, flat_sequence):
    """`flat_sequence` arranged as `structure` is."""
    flat_sequence = list(flat_sequence)
    leaves = len(flatten(structure))
    if leaves != len(flat_sequence):
        raise ValueError(
            f"Could not pack sequence. Structure had {leaves} elements, but "
            f"flat_sequence had {len(flat_sequence)} elements."
        )
    packed, _ = _pack(structure, flat_sequence, 0)
    return packed


def _pack(structure, flat, index):
    if isinstance(structure, dict):
        items = {}
        for key in sorted(structure):
            items[key], index = _pack(structure[key], flat, index)
        return _rebuild(structure, items), index
    if isinstance(structure, (tuple, list)):
        items = []
        for item in structure:
            packed, index = _pack(item, flat, index)
            items.append(packed)
        return _rebuild(structure, items), index
    return flat[index], index + 1


def assert_same_structure(first, second) -> None:
    """ValueError unless `first` and `second` nest the same way with as many leaves."""
    if is_sequence(first) != is_sequence(second) or (
        is_sequence(first)
        and (
            len(first) != len(second)
            or any(
                _mismatch(a, b) for a, b in zip(_children(first), _children(second), strict=True)
            )
        )
    ):
        raise ValueError(
            "The two structures don't have the same nested structure.\n\n"
            f"First structure: {first}\n\nSecond structure: {second}"
        )


def _children(structure) -> list:
    if isinstance(structure, dict):
        return [structure[key] for key in sorted(structure)]
    return list(structure)


def _mismatch(first, second) -> bool:
    try:
        assert_same_structure(first, second)
    except ValueError:
        return True
    return False


def map_structure(function, *structures):
    """`function` applied to the leaves of `structures` in step, arranged as the first."""
    for other in structures[1:]:
        assert_same_structure(structures[0], other)
    flats = [flatten(structure) for structure in structures]
    return pack_sequence_as(
        structures[0], [function(*leaves) for leaves in zip(*flats, strict=True)]
    )
