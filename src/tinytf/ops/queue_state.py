"""A queue's elements in one session: a bounded buffer that the session's threads share.

Queue runner threads enqueue while the training loop dequeues, each inside its own
`Session.run`: a full queue blocks enqueues and an empty one blocks dequeues, as in
TensorFlow, until another thread makes room, adds elements, closes the queue, or the
session closes (blocked runs then fail with CancelledError, which ends queue runners).
"""

from __future__ import annotations

import itertools
import threading

import numpy as np

from tinytf.framework import errors
from tinytf.framework.shape_text import dims_text

# A blocked run looks this often (seconds) whether its session has been closed.
_POLL = 0.05
_KINDS = {
    "FIFOQueueV2": "FIFOQueue",
    "RandomShuffleQueueV2": "RandomShuffleQueue",
    "PaddingFIFOQueueV2": "PaddingFIFOQueue",
}
_resource_ids = itertools.count(1)


class QueueState:
    """The elements of queue op `op` in one session: each a tuple of arrays (components).

    A RandomShuffleQueue takes a random element, drawn from `generator`, and keeps
    `min_after_dequeue` elements back until it is closed. `is_closed_session` says whether
    the session holding the queue has been closed.
    """

    def __init__(self, op, is_closed_session, generator=None) -> None:
        self.kind = _KINDS[op.type]
        # TensorFlow names a queue's resource "_<number>_<op name>" in its messages.
        self.name = f"_{next(_resource_ids)}_{op.name}"
        self.capacity = op.get_attr("capacity")
        self.min_after_dequeue = op._attrs.get("min_after_dequeue", 0)
        self.shapes = op.get_attr("shapes")
        self.dtypes = op.get_attr("component_types")
        self.elements: list[tuple] = []
        self.closed = False
        self._is_closed_session = is_closed_session
        self._generator = generator
        self._condition = threading.Condition()

    def _wait(self, op) -> None:
        self._condition.wait(_POLL)
        if self._is_closed_session():
            raise errors.CancelledError(None, op, "Session has been closed.")

    def put(self, rows, op) -> None:
        """Appends each element of `rows`, waiting for room when the queue is full."""
        for row in rows:
            self._check_shapes(row, op)
            with self._condition:
                while not self.closed and 0 <= self.capacity <= len(self.elements):
                    self._wait(op)
                if self.closed:
                    raise errors.CancelledError(None, op, f"{self.kind} '{self.name}' is closed.")
                self.elements.append(row)
                self._condition.notify_all()

    def take(self, count: int, op, up_to: bool = False) -> list[tuple]:
        """`count` elements, waiting for them; once the queue is closed, fewer (at least
        one) when `up_to`, else OutOfRangeError."""
        with self._condition:
            while True:
                kept = 0 if self.closed else self.min_after_dequeue
                if len(self.elements) >= count + kept:
                    break
                if self.closed:
                    if up_to and self.elements:
                        count = len(self.elements)
                        break
                    raise errors.OutOfRangeError(
                        None,
                        op,
                        f"{self.kind} '{self.name}' is closed and has insufficient elements "
                        f"(requested {count}, current size {len(self.elements)})",
                    )
                self._wait(op)
            taken = [self._take_one() for _ in range(count)]
            self._condition.notify_all()
            return taken

    def _take_one(self) -> tuple:
        if self._generator is None:
            return self.elements.pop(0)
        # A random element, replaced by the last one: O(1), as TensorFlow does it.
        index = int(self._generator.integers(len(self.elements)))
        self.elements[index], self.elements[-1] = self.elements[-1], self.elements[index]
        return self.elements.pop()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def size(self) -> int:
        return len(self.elements)

    def _check_shapes(self, row, op) -> None:
        for index, (shape, value) in enumerate(zip(self.shapes, row, strict=False)):
            dims = shape.as_tuple()
            if dims is None:
                continue
            got = np.shape(value)
            if len(dims) != len(got) or any(
                d is not None and d != g for d, g in zip(dims, got, strict=True)
            ):
                raise errors.InvalidArgumentError(
                    None,
                    op,
                    f"Shape mismatch in tuple component {index}. Expected {dims_text(dims)}, "
                    f"got {dims_text(got)}",
                )

    def stack(self, rows: list[tuple]) -> tuple:
        """`rows` as one array per component, the elements along a new first axis; a
        PaddingFIFOQueue pads each to the largest element (zeros, or empty strings)."""
        components = []
        for index, dtype in enumerate(self.dtypes):
            values = [np.asarray(row[index]) for row in rows]
            numpy_dtype = dtype.as_numpy_dtype
            if self.kind == "PaddingFIFOQueue" and values:
                values = _padded(values, numpy_dtype)
            if values:
                components.append(np.stack(values).astype(numpy_dtype, copy=False))
            else:
                dims = self.shapes[index].as_tuple() if self.shapes else ()
                empty = (0, *(d or 0 for d in dims or ()))
                components.append(np.empty(empty, numpy_dtype))
        return tuple(components)


def _padded(values: list, numpy_dtype) -> list:
    largest = np.max([value.shape for value in values], axis=0) if values[0].ndim else ()
    fill = b"" if numpy_dtype is np.object_ else 0
    padded = []
    for value in values:
        out = np.full(tuple(largest), fill, dtype=numpy_dtype)
        out[tuple(slice(0, n) for n in value.shape)] = value
        padded.append(out)
    return padded
