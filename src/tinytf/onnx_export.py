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

from tinytf.framework import dtypes, registry
from tinytf.framework.graph import Tensor, graph_of
from tinytf.ops.reduction_ops import reduction_axes

OPSET = 13
_CONVERTERS = {}
_PASS_THROUGH = ("Identity", "StopGradient", "PlaceholderWithDefault")


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
        converter = _CONVERTERS.get(op.type)
        if converter is None:
            raise NotImplementedError(
                f"Cannot export op '{op.name}' (type {op.type}) to ONNX: tinytf converts "
                f"{', '.join(sorted(_CONVERTERS))} (and anything computed from variables "
                "and constants alone)."
            )
        converter(self, op)

    # Values -----------------------------------------------------------------------------
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


def _converts(*op_types):
    def register(converter):
        for op_type in op_types:
            _CONVERTERS[op_type] = converter
        return converter

    return register


_SAME_NAME = {
    "Relu": "Relu",
    "Sigmoid": "Sigmoid",
    "Tanh": "Tanh",
    "Exp": "Exp",
    "Log": "Log",
    "Sqrt": "Sqrt",
    "Abs": "Abs",
    "Neg": "Neg",
    "Elu": "Elu",
    "Softplus": "Softplus",
    "Softsign": "Softsign",
    "Floor": "Floor",
    "Ceil": "Ceil",
    "Sign": "Sign",
    "Reciprocal": "Reciprocal",
    "Erf": "Erf",
}
_BINARY = {
    "Add": "Add",
    "AddV2": "Add",
    "Sub": "Sub",
    "Mul": "Mul",
    "RealDiv": "Div",
    "Maximum": "Max",
    "Minimum": "Min",
    "Pow": "Pow",
    "Equal": "Equal",
    "Greater": "Greater",
    "Less": "Less",
}
_REDUCTIONS = {
    "Mean": "ReduceMean",
    "Sum": "ReduceSum",
    "Max": "ReduceMax",
    "Min": "ReduceMin",
    "Prod": "ReduceProd",
}


@_converts(*_SAME_NAME)
def _unary(exporter, op):
    exporter.node(
        _SAME_NAME[op.type], [exporter.name(op.inputs[0])], [exporter.output(op)], op.name
    )


@_converts(*_BINARY)
def _binary(exporter, op):
    exporter.node(
        _BINARY[op.type], [exporter.name(t) for t in op.inputs], [exporter.output(op)], op.name
    )


@_converts(*_PASS_THROUGH)
def _identity(exporter, op):
    exporter.node("Identity", [exporter.name(op.inputs[0])], [exporter.output(op)], op.name)


@_converts("If")
def _if(exporter, op):
    """A tf.cond whose predicate is known without the inputs (a training flag left at its
    default): the taken branch's ops, inlined."""
    taken = op.get_attr(
        "then_branch" if exporter.constant(op.inputs[0], "predicate") else "else_branch"
    )
    inside = set(taken.ops)
    for branch_op in _ops_between([], [t for t in taken.outputs if t is not None]):
        if branch_op not in inside:
            continue
        if all(t in exporter._values for t in branch_op.inputs):
            values = exporter._session.run(branch_op.outputs)
            exporter._values.update(zip(branch_op.outputs, values, strict=True))
        else:
            exporter._convert(branch_op)
    for index, tensor in enumerate(op.outputs):
        if taken.outputs[index] is not None:
            exporter._names[tensor] = exporter.name(taken.outputs[index])


@_converts("AddN")
def _add_n(exporter, op):
    exporter.node("Sum", [exporter.name(t) for t in op.inputs], [exporter.output(op)], op.name)


@_converts("BiasAdd")
def _bias_add(exporter, op):
    if op.get_attr("channels_first"):
        raise NotImplementedError(
            f"Cannot export op '{op.name}' (type BiasAdd) to ONNX: "
            "only channels-last (NHWC) biases are converted."
        )
    exporter.node("Add", [exporter.name(t) for t in op.inputs], [exporter.output(op)], op.name)


@_converts("Square")
def _square(exporter, op):
    x = exporter.name(op.inputs[0])
    exporter.node("Mul", [x, x], [exporter.output(op)], op.name)


@_converts("SquaredDifference")
def _squared_difference(exporter, op):
    difference = f"{op.name}/Sub"
    exporter.node("Sub", [exporter.name(t) for t in op.inputs], [difference], difference)
    exporter.node("Mul", [difference, difference], [exporter.output(op)], op.name)


@_converts("Rsqrt")
def _rsqrt(exporter, op):
    root = f"{op.name}/Sqrt"
    exporter.node("Sqrt", [exporter.name(op.inputs[0])], [root], root)
    exporter.node("Reciprocal", [root], [exporter.output(op)], op.name)


