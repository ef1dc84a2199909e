"""tinytf op types that TensorFlow has not (or has with other inputs), written into a
GraphDef as the TensorFlow ops that compute them, and TensorFlow's inputs that tinytf
keeps as attributes, read back on import."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Operation
from tinytf.framework.graph_def import NodeScope, add_output_shapes
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value


def _write_sum_to_shape(scope: NodeScope, op: Operation, add_shapes: bool) -> None:
    """tinytf's SumToShape(grad, x) as TensorFlow's gradients build it: Shape of both,
    BroadcastGradientArgs, Sum over the broadcast axes, Reshape to x's shape."""
    grad, target = (scope.ref(tensor) for tensor in op.inputs)
    dtype, name = op.inputs[0].dtype, op.name

    def add(suffix, op_type, inputs, attrs, shapes):
        node = scope.add(f"{name}{suffix}", op_type, inputs, attrs, None)
        node.device = op.device
        if add_shapes:
            add_output_shapes(node, shapes)
        return node

    vector = TensorShape([None])
    shape_1 = scope.local(f"{name}/Shape_1", "Shape")
    add("/Shape", "Shape", [grad], {"T": dtype, "out_type": dtypes.int32}, [vector])
    add("/Shape_1", "Shape", [target], {"T": dtype, "out_type": dtypes.int32}, [vector])
    add(
        "/BroadcastGradientArgs",
        "BroadcastGradientArgs",
        [shape_1, scope.local(f"{name}/Shape", "Shape")],
        {"T": dtypes.int32},
        [vector, vector],
    )
    sum_attrs = {"T": dtype, "Tidx": dtypes.int32, "keep_dims": False}
    axes = scope.local(f"{name}/BroadcastGradientArgs", "BroadcastGradientArgs", 0, 2)
    add("/Sum", "Sum", [grad, axes], sum_attrs, [TensorShape(None)])
    reshape = add(
        "",
        "Reshape",
        [scope.local(f"{name}/Sum", "Sum"), shape_1],
        {"T": dtype, "Tshape": dtypes.int32},
        [op.outputs[0].shape],
    )
    reshape.input.extend(scope.controls(op))


def _write_tensor_list_stack(scope: NodeScope, op: Operation, add_shapes: bool) -> None:
    """tinytf's TensorListStack(recorded values) as TensorFlow's, which also reads the
    elements' shape (-1 when not fully known) from a Const; TensorFlow's form (imported)
    as it is."""
    attrs = {"element_dtype": op.outputs[0].dtype.base_dtype, "num_elements": -1}
    if len(op.inputs) == 2:
        inputs = [scope.ref(t) for t in op.inputs]
        attrs["num_elements"] = int(op._attrs.get("num_elements", -1))
    else:
        element_shape = op._attrs["element_shape"]
        shape = element_shape.as_list() if element_shape.is_fully_defined() else -1
        shape_node = f"{op.name}/element_shape"
        value = {"dtype": dtypes.int32, "value": np.array(shape, np.int32)}
        scope.add(shape_node, "Const", [], value, op)
        inputs = [scope.ref(op.inputs[0]), scope.local(shape_node, "Const")]
    node = scope.add(op.name, "TensorListStack", inputs, attrs, op)
    node.input.extend(scope.controls(op))
    if add_shapes:
        add_output_shapes(node, [op.outputs[0].shape])


def _write_transpose(scope: NodeScope, op: Operation, add_shapes: bool) -> None:
    """tinytf's Transpose keeps `perm` as an attribute; TensorFlow's reads it as its second
    input: a Const named as tf.transpose names it. Without a perm (a tensor of unknown
    rank, reversed), the permutation is computed as tf.transpose computes it:
    Range(Rank(x) - 1, -1, -1)."""
    name, perm = op.name, op._attrs["perm"]
    x = scope.ref(op.inputs[0])
    int32 = {"dtype": dtypes.int32}
    if perm is not None:
        if not _has_constant(op.graph, f"{name}/perm", perm):  # written already if imported
            scope.add(f"{name}/perm", "Const", [], {**int32, "value": np.array(perm, np.int32)}, op)
        perm_input = scope.local(f"{name}/perm", "Const")
    else:
        for suffix, value in (("/sub/y", 1), ("/Range/delta", -1)):
            constant = {**int32, "value": np.array(value, np.int32)}
            scope.add(f"{name}{suffix}", "Const", [], constant, op)
        scope.add(f"{name}/Rank", "Rank", [x], {"T": op.inputs[0].dtype.base_dtype}, op)
        rank, one = scope.local(f"{name}/Rank", "Rank"), scope.local(f"{name}/sub/y", "Const")
        scope.add(f"{name}/sub", "Sub", [rank, one], {"T": dtypes.int32}, op)
        delta = scope.local(f"{name}/Range/delta", "Const")
        start = scope.local(f"{name}/sub", "Sub")
        scope.add(f"{name}/Range", "Range", [start, delta, delta], {"Tidx": dtypes.int32}, op)
        perm_input = scope.local(f"{name}/Range", "Range")
    attrs = {"T": op.inputs[0].dtype.base_dtype, "Tperm": dtypes.int32}
    node = scope.add(name, "Transpose", [x, perm_input], attrs, op)
    node.input.extend(scope.controls(op))
    if add_shapes:
        add_output_shapes(node, [op.outputs[0].shape])


def _has_constant(graph, name: str, value) -> bool:
    """Whether the graph has a Const `name` of `value`: a GraphDef's input that tinytf
    keeps as an attribute stays in the graph it was imported into."""
    op = graph._ops_by_name.get(name)
    if op is None or op.type != "Const":
        return False
    return np.array_equal(op._attrs["value"], np.asarray(value))


# tinytf op types that TensorFlow has not (or has with other inputs), written as the
# TensorFlow ops that compute them.
EXPANDED = {
    "SumToShape": _write_sum_to_shape,
    "TensorListStack": _write_tensor_list_stack,
    "Transpose": _write_transpose,
}


def _read_transpose(node, inputs: list, attrs: dict) -> list:
    """TensorFlow's Transpose(x, perm) as tinytf's Transpose(x) with a `perm` attribute
    (set in `attrs`): perm must be a constant, or the reversal of every axis that
    tf.transpose computes for a tensor of unknown rank (tinytf's perm None)."""
    if len(inputs) != 2:
        return inputs
    perm = inputs[1]
    value = constant_value(perm)
    if value is not None:
        attrs["perm"] = tuple(int(axis) for axis in np.ravel(value))
    elif perm.op.type == "Range" and perm.op.inputs[0].op.type == "Sub":
        attrs["perm"] = None
    else:
        message = f"tinytf cannot import node '{node.name}': its permutation is not a constant"
        raise errors.UnimplementedError(None, None, message)
    return inputs[:1]


# TensorFlow op types whose inputs tinytf keeps as attributes: on import, each returns the
# inputs tinytf's op reads and sets the attributes from the others.
COLLAPSED = {"Transpose": _read_transpose}
