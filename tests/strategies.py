"""Hypothesis strategies shared by the property tests: shapes, arrays, reshapes, slices."""

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def shapes(min_rank: int = 0, max_rank: int = 4, min_side: int = 0, max_side: int = 4):
    return hnp.array_shapes(
        min_dims=min_rank, max_dims=max_rank, min_side=min_side, max_side=max_side
    )


def arrays(shape, dtype=np.float64):
    """Arrays of `shape` with small finite values (so sums stay exact enough)."""
    return hnp.arrays(dtype, shape, elements=st.floats(-10, 10, width=32))


@st.composite
def partial_shapes(draw, shape):
    """`shape` with some of its dimensions hidden (None), as a placeholder would have."""
    return [None if draw(st.booleans()) else d for d in shape]


@st.composite
def reshapes(draw):
    """(shape, new_shape): new_shape has the same element count, possibly with one -1."""
    factors = draw(st.lists(st.integers(1, 4), min_size=0, max_size=4))
    shape = tuple(factors)
    count = math.prod(shape)
    new_shape = []
    remaining = count
    for _ in range(draw(st.integers(0, 3))):
        divisors = [d for d in range(1, remaining + 1) if remaining % d == 0]
        side = draw(st.sampled_from(divisors))
        new_shape.append(side)
        remaining //= side
    new_shape.append(remaining)
    new_shape = draw(st.permutations(new_shape))
    if draw(st.booleans()):
        new_shape[draw(st.integers(0, len(new_shape) - 1))] = -1
    return shape, list(new_shape)


@st.composite
def concat_cases(draw):
    """(shapes, axis): shapes that agree everywhere except along `axis`."""
    base = list(draw(shapes(min_rank=1, max_rank=3)))
    axis = draw(st.integers(-len(base), len(base) - 1))
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        shape = list(base)
        shape[axis] = draw(st.integers(0, 3))
        parts.append(tuple(shape))
    return parts, axis


def _bound(side: int):
    return st.one_of(st.none(), st.integers(-side - 2, side + 2))


@st.composite
def _index_entry(draw, side: int):
    """An int index valid for a dimension of `side`, or a slice with any bounds and step."""
    if side > 0 and draw(st.booleans()):
        return draw(st.integers(-side, side - 1))
    step = draw(st.one_of(st.none(), st.integers(-3, 3).filter(bool)))
    return slice(draw(_bound(side)), draw(_bound(side)), step)


@st.composite
def index_specs(draw, shape):
    """A valid basic NumPy index for an array of `shape`: ints, slices, at most one
    Ellipsis (entries after it address the last dimensions) and newaxis (None)."""
    rank = len(shape)
    leading = draw(st.integers(0, rank))
    spec = [draw(_index_entry(shape[i])) for i in range(leading)]
    if draw(st.booleans()):
        trailing = draw(st.integers(0, rank - leading))
        spec.append(Ellipsis)
        spec.extend(draw(_index_entry(shape[i])) for i in range(rank - trailing, rank))
    for _ in range(draw(st.integers(0, 2))):
        spec.insert(draw(st.integers(0, len(spec))), None)
    return tuple(spec)
