"""Nested dataset elements: tuples and dicts of components, flattened and rebuilt.

As in `tf.data`, a tuple (or namedtuple) or a dict is a structure of components, visited
in order (dict keys sorted); anything else, lists included, is a single component.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.tensor_shape import TensorShape

_END = object()


def is_structure(value) -> bool:
    return isinstance(value, (tuple, dict))


def flatten(structure) -> list:
    """The components of `structure`, depth first."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack(template, components):
    """`components` (a flat sequence) arranged as `template` is."""
    components = iter(components)
    packed = _pack(template, components)
    if next(components, _END) is not _END:
        raise ValueError("More components than the structure has places for.")
    return packed


def _pack(template, components):
    if isinstance(template, dict):
        values = {key: _pack(template[key], components) for key in sorted(template)}
        return type(template)((key, values[key]) for key in template)
    if isinstance(template, tuple):
        items = [_pack(item, components) for item in template]
        return type(template)(*items) if hasattr(template, "_fields") else tuple(items)
    return next(components)


def map_structure(function, structure):
    """`structure` with every component replaced by `function(component)`."""
    return pack(structure, [function(leaf) for leaf in flatten(structure)])


class TensorSpec:
    """The dtype and static shape of one component of a dataset's elements."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None) -> None:
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    def is_compatible_with(self, other) -> bool:
        return self._dtype == other.dtype and self._shape.is_compatible_with(other.shape)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, TensorSpec)
            and self._dtype == other.dtype
            and self._shape.as_tuple() == other.shape.as_tuple()
        )

    def __hash__(self) -> int:
        return hash((self._dtype, self._shape.as_tuple()))

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"


def structure_of(output_types, output_shapes=None):
    """The TensorSpecs of elements with `output_types` and `output_shapes` (a nest of
    each, or single values; shapes unknown when None), packed as `output_types`."""
    if output_shapes is None:
        output_shapes = map_structure(lambda _: None, output_types)
    flat_shapes = flatten(output_shapes) if is_structure(output_types) else [output_shapes]
    specs = [
        TensorSpec(shape, dtype)
        for dtype, shape in zip(flatten(output_types), flat_shapes, strict=True)
    ]
    return pack(output_types, specs)
