"""The executor: compiles one (fetches, feeds) signature into a straight-line Python function.

A Plan prunes the graph to the ops the fetches need, orders them, binds every op to its
kernel, and writes the whole run as Python source, one line per op, each tensor a local
variable that is deleted after its last use. `print(plan.source)` shows it. Running a plan
is then a single function call: no graph walk, no name lookups, no per-op bookkeeping.
"""

from __future__ import annotations

import functools
import heapq
import itertools

import numpy as np

from tinytf.framework import errors, registry
from tinytf.framework.graph import Operation, Tensor

_plan_ids = itertools.count()


class VariableCell:
    """A session's storage for one variable: `value` is its array, None until initialised."""

    __slots__ = ("value", "op")

    def __init__(self, op: Operation) -> None:
        self.value = None
        self.op = op


def read_cell(cell: VariableCell):
    """Dereferences a variable: its current array, or FailedPreconditionError."""
    value = cell.value
    if value is None:
        name = cell.op.name
        raise errors.FailedPreconditionError(
            None, cell.op, f"Attempting to use uninitialized value {name}")
    return value


def fetched(value):
    """A fetched value the caller owns: a copy of an array, or a NumPy scalar for 0-d."""
    if isinstance(value, np.ndarray):
        return value[()] if value.ndim == 0 else value.copy()
    return value


def prune(fetches, feeds) -> set:
    """The ops needed to compute `fetches` (Tensors and Operations) given `feeds`."""
    needed = set()
    stack = [f.op if isinstance(f, Tensor) else f for f in fetches
             if not (isinstance(f, Tensor) and f in feeds)]
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(t.op for t in op._inputs if t not in feeds)
        stack.extend(op._control_inputs)
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
        producers.update(op._control_inputs)
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


def bind_kernel(op: Operation, session):
    """The callable that computes `op`'s outputs from its input values."""
    op_def = registry.get_op_def(op.type)
    if op_def.bind:
        return op_def.kernel(op, session)
    if op._attrs:
        return functools.partial(op_def.kernel, **op._attrs)
    return op_def.kernel


class Plan:
    """One compiled run: `run(feed_values)` returns the fetched values in order."""

    def __init__(self, fetches: list, feeds: list[Tensor], session) -> None:
        self.fetches = list(fetches)
        self.feeds = list(feeds)
        fed = set(feeds)
        self.ops = schedule(prune(self.fetches, fed), fed)
        self._line_ops: dict[int, Operation] = {}
        self._cells = {tensor for op in self.ops if registry.get_op_def(op.type).ref_output
                       for tensor in op._outputs if tensor not in fed}
        self.source, namespace = self._generate(fed, session)
        code = compile(self.source, f"<tinytf plan {next(_plan_ids)}>", "exec")
        exec(code, namespace)
        self._function = namespace["run"]

    def run(self, feed_values: list) -> list:
        try:
            return self._function(feed_values)
        except errors.OpError:
            raise
        except Exception as exc:
            op = self._failing_op(exc.__traceback__)
            raise errors.InvalidArgumentError(
                None, op, f"{type(exc).__name__} in op '{op.name}' ({op.type}): {exc}"
            ) from exc

    def _failing_op(self, traceback) -> Operation | None:
        op = None
        while traceback is not None:
            if traceback.tb_frame.f_code is self._function.__code__:
                op = self._line_ops.get(traceback.tb_lineno)
            traceback = traceback.tb_next
        return op

    def _generate(self, fed: set, session) -> tuple[str, dict]:
        """Writes the plan as Python source, with its kernels and constants as globals."""
        names: dict[Tensor, str] = {}
        namespace = {"_read": read_cell, "_fetched": fetched}
        lines = ["def run(feeds):"]
        for i, tensor in enumerate(self.feeds):
            names[tensor] = f"t{i}"
        if self.feeds:
            lines.append(f"    {', '.join(names[t] for t in self.feeds)}, = feeds")
        last_use = self._last_uses()
        fetch_names = self._fetch_names(names, lines, fed)
        for op in self.ops:
            first_line = len(lines) + 1
            lines.extend(self._op_lines(op, names, namespace, session, fed))
            for line_number in range(first_line, len(lines) + 1):
                self._line_ops[line_number] = op
            for tensor in op._outputs:
                if tensor in fetch_names and tensor in names:
                    lines.append(f"    {fetch_names[tensor]} = _fetched"
                                 f"({self._value_of(tensor, names)})")
            dead = [names[t] for t in last_use.get(op, ()) if t in names]
            if dead:
                lines.append(f"    del {', '.join(dead)}")
        results = [fetch_names[f] if isinstance(f, Tensor) else "None" for f in self.fetches]
        lines.append(f"    return [{', '.join(results)}]")
        return "\n".join(lines) + "\n", namespace

    def _fetch_names(self, names, lines, fed) -> dict[Tensor, str]:
        fetch_names = {}
        for tensor in self.fetches:
            if isinstance(tensor, Tensor) and tensor not in fetch_names:
                fetch_names[tensor] = f"f{len(fetch_names)}"
                if tensor in fed:
                    lines.append(f"    {fetch_names[tensor]} = _fetched({names[tensor]})")
        return fetch_names

    def _value_of(self, tensor: Tensor, names) -> str:
        """The expression for a tensor's value. A variable's cell is read where the value
        is used, so a read ordered after a write (by a control dependency) sees it."""
        return f"_read({names[tensor]})" if tensor in self._cells else names[tensor]

    def _op_lines(self, op, names, namespace, session, fed) -> list[str]:
        op_def = registry.get_op_def(op.type)
        args = [names[tensor] if index in op_def.ref_inputs else self._value_of(tensor, names)
                for index, tensor in enumerate(op._inputs)]
        outputs = []
        for tensor in op._outputs:
            if tensor in fed:
                outputs.append("_")
            else:
                names[tensor] = f"t{len(names)}"
                outputs.append(names[tensor])
        comment = f"  # {op.type} '{op.name}'"
        if op.type == "NoOp":
            return [f"    pass{comment}"]
        if op.type == "Const":
            namespace[f"c{op._id}"] = op._attrs["value"]
            lines = [f"    {outputs[0]} = c{op._id}{comment}"]
        else:
            namespace[f"k{op._id}"] = bind_kernel(op, session)
            call = f"k{op._id}({', '.join(args)})"
            target = ", ".join(outputs) + ("," if len(outputs) > 1 else "")
            lines = [f"    {target} = {call}{comment}" if outputs else f"    {call}{comment}"]
        return lines

    def _last_uses(self) -> dict[Operation, list[Tensor]]:
        """For each op, the tensors whose last reader it is (fetches excepted)."""
        last: dict[Tensor, Operation] = {}
        for op in self.ops:
            for tensor in op._inputs:
                last[tensor] = op
        released: dict[Operation, list[Tensor]] = {}
        for tensor, reader in last.items():
            released.setdefault(reader, []).append(tensor)
        for op in self.ops:
            for tensor in op._outputs:
                if tensor not in last:
                    released.setdefault(op, []).append(tensor)
        return released
