"""ONNX nodes for tinytf ops: one converter per op type (or family), each adding the nodes
that compute the op's outputs to an ONNX graph being exported (onnx_export.py)."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.ops.reduction_ops import reduction_axes

# The converter of each op type; ops that pass their input through unchanged.
CONVERTERS = {}
_PASS_THROUGH = ("Identity", "StopGradient", "PlaceholderWithDefault")


def _converts(*op_types):
    def register(converter):
        for op_type in op_types:
            CONVERTERS[op_type] = converter
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
    from tinytf.onnx_export import _ops_between  # the exporter imports this module

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
