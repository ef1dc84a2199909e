"""`tf.FIFOQueue`, `tf.RandomShuffleQueue`, `tf.PaddingFIFOQueue`: queues in the session.

A queue op (FIFOQueueV2...) produces a handle to the queue's elements in the running
session (ops/queue_state.py); the graph holds only the queue's description, so two
sessions have two queues. Enqueue, dequeue, close and size ops take the handle.
"""

from __future__ import annotations

import threading

import numpy as np

from tinytf.framework import dtypes as dtypes_module
from tinytf.framework import errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.random_seed import get_seed
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.queue_state import QueueState

_creating = threading.Lock()  # two runner threads may be first to use a queue at once


def _handle_infer(inputs, attrs):
    return dtypes_module.resource, TensorShape([])


def _queue_kernel(op, session):
    cell = session.variable_cell(op)
    generator = None
    if op.type == "RandomShuffleQueueV2":
        generator = session.random_generator(op, op.get_attr("seed"), op.get_attr("seed2"))

    def handle():
        if cell.value is None:
            with _creating:
                if cell.value is None:
                    cell.value = QueueState(op, lambda: session._closed, generator)
        return cell.value

    return handle


for _queue_type in ("FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2"):
    register_op(_queue_type, infer=_handle_infer, bind=True, stateful=True)(_queue_kernel)


@register_op("QueueEnqueueV2", infer=lambda inputs, attrs: [], bind=True, stateful=True)
def _enqueue_kernel(op, session):
    return lambda queue, *components: queue.put([tuple(np.array(c) for c in components)], op)


@register_op("QueueEnqueueManyV2", infer=lambda inputs, attrs: [], bind=True, stateful=True)
def _enqueue_many_kernel(op, session):
    def enqueue_many(queue, *components):
        counts = {len(component) for component in components}
        if len(counts) > 1:
            raise errors.InvalidArgumentError(
                None,
                op,
                "Shape mismatch in tuple component: all must have the same size in "
                f"the 0th dimension, got {[len(component) for component in components]}",
            )
        rows = [tuple(np.array(value) for value in row) for row in zip(*components, strict=True)]
        queue.put(rows, op)

    return enqueue_many


def _element_shapes(handle: Tensor) -> list[TensorShape]:
    queue_op = handle.op
    shapes = queue_op.get_attr("shapes")
    types = queue_op.get_attr("component_types")
    return list(shapes) if shapes else [unknown_shape() for _ in types]


def _dequeue_infer(inputs, attrs):
    types = inputs[0].op.get_attr("component_types")
    return list(zip(types, _element_shapes(inputs[0]), strict=True))


def _batch_infer(exact: bool):
    """Dequeued batches: `n` elements (when `n` is known) for DequeueMany, any for UpTo."""

    def infer(inputs, attrs):
        types = inputs[0].op.get_attr("component_types")
        count = constant_value(inputs[1]) if exact else None
        leading = TensorShape([None if count is None else int(count)])
        return [
            (dtype, leading.concatenate(shape))
            for dtype, shape in zip(types, _element_shapes(inputs[0]), strict=True)
        ]

    return infer


def _unpacked(op, values: tuple):
    return values[0] if len(op.outputs) == 1 else values


@register_op("QueueDequeueV2", infer=_dequeue_infer, bind=True, stateful=True)
def _dequeue_kernel(op, session):
    def dequeue(queue):
        (row,) = queue.take(1, op)
        return _unpacked(op, row)

    return dequeue


def _dequeue_many_factory(up_to: bool):
    def factory(op, session):
        def dequeue_many(queue, count):
            if queue.kind != "PaddingFIFOQueue" and not all(
                shape.is_fully_defined() for shape in _element_shapes(op.inputs[0])
            ):
                raise errors.InvalidArgumentError(
                    None,
                    op,
                    f"{queue.kind}'s DequeueMany and DequeueUpTo require the components "
                    "to have specified shapes.",
                )
            return _unpacked(op, queue.stack(queue.take(int(count), op, up_to)))

        return dequeue_many

    return factory


