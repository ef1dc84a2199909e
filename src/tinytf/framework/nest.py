"""Nested structures as `tf.nest` sees them: lists, tuples, namedtuples and dicts of leaves."""

from __future__ import annotations


def is_nested(value) -> bool:
    return isinstance(value, (list, tuple, dict))


def flatten(structure) -> list:
    """The leaves of `structure`, depth first (dict values in sorted key order)."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack_sequence_as(structure, flat_sequence):
    """`flat_sequence` arranged as `structure` is."""
    leaves = iter(flat_sequence)
    packed = _pack(structure, leaves)
    if next(leaves, _END) is not _END:
        raise ValueError("The flat sequence has more leaves than the structure.")
    return packed


_END = object()


def _pack(structure, leaves):
    if isinstance(structure, dict):
        values = {key: _pack(structure[key], leaves) for key in sorted(structure)}
        return type(structure)((key, values[key]) for key in structure)
    if isinstance(structure, (list, tuple)):
        items = [_pack(item, leaves) for item in structure]
        if hasattr(structure, "_fields"):
            return type(structure)(*items)
        return type(structure)(items)
    return next(leaves)


def map_structure(function, *structures):
    """The first structure with every leaf replaced by `function` of the leaves at that
    place in all of them (the structures must match)."""
    columns = zip(*(flatten(structure) for structure in structures), strict=True)
    return pack_sequence_as(structures[0], [function(*leaves) for leaves in columns])


def assert_same_structure(first, second, check_types: bool = True) -> None:
    """Raises as `tf.nest.assert_same_structure` does when the two structures differ."""
    problem = _difference(first, second, check_types)
    if problem is not None:
        error, detail = problem
        raise error(
            "The two structures don't have the same nested structure.\n\n"
            f"First structure: {_describe(first)}\n\nSecond structure: {_describe(second)}\n\n"
            f"More specifically: {detail}"
        )


def _describe(value) -> str:
    return f"type={type(value).__name__} str={value}"


def _difference(first, second, check_types: bool):
    if is_nested(first) != is_nested(second):
        return ValueError, (
            f'Substructure "{_describe(first)}" is a sequence, while substructure '
            f'"{_describe(second)}" is not'
            if is_nested(first)
            else f'Substructure "{_describe(second)}" is a sequence, while substructure '
            f'"{_describe(first)}" is not'
        )
    if not is_nested(first):
        return None
    if check_types and type(first) is not type(second):
        return TypeError, (
            f"The two namedtuples don't have the same sequence type. First structure "
            f"{_describe(first)} has type {type(first).__name__}, while second structure "
            f"{_describe(second)} has type {type(second).__name__}"
        )
    if isinstance(first, dict) and sorted(first) != sorted(second):
        return ValueError, (
            f"The two dictionaries don't have the same set of keys. First structure has "
            f"keys {sorted(first)}, while second structure has keys {sorted(second)}."
        )
    first_items = [first[k] for k in sorted(first)] if isinstance(first, dict) else list(first)
    second_items = [second[k] for k in sorted(second)] if isinstance(second, dict) else list(second)
    if len(first_items) != len(second_items):
        return ValueError, (
            "The two structures don't have the same number of elements. First structure: "
            f"{_describe(first)}, second structure: {_describe(second)}."
        )
    for mine, theirs in zip(first_items, second_items, strict=True):
        problem = _difference(mine, theirs, check_types)
        if problem is not None:
            return problem
    return None
