"""Export the inference part of a graph to ONNX, to run it with onnxruntime and friends.

    from tinytf import onnx_export
    model = onnx_export.export(session, inputs=[x], outputs=[probabilities],
                               path="mnist.onnx")
    # onnxruntime.InferenceSession("mnist.onnx").run(None, {"x": images})

The exporter takes the ops between `inputs` (placeholders, which become the ONNX graph's
inputs, named like the placeholders) and `outputs` (named like their ops). Everything that
does not depend on the inputs (variables, constants, and whatever is computed from them
alone, such as the scale and shift of batch normalisation in inference mode) is
evaluated in `session` and stored as initializers, a variable under its own name. The rest
is converted op by op to ONNX opset 13; an op with no converter raises NotImplementedError
naming it. Needs the `onnx` package (`pip install 'tinytf[onnx]'`), imported on use.
"""

from __future__ import annotations

import importlib

import numpy as np

from tinytf.framework import registry
from tinytf.framework.graph import Tensor, graph_of
from tinytf.onnx_converters import CONVERTERS

OPSET = 13


def export(session, inputs, outputs, path=None, model_name: str = "tinytf"):
    """The ONNX ModelProto computing `outputs` from `inputs` with `session`'s variable
    values; also saved to `path` when given."""
    onnx = _onnx()
    exporter = _Exporter(onnx, session, list(inputs), list(outputs))
    graph = onnx.helper.make_graph(
        exporter.nodes,
        model_name,
        exporter.graph_inputs,
        exporter.graph_outputs,
        exporter.initializers,
    )
    model = onnx.helper.make_model_gen_version(
        graph, producer_name="tinytf", opset_imports=[onnx.helper.make_opsetid("", OPSET)]
    )
    onnx.checker.check_model(model)
    if path is not None:
        onnx.save(model, str(path))
    return model


def _onnx():
    try:
        return importlib.import_module("onnx")
    except ImportError as error:
        raise ImportError(
            "Exporting to ONNX needs the onnx package: pip install 'tinytf[onnx]'"
        ) from error


class _Exporter:
    """Converts the ops between `inputs` and `outputs`, in graph order."""

    def __init__(self, onnx, session, inputs: list[Tensor], outputs: list[Tensor]) -> None:
        self.onnx = onnx
        graph = graph_of(inputs + outputs, session.graph)
        self._inputs = [graph.as_graph_element(tensor, allow_operation=False) for tensor in inputs]
        outputs = [graph.as_graph_element(tensor, allow_operation=False) for tensor in outputs]
        for tensor in self._inputs:
            if tensor.op.type not in ("Placeholder", "PlaceholderWithDefault"):
                raise ValueError(
                    f"ONNX inputs must be placeholders; {tensor.name} is "
                    f"computed by op '{tensor.op.name}' ({tensor.op.type})."
                )
        self.nodes, self.initializers = [], []
        self._session = session
        self._names = {tensor: tensor.op.name for tensor in self._inputs}
        ops = _ops_between(self._inputs, outputs)
        constant = self._constant_tensors(ops)
        computed = [
            op
            for op in ops
            if not set(op.outputs) <= constant and op not in {tensor.op for tensor in self._inputs}
        ]
        for op in computed:
            if op.type == "Placeholder":
                raise ValueError(
                    f"Placeholder '{op.name}' is needed to compute the outputs "
                    "but is not among the inputs."
                )
        needed = {t for op in computed for t in op.inputs if t in constant}
        needed.update(t for t in outputs if t in constant)
        needed = sorted(needed, key=lambda tensor: (tensor.op._id, tensor.value_index))
        self._values = dict(zip(needed, session.run(needed), strict=True))
        for op in computed:
            self._convert(op)
        for tensor in outputs:
            if tensor in constant:
                self.node(
                    "Identity", [self.name(tensor)], [self._output(tensor)], self._output(tensor)
                )
        self.graph_inputs = [self._value_info(tensor, tensor.op.name) for tensor in self._inputs]
        self.graph_outputs = [self._value_info(tensor, self._output(tensor)) for tensor in outputs]

    def _constant_tensors(self, ops) -> set[Tensor]:
        """Tensors computed without the inputs by ops that are safe to run now: neither
        random nor writing variables (reading them is what is wanted)."""
        constant = set()
        fed = {tensor.op for tensor in self._inputs}
        for op in ops:
            op_def = registry.get_op_def(op.type)
            safe = not op_def.ref_inputs and (not op_def.stateful or op.type == "VariableV2")
            if safe and op not in fed and all(t in constant for t in op.inputs):
                constant.update(op.outputs)
        return constant

    def _convert(self, op) -> None:
        converter = CONVERTERS.get(op.type)
        if converter is None:
            raise NotImplementedError(
                f"Cannot export op '{op.name}' (type {op.type}) to ONNX: tinytf converts "
                f"{', '.join(sorted(CONVERTERS))} (and anything computed from variables "
                "and constants alone)."
            )
        converter(self, op)

    def name(self, tensor: Tensor) -> str:
        """The ONNX name of `tensor`; a constant one becomes an initializer on first use."""
        if tensor not in self._names:
            if tensor not in self._values:
                raise ValueError(
                    f"{tensor.name} is needed to compute the outputs but is not among the inputs."
                )
            source = tensor.op.inputs[0].op if tensor.op.type == "Identity" else tensor.op
            name = source.name if source.type == "VariableV2" else tensor.name
            self._names[tensor] = self.initializer(name, self._values[tensor])
        return self._names[tensor]

    def constant(self, tensor: Tensor, role: str) -> np.ndarray:
        """The value of a tensor that the ONNX op needs as an attribute (`role`)."""
        if tensor not in self._values:
            raise NotImplementedError(
                f"Cannot export op '{tensor.op.name}' to ONNX: its "
                f"{role} ({tensor.name}) depends on the inputs."
            )
        return self._values[tensor]

    def initializer(self, name: str, value) -> str:
        value = np.asarray(value)
        self.initializers.append(self.onnx.numpy_helper.from_array(value, name))
        return name

    def output(self, op, index: int = 0) -> str:
        tensor = op.outputs[index]
        self._names[tensor] = self._output(tensor)
        return self._names[tensor]

    @staticmethod
    def _output(tensor: Tensor) -> str:
        return tensor.op.name if tensor.value_index == 0 else tensor.name

    def node(self, op_type: str, inputs, outputs, name: str, **attributes) -> None:
        self.nodes.append(
            self.onnx.helper.make_node(
                op_type, list(inputs), list(outputs), name=name, **attributes
            )
        )

    def _value_info(self, tensor: Tensor, name: str):
        shape = tensor.shape.as_list() if tensor.shape.ndims is not None else None
        return self.onnx.helper.make_tensor_value_info(name, self.element_type(tensor.dtype), shape)

    def element_type(self, dtype) -> int:
        return self.onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype.as_numpy_dtype))


def _ops_between(inputs: list[Tensor], outputs: list[Tensor]) -> list:
    """The ops that compute `outputs` from `inputs`, in graph (topological) order."""
    needed, stack = set(), [tensor.op for tensor in outputs]
    fed = {tensor.op for tensor in inputs}
    while stack:
        op = stack.pop()
        if op not in needed:
            needed.add(op)
            if op not in fed:
                stack.extend(tensor.op for tensor in op.inputs)
    return sorted(needed, key=lambda op: op._id)
