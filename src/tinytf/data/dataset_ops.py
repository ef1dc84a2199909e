"""`tf.data.Dataset` (TF 1.x's DatasetV1): input pipelines as dataset ops in the graph.

Each method adds one op, named and typed as TensorFlow names it (TensorSliceDataset,
ShuffleDataset, BatchDatasetV2...), whose value in a session describes how to produce the
elements (see dataset_kernels). Iterators (iterator_ops) pull the elements one
`get_next` at a time. Differences from TensorFlow: shuffling draws NumPy's random numbers
(the same seed gives the same order in tinytf, not TensorFlow's order), `cache` keeps
elements in memory even when given a file name, and `map` and `filter` functions may not
use tensors of the program's graph (see functions.py).
"""

from __future__ import annotations

from tinytf._unsupported import UnsupportedError
from tinytf.data import dataset_kernels, iterator_ops
from tinytf.data.functions import GeneratorSource, TracedFunction
from tinytf.data.structure import TensorSpec, flatten, map_structure, pack, structure_of
from tinytf.framework import dtypes, random_seed
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.tensor_shape import Dimension, TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_ops import cast


class Dataset:
    """A sequence of elements, each a structure (tuple, dict or single) of tensors."""

    def __init__(self, variant: Tensor, structure) -> None:
        self._variant_tensor = variant
        self._structure = structure

    @staticmethod
    def from_tensor_slices(tensors) -> Dataset:
        """One element per row of `tensors` (all components must have as many rows)."""
        components = _components(tensors)
        rows = Dimension(None)  # only to check, as TF does, that the row counts agree
        for tensor in components:
            if tensor.shape.ndims == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            if tensor.shape.ndims is not None:
                rows = rows.merge_with(tensor.shape[0])
        specs = [
            TensorSpec(tensor.shape[1:] if tensor.shape.ndims is not None else None, tensor.dtype)
            for tensor in components
        ]
        return _dataset("TensorSliceDataset", components, pack(tensors, specs))

    @staticmethod
    def from_tensors(tensors) -> Dataset:
        """A single element: `tensors`."""
        components = _components(tensors)
        specs = [TensorSpec(tensor.shape, tensor.dtype) for tensor in components]
        return _dataset("TensorDataset", components, pack(tensors, specs))

    @staticmethod
    def range(*args, output_type=dtypes.int64) -> Dataset:
        """The numbers of Python's range(*args), as int64 scalars."""
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
        inputs = [
            _int64(value, name)
            for value, name in ((start, "start"), (stop, "stop"), (step, "step"))
        ]
        dataset = _dataset("RangeDataset", inputs, TensorSpec([], dtypes.int64))
        return (
            dataset
            if output_type == dtypes.int64
            else dataset.map(lambda number: cast(number, output_type))
        )

    @staticmethod
    def zip(datasets) -> Dataset:
        """Elements of `datasets` (a structure of datasets) side by side."""
        members = flatten(datasets)
        structure = map_structure(lambda dataset: dataset._structure, datasets)
        return _dataset("ZipDataset", [d._variant_tensor for d in members], structure)

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None) -> Dataset:
        """The values `generator(*args)` yields, converted to `output_types`."""
        structure = structure_of(output_types, output_shapes)
        dataset = _dataset("GeneratorDataset", [], structure)
        dataset_kernels.FUNCTIONS[dataset._variant_tensor.op] = GeneratorSource(
            generator, structure, args
        )
        return dataset

    def map(self, map_func, num_parallel_calls=None, deterministic=None) -> Dataset:
        """`map_func` of each element (called with the components of a tuple element)."""
        function = TracedFunction(map_func, self._structure, self._graph.seed, "Dataset.map")
        return self._apply_function("MapDataset", function, function.output_structure)

    def filter(self, predicate) -> Dataset:
        """The elements for which `predicate` returns True (a scalar bool tensor)."""
        function = TracedFunction(predicate, self._structure, self._graph.seed, "Dataset.filter")
        spec = function.output_structure
        if not isinstance(spec, TensorSpec) or spec.dtype != dtypes.bool or spec.shape.ndims:
            raise ValueError(
                f"Invalid `predicate`. `predicate` must return a `tf.bool` "
                f"scalar tensor, but its return type was {spec}."
            )
        return self._apply_function("FilterDataset", function, self._structure)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None) -> Dataset:
        """Elements in random order, drawn from a buffer of `buffer_size` elements."""
        with self._graph.as_default():
            seed, seed2 = random_seed.get_seed(seed)
            inputs = [
                self._variant_tensor,
                _int64(buffer_size, "buffer_size"),
                _int64(seed or 0, "seed"),
                _int64(seed2 or 0, "seed2"),
            ]
            reshuffle = True if reshuffle_each_iteration is None else reshuffle_each_iteration
            return _dataset(
                "ShuffleDataset", inputs, self._structure, reshuffle_each_iteration=bool(reshuffle)
            )

    def batch(self, batch_size, drop_remainder=False) -> Dataset:
        """Consecutive elements stacked in batches of `batch_size` (the last may be smaller)."""
        with self._graph.as_default():
            size = _int64(batch_size, "batch_size")
            drop = convert_to_tensor(drop_remainder, dtypes.bool, name="drop_remainder")
            known = constant_value(size) if constant_value(drop) else None
            rows = TensorShape([None if known is None else int(known)])
            structure = map_structure(
                lambda spec: TensorSpec(rows.concatenate(spec.shape), spec.dtype), self._structure
            )
            return _dataset("BatchDatasetV2", [self._variant_tensor, size, drop], structure)

    def repeat(self, count=None) -> Dataset:
        """The elements `count` times over (forever if None or -1)."""
        return self._with_int64("RepeatDataset", -1 if count is None else count, "count")

    def take(self, count) -> Dataset:
        """The first `count` elements (all if -1)."""
        return self._with_int64("TakeDataset", count, "count")

    def skip(self, count) -> Dataset:
        """The elements after the first `count` (none if -1)."""
        return self._with_int64("SkipDataset", count, "count")

    def prefetch(self, buffer_size) -> Dataset:
        """The same elements: tinytf computes them when asked, so there is nothing to gain."""
        return self._with_int64("PrefetchDataset", buffer_size, "buffer_size")

    def shard(self, num_shards, index) -> Dataset:
        """Every `num_shards`-th element, starting at `index`."""
        with self._graph.as_default():
            inputs = [
                self._variant_tensor,
                _int64(num_shards, "num_shards"),
                _int64(index, "index"),
            ]
            return _dataset("ShardDataset", inputs, self._structure)

    def cache(self, filename="") -> Dataset:
        """The same elements, kept in memory after the first pass (never in a file)."""
        with self._graph.as_default():
            name = convert_to_tensor(filename, dtypes.string, name="filename")
            return _dataset("CacheDataset", [self._variant_tensor, name], self._structure)

    def concatenate(self, dataset: Dataset) -> Dataset:
        """This dataset's elements, then those of `dataset` (of the same types)."""
        ours, theirs = flatten(self._structure), flatten(dataset._structure)
        if [s.dtype for s in ours] != [s.dtype for s in theirs]:
            raise TypeError(
                f"Incompatible dataset elements:\n  {self.output_types} vs.\n  "
                f"{dataset.output_types}"
            )
        structure = pack(
            self._structure,
            [
                TensorSpec(_common_shape(a.shape, b.shape), a.dtype)
                for a, b in zip(ours, theirs, strict=True)
            ],
        )
        return _dataset(
            "ConcatenateDataset", [self._variant_tensor, dataset._variant_tensor], structure
        )

    def apply(self, transformation_func) -> Dataset:
        return transformation_func(self)

    def make_one_shot_iterator(self) -> iterator_ops.Iterator:
        """An iterator that starts itself on its first `get_next` in each session."""
        return iterator_ops.make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None) -> iterator_ops.Iterator:
        """An iterator to (re)start with `sess.run(iterator.initializer)`."""
        return iterator_ops.make_initializable_iterator(self, shared_name)

    element_spec = property(lambda self: self._structure)
    output_types = property(lambda self: map_structure(lambda s: s.dtype, self._structure))
    output_shapes = property(lambda self: map_structure(lambda s: s.shape, self._structure))
    output_classes = property(lambda self: map_structure(lambda s: Tensor, self._structure))
    _graph = property(lambda self: self._variant_tensor.graph)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        raise UnsupportedError(
            f"tinytf does not implement tf.data.Dataset.{name}; prepare the data with NumPy "
            "and build the dataset with from_tensor_slices, map, filter, shuffle, batch, "
            "repeat, take, skip, zip or concatenate"
        )

    def __iter__(self):
        raise RuntimeError(
            "`tf.data.Dataset` only supports Python-style iteration in eager "
            "mode or within tf.function."
        )

    def __repr__(self) -> str:
        return f"<{self._variant_tensor.op.type} element_spec={self._structure}>"

    def _with_int64(self, op_type: str, value, name: str) -> Dataset:
        with self._graph.as_default():
            inputs = [self._variant_tensor, _int64(value, name)]
            return _dataset(op_type, inputs, self._structure)

    def _apply_function(self, op_type: str, function, structure) -> Dataset:
        with self._graph.as_default():
            dataset = _dataset(op_type, [self._variant_tensor], structure)
        dataset_kernels.FUNCTIONS[dataset._variant_tensor.op] = function
        return dataset


DatasetV1 = Dataset


def _components(tensors) -> list[Tensor]:
    with name_scope("normalize_element"):
        return [
            convert_to_tensor(leaf, name=f"component_{index}")
            for index, leaf in enumerate(flatten(tensors))
        ]


def _int64(value, name: str) -> Tensor:
    return convert_to_tensor(value, dtypes.int64, name=name)


def _common_shape(first: TensorShape, second: TensorShape) -> TensorShape:
    if first.ndims is None or second.ndims is None or first.ndims != second.ndims:
        return TensorShape(None)
    return TensorShape(
        [a if a == b else None for a, b in zip(first.as_list(), second.as_list(), strict=True)]
    )


def _dataset(op_type: str, inputs, structure, **attrs) -> Dataset:
    """Adds a dataset op producing elements shaped as `structure`."""
    specs = flatten(structure)
    attrs["output_types"] = [spec.dtype for spec in specs]
    attrs["output_shapes"] = [spec.shape for spec in specs]
    graph = inputs[0].graph if inputs else get_default_graph()
    op = graph.create_op(op_type, inputs, attrs, name=op_type)
    return Dataset(op.outputs[0], structure)
