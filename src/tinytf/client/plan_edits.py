"""How rewrites change a plan's steps: forwarding values, replacing steps, dropping unused
ones (client/rewrites.py holds the rules that use these).

Changes are collected during a pass over the steps and applied after it, so that each
pass costs time in proportion to the plan's length.
"""

from __future__ import annotations

from tinytf.client.steps import CALL, CONST, NOOP, Step, cell_values
from tinytf.framework.graph import Operation, Tensor


class PlanEditor:
    """A plan's steps being rewritten, with what rules need to know about them: fetched
    values, ops kept for control dependencies, variables' cells, constants' values."""

    def __init__(self, steps: list[Step], fetches: list) -> None:
        self.steps = steps
        self.fetched = {value for value in fetches if isinstance(value, Tensor)}
        self.kept_ops = {op for op in fetches if isinstance(op, Operation)}
        for step in steps:
            self.kept_ops.update(step.op._control_inputs)
        self.cells = cell_values(steps)
        self.forwards: dict = {}
        self.forwarded: set = set()
        self.replacements: dict = {}
        self.readers: dict = {}
        self.last_write = -1
        self.constants: dict = {}
        for step in steps:
            if step.kind == CONST:
                self.constants[step.outputs[0]] = step.constant

    def forward(self, old, new) -> bool:
        """Every reader of `old` will read `new` instead (a fetched `old` is still made)."""
        if old in self.cells or new in self.cells or old in self.forwarded:
            return False
        self.forwards[old] = new
        self.forwarded.add(old)
        return True

    def replace(self, step: Step, new_steps: list[Step]) -> None:
        self.replacements[step] = new_steps

    def apply_changes(self) -> None:
        forwards, replacements = self.forwards, self.replacements
        if replacements:
            self.steps = [new for step in self.steps for new in replacements.get(step, [step])]
        if forwards:
            for step in self.steps:
                if any(value in forwards for value in step.inputs):
                    step.inputs = [self.resolve(value) for value in step.inputs]
        forwards.clear()
        replacements.clear()

    def resolve(self, value):
        while value in self.forwards:
            value = self.forwards[value]
        return value

    def drop_unused(self) -> None:
        """Removes pure steps none of whose outputs is read or fetched, last first."""
        read = set(self.fetched)
        kept = []
        for step in reversed(self.steps):
            needed = (
                not step.pure
                or step.op in self.kept_ops
                or step.kind == NOOP
                or any(value in read for value in step.outputs)
            )
            if needed:
                kept.append(step)
                read.update(step.inputs)
        self.steps = kept[::-1]

    def readers_of(self, value) -> list[tuple[Step, int]]:
        """The (step, input index) pairs reading `value` (for fusion, from an index)."""
        return [
            (step, index)
            for step, index in self.readers.get(value, ())
            if step.inputs[index] is value and step not in self.replacements
        ]

    def only_reader(self, value, types: frozenset) -> Step | None:
        """The one step of one of `types` reading `value` in full, if no other step does
        (steps reading only its shape aside)."""
        full = [
            (step, index) for step, index in self.readers_of(value) if not step.shape_only(index)
        ]
        if len(full) != 1 or full[0][0].type not in types or full[0][0].kind != CALL:
            return None
        step = full[0][0]
        return step if step.type == step.op.type and step.inputs.count(value) == 1 else None