@_converts("Relu6")
def _relu6(exporter, op):
    bounds = [
        exporter.initializer(
            f"{op.name}/{bound}", np.array(value, op.inputs[0].dtype.as_numpy_dtype)
        )
        for bound, value in (("min", 0), ("max", 6))
    ]
    exporter.node("Clip", [exporter.name(op.inputs[0]), *bounds], [exporter.output(op)], op.name)


@_converts("LeakyRelu")
def _leaky_relu(exporter, op):
    exporter.node(
        "LeakyRelu",
        [exporter.name(op.inputs[0])],
        [exporter.output(op)],
        op.name,
        alpha=float(op.get_attr("alpha")),
    )


@_converts("Softmax", "LogSoftmax")
def _softmax(exporter, op):
    exporter.node(
        op.type,
        [exporter.name(op.inputs[0])],
        [exporter.output(op)],
        op.name,
        axis=int(op.get_attr("axis")),
    )


@_converts("MatMul")
def _matmul(exporter, op):
    operands = []
    for tensor, transposed in zip(op.inputs, ("transpose_a", "transpose_b"), strict=True):
        operand = exporter.name(tensor)
        if op.get_attr(transposed):
            name = f"{op.name}/{transposed}"
            exporter.node("Transpose", [operand], [name], name, perm=[1, 0])
            operand = name
        operands.append(operand)
    exporter.node("MatMul", operands, [exporter.output(op)], op.name)


@_converts("Reshape")
def _reshape(exporter, op):
    shape = exporter.constant(op.inputs[1], "shape").astype(np.int64)
    shape_name = exporter.initializer(f"{op.name}/shape_int64", shape)
    exporter.node(
        "Reshape", [exporter.name(op.inputs[0]), shape_name], [exporter.output(op)], op.name
    )


@_converts("ConcatV2")
def _concat(exporter, op):
    axis = int(exporter.constant(op.inputs[-1], "axis"))
    exporter.node(
        "Concat",
        [exporter.name(t) for t in op.inputs[:-1]],
        [exporter.output(op)],
        op.name,
        axis=axis,
    )


@_converts("Transpose")
def _transpose(exporter, op):
    exporter.node(
        "Transpose",
        [exporter.name(op.inputs[0])],
        [exporter.output(op)],
        op.name,
        perm=[int(axis) for axis in op.get_attr("perm")],
    )


@_converts("Cast")
def _cast(exporter, op):
    exporter.node(
        "Cast",
        [exporter.name(op.inputs[0])],
        [exporter.output(op)],
        op.name,
        to=exporter.element_type(op.outputs[0].dtype),
    )


@_converts("ArgMax", "ArgMin")
def _arg_max(exporter, op):
    """ONNX's ArgMax always gives int64: a Cast follows for TensorFlow's other types."""
    output = exporter.output(op)
    narrow = op.outputs[0].dtype is not dtypes.int64
    indices = f"{op.name}/int64" if narrow else output
    exporter.node(
        op.type,
        [exporter.name(op.inputs[0])],
        [indices],
        indices,
        axis=int(exporter.constant(op.inputs[1], "dimension")),
        keepdims=0,
    )
    if narrow:
        exporter.node(
            "Cast", [indices], [output], op.name, to=exporter.element_type(op.outputs[0].dtype)
        )


@_converts("Squeeze")
def _squeeze(exporter, op):
    axes = list(op.get_attr("squeeze_dims") or ())
    inputs = [exporter.name(op.inputs[0])]
    if axes:
        inputs.append(exporter.initializer(f"{op.name}/axes", np.array(axes, np.int64)))
    exporter.node("Squeeze", inputs, [exporter.output(op)], op.name)


@_converts("ExpandDims")
def _expand_dims(exporter, op):
    axis = exporter.constant(op.inputs[1], "dim").astype(np.int64).reshape(1)
    axes = exporter.initializer(f"{op.name}/axes", axis)
    exporter.node("Unsqueeze", [exporter.name(op.inputs[0]), axes], [exporter.output(op)], op.name)


@_converts(*_REDUCTIONS)
def _reduce(exporter, op):
    axes = reduction_axes(op) or None  # () of a scalar: ONNX reduces every axis of none
    inputs = [exporter.name(op.inputs[0])]
    attributes = {"keepdims": int(bool(op.get_attr("keep_dims")))}
    if axes is not None and op.type == "Sum":  # ReduceSum takes its axes as an input
        inputs.append(exporter.initializer(f"{op.name}/axes", np.array(axes, np.int64)))
    elif axes is not None:
        attributes["axes"] = axes
    exporter.node(_REDUCTIONS[op.type], inputs, [exporter.output(op)], op.name, **attributes)
