"""Writes a plan's steps as the Python source of one straight-line function.

Each step is one line, each value a local variable deleted after its last use; kernels,
constants and attributes that are not literals are globals of the function. Variables'
cells are dereferenced where their values are used, so a read ordered after a write sees it.
"""

from __future__ import annotations

import keyword
import math

from tinytf.client.steps import CALL, CONST, NOOP, READ, Step, cell_values
from tinytf.framework.graph import Tensor

_LITERALS = (bool, int, float, str, type(None))


def write(plan, fed: set, fed_cells=()) -> tuple[str, dict]:
    """The source of `run(feeds)` for `plan`, and the globals it needs; `fed_cells` are
    feeds that are variables' cells.

    Fills `plan._line_steps` with the step each line belongs to (for error messages).
    """
    from tinytf.client.executor import fetched, read_cell  # here: the executor imports us

    writer = _Writer(plan.steps, fed)
    writer.cells.update(fed_cells)
    writer.namespace.update({"_read": read_cell, "_fetched": fetched})
    lines = writer.lines
    lines.append("def run(feeds):")
    for index, tensor in enumerate(plan.feeds):
        writer.names[tensor] = f"t{index}"
    if plan.feeds:
        lines.append(f"    {', '.join(writer.names[t] for t in plan.feeds)}, = feeds")
    fetch_names = writer.fetch_names(plan.fetches)
    last_use = writer.last_uses()
    for index, step in enumerate(plan.steps):
        first_line = len(lines) + 1
        lines.append(writer.line(step, index))
        for tensor in step.outputs:
            if tensor in fetch_names and tensor not in fed:
                lines.append(f"    {fetch_names[tensor]} = _fetched({writer.value(tensor)})")
        dead = [writer.names[value] for value in last_use.get(step, ())]
        if dead:
            lines.append(f"    del {', '.join(dead)}")
        for line_number in range(first_line, len(lines) + 1):
            plan._line_steps[line_number] = step
    results = [fetch_names[f] if f in fetch_names else "None" for f in plan.fetches]
    lines.append(f"    return [{', '.join(results)}]")
    return "\n".join(lines) + "\n", writer.namespace


class _Writer:
    """The names, globals and lines of one plan's source, as they are written."""

    def __init__(self, steps: list[Step], fed: set) -> None:
        self.steps = steps
        self.fed = fed
        self.cells = cell_values(steps)
        self.names: dict = {}
        self.namespace: dict = {}
        self.lines: list[str] = []

    def fetch_names(self, fetches: list) -> dict:
        """A name for each fetched value; fed ones are copied right away."""
        names = {}
        for value in fetches:
            if value in names or not isinstance(value, Tensor):
                continue
            names[value] = f"f{len(names)}"
            if value in self.fed:
                self.lines.append(f"    {names[value]} = _fetched({self.names[value]})")
        return names

    def last_uses(self) -> dict:
        """For each step, the values whose last reader it is: deleted after its line (a
        fetched value was copied when made), or, if none reads them, its own outputs."""
        last: dict = {}
        for step in self.steps:
            for value in step.inputs:
                last[value] = step
            for value in step.outputs:
                if value is not None:
                    last.setdefault(value, step)
        released: dict = {}
        for value, step in last.items():
            released.setdefault(step, []).append(value)
        return released

    def value(self, value) -> str:
        """The expression for a value: a cell is dereferenced where it is used."""
        return f"_read({self.names[value]})" if value in self.cells else self.names[value]

    def line(self, step: Step, key: int) -> str:
        targets = []
        for value in step.outputs:
            if value is None:
                targets.append("_")
            else:
                self.names[value] = f"t{len(self.names)}"
                targets.append(self.names[value])
        comment = f"  # {step.type} '{step.op.name}'"
        if step.into is not None:
            comment += f", into {self.names[step.inputs[step.into]]}"
        if step.kind == NOOP:
            return f"    pass{comment}"
        if step.kind == CONST:
            self.namespace[f"c{key}"] = step.constant
            return f"    {targets[0]} = c{key}{comment}"
        if step.kind == READ:
            return f"    {targets[0]} = _read({self.names[step.inputs[0]]}){comment}"
        assert step.kind == CALL
        self.namespace[f"k{key}"] = step.kernel
        arguments = [
            self.names[value] if index in step.ref_inputs else self.value(value)
            for index, value in enumerate(step.inputs)
        ]
        arguments += self.keywords(key, step.keywords)
        call = f"k{key}({', '.join(arguments)})"
        if not targets:
            return f"    {call}{comment}"
        return f"    {', '.join(targets)}{',' if len(targets) > 1 else ''} = {call}{comment}"

    def keywords(self, key: int, attrs: dict) -> list[str]:
        """`name=value` for each attribute: a literal where the value is one (a finite
        number, a string...), else a global; names that are not identifiers go in `**`."""
        arguments, others = [], {}
        for name, attr in attrs.items():
            if not name.isidentifier() or keyword.iskeyword(name):
                others[name] = attr
            elif type(attr) in _LITERALS and (type(attr) is not float or math.isfinite(attr)):
                arguments.append(f"{name}={attr!r}")
            else:
                self.namespace[f"a{key}_{name}"] = attr
                arguments.append(f"{name}=a{key}_{name}")
        if others:
            self.namespace[f"a{key}"] = others
            arguments.append(f"**a{key}")
        return arguments
