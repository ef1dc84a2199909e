"""The executor: compiles one (fetches, feeds) signature into a straight-line Python function.

A Plan prunes the graph to the ops the fetches need, orders them, binds every op to its
kernel (client/steps.py), rewrites these steps (client/rewrites.py), lets element-wise
steps reuse dying buffers (client/inplace.py), and writes the whole run as Python source
(client/codegen.py), one line per step, each tensor a local variable that is deleted after
its last use. `print(plan.source)` shows it. Running a plan is then a single function
call: no graph walk, no name lookups, no per-op bookkeeping.

Control flow is a sub-plan called as one step. A branch of tf.cond or the body of
tf.while_loop is a SubGraph (framework/sub_graph.py): ops of the same Graph, built
inside the branch's context, with the tensors it reads from outside as its feeds and its
results as its fetches. An op that holds sub-graphs declares them in its registration
(`sub_graphs`); when a plan binds that op, each sub-graph is compiled into a Plan of its
own (pruned to the sub-graph's ops, fed what the parent passes in) and the op's kernel
factory receives these plans: the If kernel runs the taken branch's plan, the While kernel
runs its body's plan once per iteration. A graph without control flow compiles to the
same straight-line function as before; `plan.source` shows sub-plans after the parent.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from tinytf.client import codegen, inplace, rewrites
from tinytf.client.steps import Step, kernel_error, steps_from_ops
from tinytf.framework import errors, registry
from tinytf.framework.graph import Operation, Tensor

# The switch for graph rewrites and buffer reuse in plans built from now on.
OPTIMIZE = True

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
            None, cell.op, f"Attempting to use uninitialized value {name}"
        )
    return value


def fetched(value):
    """A fetched value the caller owns: a copy of an array, or a NumPy scalar for 0-d."""
    if isinstance(value, np.ndarray):
        return value[()] if value.ndim == 0 else value.copy()
    return value


def prune(fetches, feeds, within: set | None = None) -> set:
    """The ops needed to compute `fetches` (Tensors and Operations) given `feeds`.

    A placeholder that only a control dependency reaches is left out: as TensorFlow's
    kernel, it asks for a feed only when its value is needed. With `within` (a
    sub-graph's ops), control inputs from outside are left to the op owning the sub-graph.
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
        stack.extend(
            c
            for c in op._control_inputs
            if c.type != "Placeholder" and (within is None or c in within)
        )
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
    queue = writers if registry.get_op_def(op.type).ref_input_indices(op) else pure
    heapq.heappush(queue, (op._id, op))


class Plan:
    """One compiled run: `run(feed_values)` returns the fetched values in order.

    With `optimize` (default: the module's OPTIMIZE switch), graph rewrites simplify the
    steps and element-wise results are written into dying inputs' buffers; the values
    computed are the same either way.
    """

    def __init__(
        self,
        fetches: list,
        feeds: list[Tensor],
        session,
        optimize: bool | None = None,
        within: set | None = None,
    ) -> None:
        self.fetches = list(fetches)
        self.feeds = list(feeds)
        self.sub_plans: list[Plan] = []
        fed = set(feeds)
        self.ops = schedule(prune(self.fetches, fed, within), fed)
        self.optimize = OPTIMIZE if optimize is None else optimize

        def compile_sub_graph(sub_graph) -> Plan:
            plan = Plan(
                sub_graph.fetches(), sub_graph.fed(), session, self.optimize, set(sub_graph.ops)
            )
            plan.name = sub_graph.name
            self.sub_plans.append(plan)
            return plan

        steps = steps_from_ops(self.ops, fed, session, compile_sub_graph)
        if self.optimize:
            steps = rewrites.optimize(steps, self.fetches)
            inplace.reuse_buffers(steps)
        self.steps = steps
        self._line_steps: dict[int, Step] = {}
        # In a sub-plan, a fed variable's cell (passed by reference) is read where used.
        cells = {t for t in fed if registry.get_op_def(t.op.type).ref_output} if within else ()
        self._source, namespace = codegen.write(self, fed, cells)
        code = compile(self._source, f"<tinytf plan {next(_plan_ids)}>", "exec")
        exec(code, namespace)
        self._function = namespace["run"]

    @property
    def source(self) -> str:
        """The Python source of this plan, then of each sub-plan it calls."""
        parts = [self._source]
        for plan in self.sub_plans:
            source = plan.source.replace("def run(", f"def run_{_identifier(plan.name)}(", 1)
            parts.append(f"\n# sub-plan '{plan.name}'\n{source}")
        return "".join(parts)

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


def _identifier(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)
