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

# Inputs that kernels use only for their static-at-run-time shape (and dtype). Such a use
# never reads the buffer, so it neither keeps the buffer from being reused in place nor is
# changed by it: an in-place result always has its destination's shape and dtype.
SHAPE_ONLY_INPUTS = {
    "SumToShape": (1,),
    "Shape": (0,),
    "Size": (0,),
    "Rank": (0,),
    "ZerosLike": (0,),
}
# A plan step computing a value from the shapes of all its inputs (see rewrites).
SHAPE_FUNCTION = "ShapeFunction"


class Step:
    """One line of a plan.

    `op` is the graph operation the line computes or stands for (errors name it); `type`
    is its op type, or the name of a plan kernel that a rewrite put in its place. `fresh`
    says the kernel returns new arrays that alias nothing (so they can be reused in place);
    `pure` that it has no effect beyond its outputs (so it can be folded or dropped).
    `into` is the index of the input whose buffer the kernel writes its result into.
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

    def shape_only(self, index: int) -> bool:
        """Whether the kernel uses input `index` only for its shape."""
        return self.type == SHAPE_FUNCTION or index in SHAPE_ONLY_INPUTS.get(self.type, ())

    def __repr__(self) -> str:
        return f"<step {self.type} '{self.op.name}'>"


def steps_from_ops(
    ops: list[Operation], fed: set, session, compile_sub_graph: Callable
) -> list[Step]:
    """One step per op, in order; outputs that are fed are not computed again.

    An op holding sub-graphs gets them compiled by `compile_sub_graph(sub_graph)`.
    """
    steps = []
    for op in ops:
        op_def = registry.get_op_def(op.type)
        outputs = [None if tensor in fed else tensor for tensor in op._outputs]
        ref_inputs = op_def.ref_input_indices(op)
        pure = not (op_def.stateful or ref_inputs or op_def.ref_output)
        if op_def.sub_graphs:
            plans = {name: compile_sub_graph(op._attrs[name]) for name in op_def.sub_graphs}
            kernel = op_def.kernel(op, session, plans)
            step = Step(
                op, op.type, CALL, op._inputs, outputs, kernel, ref_inputs=ref_inputs, pure=False
            )
        elif op.type == "NoOp":
            step = Step(op, op.type, NOOP, [], [])
        elif op.type == "Const":
            step = Step(op, op.type, CONST, [], outputs, constant=op._attrs["value"])
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
            )
        steps.append(step)
    return steps


def kernel_error(op: Operation, exception: Exception) -> errors.InvalidArgumentError:
    """The error for a kernel that raised `exception`: InvalidArgumentError naming the op."""
    return errors.InvalidArgumentError(
        None, op, f"{type(exception).__name__} in op '{op.name}' ({op.type}): {exception}"
    )


def cell_values(steps: list[Step]) -> set:
    """The values that are variables' cells (references), not arrays."""
    cells = set()
    for step in steps:
        if registry.get_op_def(step.op.type).ref_output and step.type == step.op.type:
            cells.update(value for value in step.outputs if value is not None)
    return cells


def consumers(steps: list[Step]) -> dict:
    """For each value, the (step, input index) pairs that read it, in order."""
    readers: dict = {}
    for step in steps:
        for index, value in enumerate(step.inputs):
            readers.setdefault(value, []).append((step, index))
    return readers
