"""Python functions applied to dataset elements: traced once, evaluated per element.

`Dataset.map(fn)` calls `fn` once, on placeholders shaped like the elements, in a graph of
its own (TensorFlow traces it into a function graph the same way). Each pass over the
dataset then runs that graph in a private session, one element at a time (tens of
microseconds each: map after `batch` to run it once per batch). The function may use any
tinytf op and constants, but not tensors of the program's graph.
"""

from __future__ import annotations

import numpy as np

from tinytf.client.session import Session
from tinytf.data.structure import TensorSpec, flatten, pack
from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Graph
from tinytf.ops.constant_op import convert_to_tensor, string_array
from tinytf.ops.placeholder_ops import placeholder


class TracedFunction:
    """`function` of elements shaped as `input_structure`, as a graph of its own."""

    def __init__(self, function, input_structure, graph_seed, what: str) -> None:
        self.graph = Graph()
        self.graph.seed = graph_seed
        with self.graph.as_default():
            specs = flatten(input_structure)
            self._inputs = [
                placeholder(spec.dtype, spec.shape, name=f"args_{index}")
                for index, spec in enumerate(specs)
            ]
            arguments = pack(input_structure, self._inputs)
            result = function(*arguments) if type(arguments) is tuple else function(arguments)
            if isinstance(result, list):  # as tf.data does: a list result is a tuple
                result = tuple(result)
            self._outputs = [convert_to_tensor(leaf) for leaf in flatten(result)]
        for tensor in self._outputs:
            if tensor.graph is not self.graph:
                raise ValueError(
                    f"The function given to {what} returned {tensor}, a tensor of the "
                    "program's graph: in tinytf it may only build on its arguments and "
                    "constants (move that tensor's value into the dataset instead)."
                )
        self.output_structure = pack(
            result, [TensorSpec(tensor.shape, tensor.dtype) for tensor in self._outputs]
        )

    def bind(self):
        """A callable mapping one element (a tuple of arrays) to the function's outputs."""
        run = Session(graph=self.graph).make_callable(self._outputs, self._inputs)
        return lambda element: tuple(run(*element))


class GeneratorSource:
    """The elements of `Dataset.from_generator`: each pass calls `generator(*args)`."""

    def __init__(self, generator, structure, args) -> None:
        self._generator = generator
        self._structure = structure
        self._specs = flatten(structure)
        self._args = tuple(args or ())

    def elements(self):
        for value in self._generator(*self._args):
            yield tuple(
                self._convert(leaf, spec)
                for leaf, spec in zip(self._flatten(value), self._specs, strict=True)
            )

    def _flatten(self, value) -> list:
        if isinstance(self._structure, tuple) and isinstance(value, list):
            value = tuple(value)
        components = flatten(value)
        if len(components) != len(self._specs):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"`generator` yielded an element that did not match the expected "
                f"structure: expected {len(self._specs)} components, got {value!r}.",
            )
        return components

    @staticmethod
    def _convert(leaf, spec: TensorSpec) -> np.ndarray:
        array = string_array(leaf) if spec.dtype is dtypes.string else np.asarray(leaf)
        if array.dtype != spec.dtype.as_numpy_dtype:
            if not np.can_cast(array.dtype, spec.dtype.as_numpy_dtype, "same_kind"):
                raise errors.InvalidArgumentError(
                    None,
                    None,
                    f"`generator` yielded an element of type {array.dtype} where "
                    f"an element of type {spec.dtype.name} was expected.",
                )
            array = array.astype(spec.dtype.as_numpy_dtype)
        if not spec.shape.is_compatible_with(array.shape):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"`generator` yielded an element of shape {list(array.shape)} "
                f"where an element of shape {spec.shape} was expected.",
            )
        return array
