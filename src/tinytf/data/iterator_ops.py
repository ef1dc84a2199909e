"""Iterators over datasets: the IteratorV2/OneShotIterator, MakeIterator and IteratorGetNext ops.

An iterator's position lives in the session (in the cell the session keeps for the
iterator's op), never in the graph: two sessions iterate independently, and closing a
session forgets where it was. Each run of `get_next()` pulls one element, and raises
`tf.errors.OutOfRangeError` ("End of sequence") when there is none left.
"""

from __future__ import annotations

import numpy as np

from tinytf.data.dataset_kernels import RESOURCE
from tinytf.data.structure import flatten, map_structure, pack, structure_of
from tinytf.framework import errors
from tinytf.framework.graph import Operation, Tensor, get_default_graph
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape

_NOT_INITIALIZED = (
    "GetNext() failed because the iterator has not been initialized. Ensure "
    "that you have run the initializer operation for this iterator before "
    "getting the next element."
)


def _resource_infer(inputs, attrs):
    return RESOURCE, TensorShape([])


@register_op("IteratorV2", infer=_resource_infer, bind=True, stateful=True)
def _iterator_kernel(op, session):
    cell = session.variable_cell(op)
    return lambda: cell


@register_op("OneShotIterator", infer=_resource_infer, bind=True, stateful=True)
def _one_shot_iterator_kernel(op, session):
    cell = session.variable_cell(op)

    def handle(dataset):
        if cell.value is None:
            cell.value = dataset()
        return cell

    return handle


@register_op("MakeIterator", infer=lambda inputs, attrs: [], bind=True, stateful=True)
def _make_iterator_kernel(op, session):
    def initialize(dataset, handle):
        handle.value = dataset()

    return initialize


def _get_next_infer(inputs, attrs):
    return list(zip(attrs["output_types"], attrs["output_shapes"], strict=True))


@register_op("IteratorGetNext", infer=_get_next_infer, bind=True, stateful=True)
def _get_next_kernel(op, session):
    single = len(op.outputs) == 1

    def get_next(handle):
        if handle.value is None:
            raise errors.FailedPreconditionError(None, op, _NOT_INITIALIZED)
        element = next(handle.value, None)
        if element is None:
            raise errors.OutOfRangeError(None, op, "End of sequence")
        return np.asarray(element[0]) if single else tuple(np.asarray(c) for c in element)

    return get_next


for _op_type in ("IteratorV2", "OneShotIterator", "MakeIterator", "IteratorGetNext"):
    NotDifferentiable(_op_type)


class Iterator:
    """`tf.data.Iterator`: `get_next()` gives the tensors of the next element."""

    def __init__(self, handle: Tensor, structure, initializer: Operation | None = None) -> None:
        self._handle = handle
        self._structure = structure
        self._initializer = initializer

    @staticmethod
    def from_structure(
        output_types, output_shapes=None, shared_name=None, output_classes=None
    ) -> Iterator:
        """An iterator not yet bound to a dataset: start it with `make_initializer(dataset)`."""
        structure = structure_of(output_types, output_shapes)
        handle = _iterator_op("IteratorV2", [], structure, shared_name=shared_name or "")
        return Iterator(handle, structure)

    @property
    def initializer(self) -> Operation:
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer

    def make_initializer(self, dataset, name=None) -> Operation:
        """An op (re)starting this iterator at the first element of `dataset`."""
        ours = [spec.dtype for spec in flatten(self._structure)]
        theirs = [spec.dtype for spec in flatten(dataset._structure)]
        if ours != theirs:
            raise TypeError(
                f"Expected output types {self.output_types} but got dataset with "
                f"output types {dataset.output_types}."
            )
        return self._handle.graph.create_op(
            "MakeIterator", [dataset._variant_tensor, self._handle], {}, name=name or "MakeIterator"
        )

    def get_next(self, name=None):
        """The next element's tensors: each run of them moves the iterator one element on."""
        specs = flatten(self._structure)
        attrs = {
            "output_types": [spec.dtype for spec in specs],
            "output_shapes": [spec.shape for spec in specs],
        }
        op = self._handle.graph.create_op(
            "IteratorGetNext", [self._handle], attrs, name=name or "IteratorGetNext"
        )
        return pack(self._structure, op.outputs)

    element_spec = property(lambda self: self._structure)
    output_types = property(lambda self: map_structure(lambda s: s.dtype, self._structure))
    output_shapes = property(lambda self: map_structure(lambda s: s.shape, self._structure))
    output_classes = property(lambda self: map_structure(lambda s: Tensor, self._structure))


def _iterator_op(op_type: str, inputs, structure, **attrs) -> Tensor:
    specs = flatten(structure)
    attrs["output_types"] = [spec.dtype for spec in specs]
    attrs["output_shapes"] = [spec.shape for spec in specs]
    graph = inputs[0].graph if inputs else get_default_graph()
    return graph.create_op(op_type, inputs, attrs, name=op_type).outputs[0]


def make_one_shot_iterator(dataset) -> Iterator:
    """`tf.data.make_one_shot_iterator`: an iterator that needs no initializer."""
    _refuse_captured_state(dataset._variant_tensor)
    handle = _iterator_op("OneShotIterator", [dataset._variant_tensor], dataset._structure)
    return Iterator(handle, dataset._structure)


def make_initializable_iterator(dataset, shared_name=None) -> Iterator:
    """`tf.data.make_initializable_iterator`: run `iterator.initializer` to (re)start it."""
    graph = dataset._variant_tensor.graph
    with graph.as_default():
        handle = _iterator_op("IteratorV2", [], dataset._structure, shared_name=shared_name or "")
    iterator = Iterator(handle, dataset._structure)
    iterator._initializer = iterator.make_initializer(dataset)
    return iterator


def _refuse_captured_state(variant: Tensor) -> None:
    """A one-shot iterator starts by itself, so nothing it depends on may need feeding or
    initialising (TensorFlow's rule)."""
    seen, stack = set(), [variant.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in ("Placeholder", "PlaceholderWithDefault"):
            raise ValueError(
                f"Cannot capture a placeholder (name:{op.name}, type:{op.type}) by value."
            )
        if op.type == "VariableV2":
            raise ValueError(
                f"Cannot capture a stateful node (name:{op.name}, type:{op.type}) by value."
            )
        stack.extend(tensor.op for tensor in op.inputs)
        stack.extend(op.control_inputs)


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes
