"""The executor: compiles one (fetches, feeds) signature into a straight-line Python function.

A Plan prunes the graph to the ops the fetches need, orders them, binds every op to its
kernel (client/steps.py), rewrites these steps (client/rewrites.py), lets element-wise
steps reuse dying buffers (client/inplace.py), and writes the whole run as Python source
(client/codegen.py), one line per step, each tensor a local variable that is deleted after
its last use. `print(plan.source)` shows it. Running a plan is then a single function
call: no graph walk, no name lookups, no per-op bookkeeping.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections.abc import Iterator

import numpy as np

from tinytf.client import codegen, inplace, rewrites
from tinytf.client.steps import Step, kernel_error, steps_from_ops
from tinytf.framework import errors, registry
from tinytf.framework.graph import Operation, Tensor

_plan_ids = itertools.count()
# Whether plans built now get graph rewrites and buffer reuse (see `optimizations`).
_optimizing = True


@contextlib.contextmanager
def optimizations(enabled: bool) -> Iterator[None]:
    """Plans built inside use graph rewrites and buffer reuse if `enabled` (the default
    outside): `with executor.optimizations(False): ...` builds plain plans, to compare."""
    global _optimizing
    previous, _optimizing = _optimizing, enabled
    try:
        yield
    finally:
        _optimizing = previous


def fetched(value):
    """A fetched value the caller owns: a copy of an array, or a NumPy scalar for 0-d."""
    if isinstance(value, np.ndarray):
        return value[()] if value.ndim == 0 else value.copy()
    return value


def prune(fetches, feeds) -> set:
    """The ops needed to compute `fetches` (Tensors and Operations) given `feeds`.

    A placeholder that only a control dependency reaches is left out: as TensorFlow's
    kernel, it asks for a feed only when its value is needed.
    """
    needed = set()
    stack = [
        f.op if isinstance(f, Tensor) else f
        for f in fetches
        if not (isinstance(f, Tensor) and f in feeds)
    ]
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(t.op for t in op._inputs if t not in feeds)
        stack.extend(c for c in op._control_inputs if not c.op_def.requires_feed)
    return needed


def schedule(needed: set, feeds) -> list[Operation]:
    """Orders `needed` ops so each runs after its inputs and control inputs.

    Among ready ops, pure ones go first and then those that write variables: every read
    of a variable in this run happens before any write that does not depend on it, so a
    training step computes all its gradients from the same weights, as in TensorFlow.
    """
    waiting_on = {}
    consumers: dict[Operation, list[Operation]] = {op: [] for op in needed}
    for op in needed:
        producers = {t.op for t in op._inputs if t not in feeds}
        producers.update(c for c in op._control_inputs if c in needed)
        waiting_on[op] = len(producers)
        for producer in producers:
            consumers[producer].append(op)
    pure, writers = [], []
    for op in needed:
        if waiting_on[op] == 0:
            _push_ready(op, pure, writers)
    order = []
    while pure or writers:
        _, op = heapq.heappop(pure if pure else writers)
        order.append(op)
        for consumer in consumers[op]:
            waiting_on[consumer] -= 1
            if waiting_on[consumer] == 0:
                _push_ready(consumer, pure, writers)
    if len(order) != len(needed):
        raise errors.InvalidArgumentError(None, None, "Graph contains a cycle.")
    return order


def _push_ready(op: Operation, pure: list, writers: list) -> None:
    queue = writers if registry.get_op_def(op.type).ref_inputs else pure
    heapq.heappush(queue, (op._id, op))


class Plan:
    """One compiled run: `run(feed_values)` returns the fetched values in order.

    With `optimize` (default: as `optimizations` says), graph rewrites simplify the
    steps and element-wise results are written into dying inputs' buffers; the values
    computed are the same either way.
    """

    def __init__(
        self, fetches: list, feeds: list[Tensor], session, optimize: bool | None = None
    ) -> None:
        self.fetches = list(fetches)
        self.feeds = list(feeds)
        fed = set(feeds)
        self.ops = schedule(prune(self.fetches, fed), fed)
        steps = steps_from_ops(self.ops, fed, session)
        if _optimizing if optimize is None else optimize:
            steps = rewrites.optimize(steps, self.fetches)
            inplace.reuse_buffers(steps)
        self.steps = steps
        self._line_steps: dict[int, Step] = {}
        self.source, namespace = codegen.write(self, fed)
        code = compile(self.source, f"<tinytf plan {next(_plan_ids)}>", "exec")
        exec(code, namespace)
        self._function = namespace["run"]

    def run(self, feed_values: list) -> list:
        try:
            return self._function(feed_values)
        except errors.OpError:
            raise
        except Exception as exc:
            raise kernel_error(self._failing_op(exc.__traceback__), exc) from exc

    def _failing_op(self, traceback) -> Operation | None:
        step = None
        while traceback is not None:
            if traceback.tb_frame.f_code is self._function.__code__:
                step = self._line_steps.get(traceback.tb_lineno)
            traceback = traceback.tb_next
        return step.op if step is not None else None