register_op("QueueDequeueManyV2", infer=_batch_infer(exact=True), bind=True, stateful=True)(
    _dequeue_many_factory(up_to=False)
)
register_op("QueueDequeueUpToV2", infer=_batch_infer(exact=False), bind=True, stateful=True)(
    _dequeue_many_factory(up_to=True)
)


@register_op("QueueCloseV2", infer=lambda inputs, attrs: [], stateful=True)
def _close_kernel(queue, cancel_pending_enqueues=False):
    queue.close()


@register_op(
    "QueueSizeV2", infer=lambda inputs, attrs: (dtypes_module.int32, TensorShape([])), stateful=True
)
def _size_kernel(queue):
    return np.array(queue.size(), np.int32)


@register_op(
    "QueueIsClosedV2",
    infer=lambda inputs, attrs: (dtypes_module.bool, TensorShape([])),
    stateful=True,
)
def _is_closed_kernel(queue):
    return np.array(queue.closed)


for _op_type in (
    "FIFOQueueV2",
    "RandomShuffleQueueV2",
    "PaddingFIFOQueueV2",
    "QueueEnqueueV2",
    "QueueEnqueueManyV2",
    "QueueDequeueV2",
    "QueueDequeueManyV2",
    "QueueDequeueUpToV2",
    "QueueCloseV2",
    "QueueSizeV2",
    "QueueIsClosedV2",
):
    NotDifferentiable(_op_type)


class QueueBase:
    """A queue of tuples of tensors (components), as TensorFlow's `tf.QueueBase`."""

    def __init__(self, dtypes, shapes, names, queue_ref: Tensor) -> None:
        self._dtypes = list(dtypes)
        self._shapes = list(shapes) if shapes else [unknown_shape() for _ in self._dtypes]
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    queue_ref = property(lambda self: self._queue_ref)
    name = property(lambda self: self._queue_ref.op.name)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)

    def _components(self, vals, op_name: str, scope: str) -> list[Tensor]:
        if isinstance(vals, dict):
            if self._names is None:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names) != sorted(vals):
                raise ValueError(
                    f"Keys in dictionary to enqueue do not match names of Queue.  "
                    f"Dictionary: {sorted(vals)}, Queue: {sorted(self._names)}"
                )
            vals = [vals[name] for name in self._names]
        elif not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError(
                f"Expected {len(self._dtypes)} components to {op_name}, got {len(vals)}."
            )
        return [
            convert_to_tensor(value, dtype=dtype, name=f"component_{index}")
            for index, (value, dtype) in enumerate(zip(vals, self._dtypes, strict=True))
        ]

    def _enqueue(self, vals, name, op_type: str, suffix: str):
        with name_scope(name, f"{self._name}_{suffix}", [self._queue_ref]) as scope:
            components = self._components(vals, suffix, scope)
            attrs = {"Tcomponents": self._dtypes, "timeout_ms": -1}
            return self._queue_ref.graph.create_op(
                op_type, [self._queue_ref, *components], attrs, name=scope
            )

    def enqueue(self, vals, name=None):
        """An op adding one element (a tensor, list, tuple or dict of components)."""
        return self._enqueue(vals, name, "QueueEnqueueV2", "enqueue")

    def enqueue_many(self, vals, name=None):
        """An op adding the elements of `vals` sliced along their first dimension."""
        return self._enqueue(vals, name, "QueueEnqueueManyV2", "EnqueueMany")

    def _dequeue_op(self, op_type: str, inputs, name, attrs=None):
        attrs = {"component_types": self._dtypes, "timeout_ms": -1, **(attrs or {})}
        op = self._queue_ref.graph.create_op(op_type, [self._queue_ref, *inputs], attrs, name=name)
        outputs = list(op.outputs)
        if self._names is not None:
            return dict(zip(self._names, outputs, strict=True))
        return outputs[0] if len(outputs) == 1 else outputs

    def dequeue(self, name=None):
        """The next element's components (one tensor for a one-component queue)."""
        return self._dequeue_op("QueueDequeueV2", [], name or f"{self._name}_Dequeue")

    def dequeue_many(self, n, name=None):
        """`n` elements, concatenated along a new first dimension."""
        count = convert_to_tensor(n, dtype=dtypes_module.int32, name="n")
        return self._dequeue_op("QueueDequeueManyV2", [count], name or f"{self._name}_DequeueMany")

    def dequeue_up_to(self, n, name=None):
        """Up to `n` elements: fewer when the queue is closed with fewer left."""
        count = convert_to_tensor(n, dtype=dtypes_module.int32, name="n")
        return self._dequeue_op("QueueDequeueUpToV2", [count], name or f"{self._name}_DequeueUpTo")

    def close(self, cancel_pending_enqueues=False, name=None):
        """An op closing the queue: enqueues then fail, dequeues drain what is left."""
        return self._queue_ref.graph.create_op(
            "QueueCloseV2",
            [self._queue_ref],
            {"cancel_pending_enqueues": bool(cancel_pending_enqueues)},
            name=name or f"{self._name}_Close",
        )

    def is_closed(self, name=None) -> Tensor:
        return self._queue_ref.graph.create_op(
            "QueueIsClosedV2", [self._queue_ref], {}, name=name or f"{self._name}_IsClosed"
        ).outputs[0]

    def size(self, name=None) -> Tensor:
        """The number of elements in the queue now."""
        return self._queue_ref.graph.create_op(
            "QueueSizeV2", [self._queue_ref], {}, name=name or f"{self._name}_Size"
        ).outputs[0]


