"""tinytf op types that TensorFlow has not (or has with other inputs), written into a
GraphDef as the TensorFlow ops that compute them."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Operation
from tinytf.framework.graph_def import NodeScope, add_output_shapes
from tinytf.framework.tensor_shape import TensorShape


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
    elements' shape (-1 when not fully known) from a Const."""
    element_shape = op._attrs["element_shape"]
    shape = element_shape.as_list() if element_shape.is_fully_defined() else -1
    shape_node = f"{op.name}/element_shape"
    value = {"dtype": dtypes.int32, "value": np.array(shape, np.int32)}
    scope.add(shape_node, "Const", [], value, op)
    inputs = [scope.ref(op.inputs[0]), scope.local(shape_node, "Const")]
    attrs = {"element_dtype": op.outputs[0].dtype.base_dtype, "num_elements": -1}
    node = scope.add(op.name, "TensorListStack", inputs, attrs, op)
    node.input.extend(scope.controls(op))
    if add_shapes:
        add_output_shapes(node, [op.outputs[0].shape])


# tinytf op types that TensorFlow has not (or has with other inputs), written as the
# TensorFlow ops that compute them.
EXPANDED = {"SumToShape": _write_sum_to_shape, "TensorListStack": _write_tensor_list_stack}
