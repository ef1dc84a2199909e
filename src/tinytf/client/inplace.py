"""Buffer reuse: an element-wise step writes its result into the buffer of an input that dies.

A step may overwrite input `v` only when
(a) v's buffer is owned by this run: it was made by a kernel known to return new arrays
    (never a constant, a feed, a variable's array, or a view that may share one of those);
(b) no value that may share v's buffer is read after this step. Kernels not known to
    return new arrays may return views of their inputs: their outputs join their inputs'
    alias group, and the buffer is dead only when every value of the group is;
(c) v has the result's dtype and rank, and where both are known the same dimensions
    (a broadcast that turns out larger than v falls back to a new array at run time);
(d) no other input of the step shares v's buffer through another view.
A group read by a stateful kernel (which may keep a reference) is never reused. Fetched
values are copied when they are produced, so reusing them later is safe.

Ufuncs called without attributes have in-place variants; other kernels declare theirs in
their op's registration (OpDef.inplace), as ApplyGradientDescent does to use its dying
gradient as its work buffer. Which kernels return new arrays is declared there too
(OpDef.fresh_outputs).
"""

from __future__ import annotations

import numpy as np

from tinytf.client.steps import CALL, Step


def _ufunc_into(ufunc: np.ufunc, index: int):
    """`ufunc` writing into its input `index`, or into a new array when broadcasting
    makes the result larger than that input (NumPy refuses before writing anything)."""
    if ufunc.nin == 1:
        return lambda x: ufunc(x, out=x)
    # One closure per position rather than one indexing its operands: every element-wise
    # step calls this, and the indexing would cost it about 40% more.
    if index == 0:

        def into_first(x, y):
            try:
                return ufunc(x, y, out=x)
            except (ValueError, TypeError):
                return ufunc(x, y)

        return into_first

    def into_second(x, y):
        try:
            return ufunc(x, y, out=y)
        except (ValueError, TypeError):
            return ufunc(x, y)

    return into_second


def is_fresh(step: Step) -> bool:
    """Whether the step's kernel returns new arrays that alias nothing."""
    if step.kind != CALL:
        return False
    if step.fresh:
        return True
    return isinstance(step.kernel, np.ufunc) and not step.keywords


def _candidates(step: Step) -> list[int]:
    """The inputs whose buffer the step could write its result into."""
    if step.kind != CALL or step.into is not None or len(step.outputs) != 1:
        return []
    if isinstance(step.kernel, np.ufunc) and not step.keywords and step.kernel.nout == 1:
        return list(range(step.kernel.nin))
    return [step.inplace[0]] if step.inplace is not None else []


def _variant(step: Step, index: int):
    if isinstance(step.kernel, np.ufunc):
        return _ufunc_into(step.kernel, index)
    return step.inplace[1]


def _fits(value, result) -> bool:
    """(c): same dtype and rank (at least 1), and no known dimension that differs."""
    if value.dtype != result.dtype:
        return False
    dims, result_dims = value.shape.as_tuple(), result.shape.as_tuple()
    if not dims or result_dims is None or len(dims) != len(result_dims):
        return False
    return all(d is None or r is None or d == r for d, r in zip(dims, result_dims, strict=True))


class _Groups:
    """Alias groups (union-find) of values that may share one buffer: whether the buffer
    is owned by the run, and the position of the last step reading any of its values."""

    def __init__(self, last_read: dict) -> None:
        self.last_read = last_read
        self.parent: dict = {}
        self.owned: dict = {}
        self.latest: dict = {}

    def find(self, value):
        parent = self.parent
        while parent[value] is not value:
            parent[value] = parent[parent[value]]
            value = parent[value]
        return value

    def new(self, value, owned: bool) -> None:
        self.parent[value] = value
        self.owned[value] = owned
        self.latest[value] = self.last_read.get(value, -1)

    def join(self, value, others: list) -> None:
        """Puts `value` in one group with `others` (a value of unknown origin is foreign)."""
        known = [other for other in others if other in self.parent]
        self.new(value, bool(others) and len(known) == len(others))
        for other in known:
            self.merge(value, other)

    def merge(self, value, other) -> None:
        a, b = self.find(value), self.find(other)
        if a is b:
            return
        self.parent[b] = a
        owned = self.owned.pop(b)
        self.owned[a] = self.owned[a] and owned
        self.latest[a] = max(self.latest[a], self.latest.pop(b))

    def pin(self, value) -> None:
        if value in self.parent:
            self.owned[self.find(value)] = False


def reuse_buffers(steps: list[Step], keep=()) -> None:
    """Chooses, for each element-wise step, an input buffer to write into (sets `into`
    and the in-place kernel); the results are the same as without. Values in `keep` (a
    sub-plan's results, handed on uncopied) stay intact to the end."""
    last_read = {}
    for position, step in enumerate(steps):
        for index, value in enumerate(step.inputs):
            if not step.shape_only(index):
                last_read[value] = position
    for value in keep:
        last_read[value] = len(steps)
    groups = _Groups(last_read)
    for position, step in enumerate(steps):
        reads = [
            value
            for index, value in enumerate(step.inputs)
            if not step.shape_only(index) and index not in step.ref_inputs
        ]
        for index in _candidates(step):
            value = step.inputs[index]
            if _reusable(value, step, position, reads, groups):
                step.kernel = _variant(step, index)
                step.into = index
                break
        if not step.pure:
            for value in reads:
                groups.pin(value)
        outputs = [value for value in step.outputs if value is not None]
        for value in outputs:
            if not step.pure:  # a variable's cell, even when a dying input was a work buffer
                groups.new(value, False)
            elif step.into is not None:
                groups.new(value, True)
                groups.merge(step.inputs[step.into], value)
            else:
                groups.join(value, reads) if not is_fresh(step) else groups.new(value, True)


def _reusable(value, step: Step, position: int, reads: list, groups: _Groups) -> bool:
    result = step.outputs[0]
    if value not in groups.parent or result is None or not _fits(value, result):
        return False
    root = groups.find(value)
    if not groups.owned[root] or groups.latest[root] > position:
        return False
    return all(
        other is value or other not in groups.parent or groups.find(other) is not root
        for other in reads
    )
