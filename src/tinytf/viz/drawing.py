"""What a graph drawing shows: boxes for ops or collapsed name scopes, and the edges between.

Text sizes are estimated (about 7 pixels a character at 12 px), which is all the pure-Python
layout needs; Graphviz measures its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

_CHARACTER_WIDTH = 7.0
_PADDING = 20.0
_LINE_HEIGHT = 15.0
_KINDS = {
    "Placeholder": "input",
    "PlaceholderWithDefault": "input",
    "VariableV2": "variable",
    "Const": "constant",
}


@dataclass
class Node:
    """One box: an op, or a name scope collapsed with all the ops inside it."""

    key: str
    label: str
    detail: str
    kind: str
    tooltip: str
    scope: bool = False
    highlighted: bool = False

    @property
    def size(self) -> tuple[float, float]:
        longest = max(len(self.label), len(self.detail))
        lines = 2 if self.detail else 1
        return max(44.0, longest * _CHARACTER_WIDTH + _PADDING), 12.0 + lines * _LINE_HEIGHT


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    control: bool


@dataclass
class Drawing:
    nodes: dict[str, Node]
    edges: list[Edge]


def build_drawing(ops, depth: int | None, highlighted=()) -> Drawing:
    """Groups `ops` (in creation order) by the first `depth` parts of their names (None:
    one box per op) and joins the groups by their data and control edges."""
    members: dict[str, list] = {}
    group_of = {}
    for op in ops:
        key = op.name if depth is None else "/".join(op.name.split("/")[:depth])
        members.setdefault(key, []).append(op)
        group_of[op] = key
    labels = _short_names(list(members))
    nodes = {key: _node(key, labels[key], group, highlighted) for key, group in members.items()}
    edges: dict[tuple, Edge] = {}
    for op in ops:
        target = group_of[op]
        links = [(tensor.op, str(tensor.shape), False) for tensor in op.inputs]
        links += [(control, "", True) for control in op.control_inputs]
        for producer, label, control in links:
            source = group_of.get(producer)
            if source is not None and source != target:
                edges.setdefault((source, target, control), Edge(source, target, label, control))
    return Drawing(nodes, list(edges.values()))


def _short_names(keys: list[str]) -> dict[str, str]:
    """Each name's shortest ending (whole "/" parts) that no other name ends the same way."""
    parts = {key: key.split("/") for key in keys}
    labels, pending = {}, list(keys)
    length = 1
    while pending:
        endings = {key: "/".join(parts[key][-length:]) for key in pending}
        counts = Counter("/".join(parts[key][-length:]) for key in keys)
        for key in pending:
            if counts[endings[key]] == 1 or length >= len(parts[key]):
                labels[key] = endings[key]
        pending = [key for key in pending if key not in labels]
        length += 1
    return labels


def _node(key: str, label: str, ops: list, highlighted) -> Node:
    marked = any(op in highlighted for op in ops)
    gradient = key.split("/")[0].startswith("gradients")
    if len(ops) == 1 and ops[0].name == key:
        (op,) = ops
        kind = "gradient" if gradient else _KINDS.get(op.type, "op")
        shapes = ", ".join(str(output.shape) for output in op.outputs)
        tooltip = f"{op.name} ({op.type})" + (f" -> {shapes}" if shapes else "")
        return Node(
            key, label, op.type if op.type != label else "", kind, tooltip, highlighted=marked
        )
    count = f"{len(ops)} ops"
    return Node(
        key,
        label,
        count,
        "gradient" if gradient else "scope",
        f"name scope {key}: {count}",
        scope=True,
        highlighted=marked,
    )
