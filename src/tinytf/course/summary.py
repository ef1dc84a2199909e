"""A model's cost, layer by layer: output shape, parameters and multiply-adds per example."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tinytf.course.results import Table

_TRAINABLE, _ALL = "trainable_variables", "variables"  # TF's GraphKeys values


@dataclass
class LayerSummary:
    name: str
    output_shape: list
    parameters: int
    multiply_adds: int


@dataclass
class ModelSummary:
    """Per layer cost; `parameters` counts trainable values, `non_trainable` the rest."""

    layers: list[LayerSummary]
    non_trainable: int

    @property
    def parameters(self) -> int:
        return sum(layer.parameters for layer in self.layers)

    @property
    def multiply_adds(self) -> int:
        return sum(layer.multiply_adds for layer in self.layers)

    def table(self, title: str = "Model summary") -> Table:
        rows = [
            [layer.name, _shape_text(layer.output_shape), layer.parameters, layer.multiply_adds]
            for layer in self.layers
        ]
        rows.append(["total", "", self.parameters, self.multiply_adds])
        return Table(
            f"{title} ({self.parameters * 4:,} bytes of float32 weights; "
            f"{self.non_trainable} non-trainable values)",
            ["layer", "output shape", "parameters", "multiply-adds / example"],
            rows,
        )


def model_summary(inputs, outputs) -> ModelSummary:
    """Summarises the ops that lead from `inputs` (a placeholder) to `outputs`.

    A layer is a variable scope ("hidden1" owns hidden1/kernel and hidden1/bias), or for
    ops outside any scope the op itself. A layer's parameters are the trainable variables
    its ops read first; its multiply-adds those of its matrix products (k·n for an
    [examples, k] x [k, n] product) and convolutions (output positions times filter size;
    element-wise work is not counted); its output shape
    that of its last op on the path. Works on tinytf and TensorFlow graphs.
    """
    graph = outputs.graph
    trainable = {variable.op.name: variable for variable in graph.get_collection(_TRAINABLE)}
    scopes = sorted(
        {name.rsplit("/", 1)[0] for name in trainable if "/" in name}, key=len, reverse=True
    )
    layers: dict[str, LayerSummary] = {}
    counted = set()
    for op in _forward_ops(inputs, outputs):
        scope = next(
            (scope for scope in scopes if op.name.startswith(scope + "/")), op.name.split("/")[0]
        )
        layer = layers.get(scope)
        if layer is None:
            layer = layers[scope] = LayerSummary(scope, [], 0, 0)
        layer.output_shape = _as_list(op.outputs[0].shape)
        for tensor in op.inputs:
            source = _variable_behind(tensor)
            if source in trainable and source not in counted:
                counted.add(source)
                layer.parameters += trainable[source].shape.num_elements()
        if op.type == "MatMul":
            layer.multiply_adds += op.inputs[1].shape.num_elements() or 0
        elif op.type == "Conv2D":
            layer.multiply_adds += _convolution_multiply_adds(op)
    names = [variable.op.name for variable in graph.get_collection(_ALL)]
    # Optimizer slots (hidden1/kernel/Adam) sit under their variable's name: not the model's.
    model_names = [
        name for name in names if not any(name.startswith(other + "/") for other in names)
    ]
    non_trainable = sum(
        variable.shape.num_elements()
        for variable in graph.get_collection(_ALL)
        if variable.op.name in model_names
        and variable.op.name not in trainable
        and any(variable.op.name.startswith(scope + "/") for scope in layers)
    )
    return ModelSummary(list(layers.values()), non_trainable)


def _convolution_multiply_adds(op) -> int:
    """Every output position multiplies one window by the whole filter [KH, KW, C, O]."""
    outputs = op.outputs[0].shape[1:].num_elements()
    filter_shape = _as_list(op.inputs[1].shape)
    if outputs is None or not filter_shape or None in filter_shape:
        return 0
    return outputs // filter_shape[3] * int(np.prod(filter_shape))


def _variable_behind(tensor) -> str:
    """The name of the variable op a tensor reads (through Identity ops), else ""."""
    op = tensor.op
    while op.type in ("Identity", "ReadVariableOp"):
        op = op.inputs[0].op
    return op.name if op.type in ("VariableV2", "VarHandleOp") else ""


def _forward_ops(inputs, outputs) -> list:
    """Ops that depend on `inputs` and that `outputs` depends on, in creation order."""
    needed, stack = set(), [outputs.op]
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(tensor.op for tensor in op.inputs)
    reached = {inputs.op}
    ordered = []
    for op in outputs.graph.get_operations():
        if op in needed and any(tensor.op in reached for tensor in op.inputs):
            reached.add(op)
            ordered.append(op)
    return ordered


def _as_list(shape) -> list:
    try:
        return shape.as_list()
    except ValueError:
        return []


def _shape_text(shape: list) -> str:
    return "[" + ", ".join("None" if size is None else str(size) for size in shape) + "]"
