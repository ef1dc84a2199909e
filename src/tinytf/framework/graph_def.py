"""A Graph as TensorFlow's GraphDef protobuf, built with the tensorboard package's protobufs.

The protobuf modules are imported on first use, so `import tinytf` needs only NumPy;
`pip install 'tinytf[tensorboard]'` provides them. Attributes are tinytf's own, most of
them TensorFlow's (e.g. Mean's `keep_dims`), converted to AttrValues, with TensorFlow's
"T"/"dtype" type attributes added so TensorBoard shows every node's type.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Graph, Operation, Tensor
from tinytf.framework.sub_graph import SubGraph
from tinytf.framework.tensor_shape import Dimension, TensorShape

# GraphDef versions TensorFlow 1.15 writes; TensorBoard only displays them.
PRODUCER_VERSION = 134
MIN_CONSUMER_VERSION = 12

_TYPE_ATTRS = ("dtype", "T", "DstT", "out_type", "output_type")


def proto(name: str) -> ModuleType:
    """TensorBoard's compiled `<name>_pb2` module, e.g. proto("summary").Summary."""
    try:
        return importlib.import_module(f"tensorboard.compat.proto.{name}_pb2")
    except ImportError as error:
        raise ImportError(
            "tinytf writes GraphDefs, summaries and event files with the protobufs of the "
            "tensorboard package, which is not installed: pip install 'tinytf[tensorboard]'"
        ) from error


def as_graph_def(graph: Graph, add_shapes: bool = False):
    """`graph` as a GraphDef: nodes in creation order (inputs before their consumers)."""
    graph_def = proto("graph").GraphDef()
    graph_def.versions.producer = PRODUCER_VERSION
    graph_def.versions.min_consumer = MIN_CONSUMER_VERSION
    for op in graph.get_operations():
        node = graph_def.node.add()
        fill_node_def(node, op, add_shapes)
    return graph_def


def fill_node_def(node, op: Operation, add_shapes: bool = False) -> None:
    """Writes `op` into the NodeDef message `node`."""
    node.name = op.name
    node.op = op.type
    node.input.extend(input_name(tensor) for tensor in op.inputs)
    node.input.extend(f"^{control.name}" for control in op.control_inputs)
    for name, value in op._attrs.items():
        if value is not None:
            set_attr_value(node.attr[name], value, f"attr '{name}' of op '{op.name}'")
    type_attr = "dtype" if not op.inputs else "T"
    if not any(name in op._attrs for name in _TYPE_ATTRS) and (op.inputs or op.outputs):
        node.attr[type_attr].type = op.get_attr("T").as_datatype_enum
    if add_shapes and op.outputs:
        shapes = node.attr["_output_shapes"].list.shape
        for output in op.outputs:
            fill_shape_proto(shapes.add(), output.shape)


def input_name(tensor: Tensor) -> str:
    """An input as a NodeDef names it: "op" for output 0, "op:1" for the others."""
    return tensor.op.name if tensor.value_index == 0 else tensor.name


def set_attr_value(attr, value, where: str) -> None:
    """Stores a Python/NumPy/tinytf attribute value in the AttrValue message `attr`."""
    if isinstance(value, dtypes.DType):
        attr.type = value.as_datatype_enum
    elif isinstance(value, TensorShape):
        fill_shape_proto(attr.shape, value)
    elif isinstance(value, (bool, np.bool_)):
        attr.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        attr.i = int(value)
    elif isinstance(value, (float, np.floating)):
        attr.f = float(value)
    elif isinstance(value, str):
        attr.s = value.encode()
    elif isinstance(value, bytes):
        attr.s = value
    elif isinstance(value, np.ndarray):
        fill_tensor_proto(attr.tensor, value)
    elif isinstance(value, (list, tuple)):
        _set_list_value(attr.list, value, where)
    elif isinstance(value, SubGraph):
        attr.func.name = value.name  # a branch or loop body, named as a function
    else:
        raise TypeError(
            f"Cannot write {where} to a GraphDef: {type(value).__name__} values "
            "have no AttrValue form."
        )


def _set_list_value(attr_list, values, where: str) -> None:
    attr_list.SetInParent()  # an empty list is still a list, not an unset value
    for value in values:
        if isinstance(value, (bool, np.bool_)):
            attr_list.b.append(bool(value))
        elif isinstance(value, (int, np.integer, Dimension)):
            attr_list.i.append(
                -1 if isinstance(value, Dimension) and value.value is None else int(value)
            )
        elif isinstance(value, (float, np.floating)):
            attr_list.f.append(float(value))
        elif isinstance(value, str):
            attr_list.s.append(value.encode())
        elif isinstance(value, dtypes.DType):
            attr_list.type.append(value.as_datatype_enum)
        elif isinstance(value, TensorShape):
            fill_shape_proto(attr_list.shape.add(), value)
        else:
            raise TypeError(
                f"Cannot write {where} to a GraphDef: a list holding "
                f"{type(value).__name__} values has no AttrValue form."
            )


def fill_shape_proto(shape_proto, shape: TensorShape) -> None:
    """Unknown dimensions are written as -1 and an unknown rank as `unknown_rank`."""
    if shape.ndims is None:
        shape_proto.unknown_rank = True
        return
    shape_proto.SetInParent()
    for dimension in shape.as_list():
        shape_proto.dim.add(size=-1 if dimension is None else dimension)


def fill_tensor_proto(tensor_proto, value) -> None:
    """Writes an array into a TensorProto: numbers as little-endian bytes, strings as bytes."""
    array = np.asarray(value)
    dtype = dtypes.as_dtype(array.dtype)
    tensor_proto.dtype = dtype.as_datatype_enum
    fill_shape_proto(tensor_proto.tensor_shape, TensorShape(array.shape))
    if dtype is dtypes.string:
        tensor_proto.string_val.extend(
            item if isinstance(item, bytes) else str(item).encode() for item in array.flat
        )
    else:
        little_endian = array.astype(array.dtype.newbyteorder("<"), copy=False)
        tensor_proto.tensor_content = np.ascontiguousarray(little_endian).tobytes()
