"""Kernels of the dataset ops: each turns its inputs into a dataset value.

A dataset value is a function of no arguments that starts a new pass over the dataset and
returns a Python iterator of elements, each a tuple of NumPy arrays (the flattened
components). Values are built when the session runs the dataset's ops, so a dataset may
start from fed placeholders; the passes run inside the iterator ops, one element per
`get_next`. Functions given to `map`, `filter` and `from_generator` are looked up in
`FUNCTIONS` by the op that applies them (a graph attribute cannot hold a Python function).
"""

from __future__ import annotations

import itertools
import weakref

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape

# TensorFlow's dtypes of dataset and iterator handles (enums DT_VARIANT and DT_RESOURCE).
VARIANT = dtypes.variant
RESOURCE = dtypes.resource

FUNCTIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

_SHUFFLE_CHUNK = 1024  # random indices drawn at once: one NumPy call per chunk, not per element


def _handle_infer(inputs, attrs):
    return VARIANT, TensorShape([])


def _dataset_op(op_type: str):
    """Registers a dataset op kernel; dataset ops hold no gradient and are never folded."""
    NotDifferentiable(op_type)
    return register_op(op_type, infer=_handle_infer, bind=True, stateful=True)


@_dataset_op("TensorSliceDataset")
def _tensor_slice_kernel(op, session):
    def dataset(*components):
        sizes = {len(component) for component in components}
        if len(sizes) > 1:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"All components must have the same size in dimension 0, got "
                f"sizes {[len(component) for component in components]}",
            )
        return lambda: zip(*components, strict=True)

    return dataset


@_dataset_op("TensorDataset")
def _tensor_kernel(op, session):
    return lambda *components: lambda: iter([components])


@_dataset_op("RangeDataset")
def _range_kernel(op, session):
    def dataset(start, stop, step):
        if step == 0:
            raise errors.InvalidArgumentError(None, op, "step must be a non-zero integer.")
        numbers = range(int(start), int(stop), int(step))
        return lambda: ((np.array(number, np.int64),) for number in numbers)

    return dataset


@_dataset_op("ShuffleDataset")
def _shuffle_kernel(op, session):
    reshuffle = op.get_attr("reshuffle_each_iteration")

    def dataset(upstream, buffer_size, seed, seed2):
        if buffer_size <= 0:
            raise errors.InvalidArgumentError(None, op, "buffer_size must be greater than zero.")
        # Seeds (0, 0) ask for a fresh stream, fixed for this iterator's lifetime.
        base = [int(seed), int(seed2)] if seed or seed2 else [np.random.SeedSequence().entropy]
        passes = itertools.count()

        def elements():
            generator = np.random.default_rng(base + [next(passes) if reshuffle else 0])
            return _shuffled(upstream(), int(buffer_size), generator)

        return elements

    return dataset


def _shuffled(elements, buffer_size: int, generator: np.random.Generator):
    """TensorFlow's buffered shuffle: emit a random buffered element, refill its place."""
    buffer = list(itertools.islice(elements, buffer_size))
    indices = iter(())
    for element in elements:
        index = next(indices, None)
        if index is None:
            indices = iter(generator.integers(len(buffer), size=_SHUFFLE_CHUNK).tolist())
            index = next(indices)
        yield buffer[index]
        buffer[index] = element
    for index in generator.permutation(len(buffer)):
        yield buffer[index]


@_dataset_op("RepeatDataset")
def _repeat_kernel(op, session):
    def dataset(upstream, count):
        def elements():
            for _ in itertools.count() if count < 0 else range(int(count)):
                empty = True
                for element in upstream():
                    empty = False
                    yield element
                if empty:  # repeating nothing forever would never end
                    return

        return elements

    return dataset


@_dataset_op("BatchDatasetV2")
def _batch_kernel(op, session):
    def dataset(upstream, batch_size, drop_remainder):
        if batch_size <= 0:
            raise errors.InvalidArgumentError(None, op, "Batch size must be greater than zero.")

        def elements():
            source = upstream()
            while True:
                chunk = list(itertools.islice(source, int(batch_size)))
                if not chunk or (drop_remainder and len(chunk) < batch_size):
                    return
                components = zip(*chunk, strict=True)
                yield tuple(_stack(op, index, parts) for index, parts in enumerate(components))

        return elements

    return dataset


def _stack(op, index: int, parts) -> np.ndarray:
    try:
        return np.stack(parts)
    except ValueError:
        first = np.shape(parts[0])
        number, shape = next(
            (number, np.shape(part)) for number, part in enumerate(parts) if np.shape(part) != first
        )
        raise errors.InvalidArgumentError(
            None,
            op,
            f"Cannot batch tensors with different shapes in component {index}. "
            f"First element had shape {list(first)} and element {number} had shape "
            f"{list(shape)}.",
        ) from None


@_dataset_op("MapDataset")
def _map_kernel(op, session):
    function = FUNCTIONS[op]

    def dataset(upstream):
        def elements():
            call = function.bind()
            return (call(element) for element in upstream())

        return elements

    return dataset


@_dataset_op("FilterDataset")
def _filter_kernel(op, session):
    predicate = FUNCTIONS[op]

    def dataset(upstream):
        def elements():
            call = predicate.bind()
            return (element for element in upstream() if call(element)[0])

        return elements

    return dataset


@_dataset_op("GeneratorDataset")
def _generator_kernel(op, session):
    source = FUNCTIONS[op]
    return lambda: source.elements


@_dataset_op("TakeDataset")
def _take_kernel(op, session):
    def dataset(upstream, count):
        stop = None if count < 0 else int(count)
        return lambda: itertools.islice(upstream(), stop)

    return dataset


@_dataset_op("SkipDataset")
def _skip_kernel(op, session):
    def dataset(upstream, count):
        if count < 0:
            return lambda: iter(())
        return lambda: itertools.islice(upstream(), int(count), None)

    return dataset


@_dataset_op("ShardDataset")
def _shard_kernel(op, session):
    def dataset(upstream, num_shards, index):
        if not 0 <= index < num_shards:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Index must be between 0 and {num_shards - 1} (currently index = {index}).",
            )
        return lambda: itertools.islice(upstream(), int(index), None, int(num_shards))

    return dataset


@_dataset_op("PrefetchDataset")
def _prefetch_kernel(op, session):
    return lambda upstream, buffer_size: upstream


@_dataset_op("CacheDataset")
def _cache_kernel(op, session):
    def dataset(upstream, filename):
        cache = []
        complete = False

        def elements():
            nonlocal complete
            if complete:
                yield from cache
                return
            cache.clear()
            for element in upstream():
                cache.append(element)
                yield element
            complete = True

        return elements

    return dataset


@_dataset_op("ZipDataset")
def _zip_kernel(op, session):
    def dataset(*upstreams):
        # As in TensorFlow, the shortest dataset ends the zip.
        return lambda: (
            sum(parts, ()) for parts in zip(*(upstream() for upstream in upstreams), strict=False)
        )

    return dataset


@_dataset_op("ConcatenateDataset")
def _concatenate_kernel(op, session):
    return lambda first, second: lambda: itertools.chain(first(), second())
