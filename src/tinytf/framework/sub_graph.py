"""SubGraph: a branch of tf.cond or the body of tf.while_loop, as ops of the same Graph.

A sub-graph's ops are created inside `building(graph, sub_graph)`: they keep the names
TensorFlow 1.x gives them (`cond/add`, `while/mul`) and sit in the one Graph, so variables,
summaries and collections see them as usual. The executor never walks into them from the
parent: the op owning the sub-graph (If, While) takes the tensors the sub-graph reads from
outside as its inputs, and the sub-graph is compiled into a plan of its own, fed those
values (`feeds`) and fetching its results (`outputs`). Both lists are aligned with the
owner's inputs and outputs; None marks a position this sub-graph does not use.
"""

from __future__ import annotations

import contextlib

from tinytf.framework.graph import Graph, Operation, Tensor


class SubGraph:
    """The ops of one branch or body, the tensors fed to it, and the tensors it returns."""

    __slots__ = ("name", "ops", "feeds", "outputs")

    def __init__(self, name: str) -> None:
        self.name = name
        self.ops: list[Operation] = []
        self.feeds: list[Tensor | None] = []
        self.outputs: list[Tensor | None] = []

    def fed(self) -> list[Tensor]:
        return [tensor for tensor in self.feeds if tensor is not None]

    def fetches(self) -> list[Tensor]:
        return [tensor for tensor in self.outputs if tensor is not None]

    def contains(self, tensor: Tensor) -> bool:
        return tensor.op in self.ops

    def external_inputs(self) -> list[Tensor]:
        """The tensors from outside that its ops read or that it returns, in first-use order."""
        inside = set(self.ops)
        external: dict[Tensor, None] = {}
        for op in self.ops:
            for tensor in op._inputs:
                if tensor.op not in inside:
                    external.setdefault(tensor)
        for tensor in self.outputs:
            if tensor is not None and tensor.op not in inside:
                external.setdefault(tensor)
        return list(external)

    def external_control_inputs(self) -> list[Operation]:
        """Ops outside that its ops must run after: the owner runs after them instead."""
        inside = set(self.ops)
        return list(
            dict.fromkeys(c for op in self.ops for c in op._control_inputs if c not in inside)
        )

    def __repr__(self) -> str:
        return f"<SubGraph '{self.name}' of {len(self.ops)} ops>"


@contextlib.contextmanager
def building(graph: Graph, sub_graph: SubGraph):
    """Ops created inside join `sub_graph` (until a nested sub-graph takes over)."""
    graph._sub_graph_stack.append(sub_graph)
    try:
        yield sub_graph
    finally:
        graph._sub_graph_stack.pop()
