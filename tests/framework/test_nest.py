"""Nested structures as tf.nest sees them: flatten, pack, compare."""

import collections

import pytest

from tinytf.framework import nest

Pair = collections.namedtuple("Pair", "a b")


def test_flatten_and_pack_round_trip_lists_tuples_namedtuples_and_dicts():
    structure = {"b": [1, (2, Pair(3, 4))], "a": 5}
    assert nest.flatten(structure) == [5, 1, 2, 3, 4]
    packed = nest.pack_sequence_as(structure, [50, 10, 20, 30, 40])
    assert packed == {"b": [10, (20, Pair(30, 40))], "a": 50}
    assert isinstance(packed["b"][1][1], Pair)
    assert nest.map_structure(lambda leaf: leaf * 2, (1, [2])) == (2, [4])


def test_pack_refuses_extra_leaves():
    with pytest.raises(ValueError, match="more leaves"):
        nest.pack_sequence_as([1], [1, 2])


@pytest.mark.parametrize(
    ("first", "second", "error", "detail"),
    [
        ((1, 2), 1, ValueError, "is a sequence, while substructure"),
        ([1, 2], (1, 2), TypeError, "don't have the same sequence type"),
        ([1, 2], [1], ValueError, "don't have the same number of elements"),
        ({"a": 1}, {"b": 1}, ValueError, "don't have the same set of keys"),
    ],
)
def test_assert_same_structure_raises_tensorflows_errors(first, second, error, detail):
    with pytest.raises(error, match="don't have the same nested structure") as caught:
        nest.assert_same_structure(first, second)
    assert detail in str(caught.value)
    nest.assert_same_structure([1, 2], (3, 4), check_types=False)