def _queue_ref(op_type: str, capacity, dtypes, shapes, name, **attrs) -> tuple:
    if not isinstance(dtypes, (list, tuple)):
        dtypes = [dtypes]
    dtypes = [dtypes_module.as_dtype(dtype) for dtype in dtypes]
    if shapes is not None:
        shapes = [TensorShape(shape) for shape in shapes]
        if len(shapes) != len(dtypes):
            raise ValueError("Queue shapes must have the same length as dtypes")
    attrs = {
        "component_types": dtypes,
        "shapes": shapes or [],
        "capacity": int(capacity),
        "container": "",
        "shared_name": attrs.pop("shared_name", None) or "",
        **attrs,
    }
    ref = get_default_graph().create_op(op_type, [], attrs, name=name).outputs[0]
    return dtypes, shapes, ref


def _check_names(names, dtypes):
    if names is not None and len(names) != len(dtypes):
        raise ValueError("Queue names must have the same length as dtypes")
    return list(names) if names is not None else None


class FIFOQueue(QueueBase):
    """`tf.FIFOQueue`: elements come out in the order they went in."""

    def __init__(
        self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"
    ) -> None:
        dtypes, shapes, ref = _queue_ref(
            "FIFOQueueV2", capacity, dtypes, shapes, name, shared_name=shared_name
        )
        super().__init__(dtypes, shapes, _check_names(names, dtypes), ref)


class PaddingFIFOQueue(QueueBase):
    """`tf.PaddingFIFOQueue`: a FIFOQueue whose `dequeue_many` pads elements with zeros
    (or empty strings) to the largest in the batch; shapes may have None dimensions."""

    def __init__(
        self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"
    ) -> None:
        dtypes, shapes, ref = _queue_ref(
            "PaddingFIFOQueueV2", capacity, dtypes, shapes, name, shared_name=shared_name
        )
        super().__init__(dtypes, shapes, _check_names(names, dtypes), ref)


class RandomShuffleQueue(QueueBase):
    """`tf.RandomShuffleQueue`: dequeues a random element, keeping `min_after_dequeue`
    back until the queue is closed. The order differs from TensorFlow's for a given
    seed (tinytf draws with NumPy), and is reproducible with a seed."""

    def __init__(
        self,
        capacity,
        min_after_dequeue,
        dtypes,
        shapes=None,
        names=None,
        seed=None,
        shared_name=None,
        name="random_shuffle_queue",
    ) -> None:
        seed, seed2 = get_seed(seed)
        dtypes, shapes, ref = _queue_ref(
            "RandomShuffleQueueV2",
            capacity,
            dtypes,
            shapes,
            name,
            shared_name=shared_name,
            min_after_dequeue=int(min_after_dequeue),
            seed=seed or 0,
            seed2=seed2 or 0,
        )
        super().__init__(dtypes, shapes, _check_names(names, dtypes), ref)
