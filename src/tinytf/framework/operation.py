"""Operation: a node of the graph, with its op type, inputs, attributes and outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tinytf.framework import registry, runtime
from tinytf.framework.tensor import Tensor

if TYPE_CHECKING:
    from tinytf.framework.graph import Graph


class Operation:
    """A node of the graph: an op type, its input tensors, attributes and outputs."""

    __slots__ = (
        "_graph",
        "_name",
        "_type",
        "_inputs",
        "_outputs",
        "_control_inputs",
        "_attrs",
        "_id",
        "__weakref__",
    )

    def __init__(
        self, graph: Graph, op_type: str, name: str, inputs, attrs, output_specs, control_inputs
    ) -> None:
        self._graph = graph
        self._name = name
        self._type = op_type
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._control_inputs = list(control_inputs)
        self._id = len(graph._ops)
        self._outputs = [
            Tensor(self, i, dtype, shape) for i, (dtype, shape) in enumerate(output_specs)
        ]

    name = property(lambda self: self._name)
    type = property(lambda self: self._type)
    graph = property(lambda self: self._graph)
    outputs = property(lambda self: list(self._outputs))
    control_inputs = property(lambda self: list(self._control_inputs))
    device = property(lambda self: "")

    @property
    def inputs(self) -> tuple:
        return self._inputs

    @property
    def node_def(self):
        return {"name": self._name, "op": self._type, "attr": dict(self._attrs)}

    @property
    def op_def(self) -> registry.OpDef:
        return registry.get_op_def(self._type)

    def get_attr(self, name: str):
        if name in self._attrs:
            return self._attrs[name]
        if name == "T" and (self._inputs or self._outputs):
            return (self._inputs[0] if self._inputs else self._outputs[0]).dtype
        if name in ("dtype", "DstT") and self._outputs:
            return self._outputs[0].dtype
        raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")

    def run(self, feed_dict=None, session=None) -> None:
        runtime.run_in_default_session(self, feed_dict, session, is_tensor=False)

    def _as_graph_element(self):
        return self

    def __repr__(self) -> str:
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self) -> str:
        """The op as TensorFlow prints its NodeDef: name, op type, inputs."""
        lines = [f'name: "{self._name}"', f'op: "{self._type}"']
        lines += [f'input: "{_input_name(tensor)}"' for tensor in self._inputs]
        lines += [f'input: "^{op._name}"' for op in self._control_inputs]
        return "\n".join(lines) + "\n"


def _input_name(tensor: Tensor) -> str:
    """An input as a NodeDef names it: "op" for output 0, "op:1" for the others."""
    return tensor.op.name if tensor.value_index == 0 else tensor.name
