"""A plan's working form: the steps of one run, which rewrites transform before it is written.

Each Step computes its `outputs` (graph Tensors) from its `inputs` by one kernel call, or
names a constant, or reads a variable's cell. The user's Graph is never changed: rewrites
replace steps, not operations.
"""

from __future__ import annotations

from collections.abc import Callable

from tinytf.framework import errors, registry
from tinytf.framework.graph import Operation

# What a step's line does: compute by a kernel, name a constant, dereference a variable's
# cell, or nothing (an op run only for its control dependencies).
CALL, CONST, READ, NOOP = "call", "const", "read", "noop"

# A plan step computing a value from the shapes of all its inputs (see rewrites).
SHAPE_FUNCTION = "ShapeFunction"


class Step:
    """One line of a plan.

    `op` is the graph operation the line computes or stands for (errors name it); `type`
    is its op type, or the name of a plan kernel that a rewrite put in its place. `fresh`
    says the kernel returns new arrays that alias nothing (so they can be reused in place);
    `pure` that it has no effect beyond its outputs (so it can be folded or dropped).
    `into` is the index of the input whose buffer the kernel writes its result into.
    The kernel's facts come from its op's registration (framework/registry.py's OpDef):
    `shape_only_inputs`, and the bound variants `inplace` and `gradient_only`, each
    (input index, kernel); a rewrite that changes the kernel changes them with it.

    Inputs used only for their shape (and dtype) never read the buffer: such a use
    neither keeps the buffer from being reused in place nor is changed by it, since an
    in-place result always has its destination's shape and dtype.
    """

    __slots__ = (
        "op",
        "type",
        "kind",
        "kernel",
        "keywords",
        "inputs",
        "outputs",
        "ref_inputs",
        "constant",
        "fresh",
        "pure",
        "into",
        "shape_only_inputs",
        "inplace",
        "gradient_only",
    )

    def __init__(
        self,
        op: Operation,
        step_type: str,
        kind: str,
        inputs: list,
        outputs: list,
        kernel: Callable | None = None,
        keywords: dict | None = None,
        *,
        constant=None,
        ref_inputs: tuple = (),
        fresh: bool = False,
        pure: bool = True,
        shape_only_inputs: tuple = (),
        inplace: tuple | None = None,
        gradient_only: tuple | None = None,
    ) -> None:
        self.op = op
        self.type = step_type
        self.kind = kind
        self.kernel = kernel
        self.keywords = keywords or {}
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.ref_inputs = ref_inputs
        self.constant = constant
        self.fresh = fresh
        self.pure = pure
        self.into: int | None = None
        self.shape_only_inputs = shape_only_inputs
        self.inplace = inplace
        self.gradient_only = gradient_only

    def shape_only(self, index: int) -> bool:
        """Whether the kernel uses input `index` only for its shape."""
        return index in self.shape_only_inputs

    def __repr__(self) -> str:
        return f"<step {self.type} '{self.op.name}'>"


def steps_from_ops(
    ops: list[Operation], fed: set, fetched: set, session, compile_sub_graph: Callable
) -> list[Step]:
    """One step per op, in order; outputs that are fed are not computed again.

    An op holding sub-graphs gets `compile_sub_graph(sub_graph, wanted)` to compile them
    with, and which of its outputs this plan uses (a flag per output).
    """
    used = {value for op in ops for value in op._inputs}
    steps = []
    for op in ops:
        op_def = registry.get_op_def(op.type)
        outputs = [None if tensor in fed else tensor for tensor in op._outputs]
        ref_inputs = op_def.ref_input_indices(op)
        pure = not (op_def.stateful or ref_inputs or op_def.ref_output)
        if op_def.sub_graphs:
            wanted = [tensor in used or tensor in fetched for tensor in op._outputs]
            kernel = op_def.kernel(op, session, compile_sub_graph, wanted)
            step = Step(
                op, op.type, CALL, op._inputs, outputs, kernel, ref_inputs=ref_inputs, pure=False
            )
        elif op_def.control_only:
            step = Step(op, op.type, NOOP, [], [])
        elif op_def.constant_attr is not None:
            step = Step(op, op.type, CONST, [], outputs, constant=op._attrs[op_def.constant_attr])
        else:
            # A bound kernel is specialised once per plan; others get the attributes as
            # keyword arguments written into the call.
            kernel, keywords = (
                (op_def.kernel(op, session), None) if op_def.bind else (op_def.kernel, op._attrs)
            )
            step = Step(
                op,
                op.type,
                CALL,
                op._inputs,
                outputs,
                kernel,
                keywords,
                ref_inputs=ref_inputs,
                pure=pure,
                fresh=op_def.fresh_outputs,
                shape_only_inputs=op_def.shape_only_inputs,
                inplace=_bound(op_def, op_def.inplace, op, session),
                gradient_only=_bound(op_def, op_def.gradient_only, op, session),
            )
        steps.append(step)
    return steps


def _bound(op_def: registry.OpDef, variant: tuple | None, op: Operation, session):
    """A kernel variant (input index, kernel) as the plan calls it: bound like the kernel."""
    if variant is None:
        return None
    index, kernel = variant
    return index, kernel(op, session) if op_def.bind else kernel


def kernel_error(op: Operation, exception: Exception) -> errors.InvalidArgumentError:
    """The error for a kernel that raised `exception`: InvalidArgumentError naming the op."""
    return errors.InvalidArgumentError(
        None, op, f"{type(exception).__name__} in op '{op.name}' ({op.type}): {exception}"
    )


def cell_values(steps: list[Step]) -> set:
    """The values that are variables' cells (references), not arrays."""
    cells = set()
    for step in steps:
        if step.op.op_def.ref_output and step.type == step.op.type:
            cells.update(value for value in step.outputs if value is not None)
    return cells


def consumers(steps: list[Step]) -> dict:
    """For each value, the (step, input index) pairs that read it, in order."""
    readers: dict = {}
    for step in steps:
        for index, value in enumerate(step.inputs):
            readers.setdefault(value, []).append((step, index))
    return readers
