"""A Graph as TensorFlow's GraphDef protobuf, with tinytf's own protobuf messages.

Nodes carry TensorFlow's op types and attributes (see node_def_attrs), so TensorFlow
imports the graph and TensorBoard shows every node's type.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np

from tinytf.framework import dtypes, node_def_attrs, registry
from tinytf.framework.graph import Graph, Operation, Tensor
from tinytf.framework.op_output_args import OUTPUT_ARGS
from tinytf.framework.sub_graph import SubGraph
from tinytf.framework.tensor_shape import Dimension, TensorShape

# GraphDef versions TensorFlow 1.15 writes; TensorBoard only displays them.
PRODUCER_VERSION = 134
MIN_CONSUMER_VERSION = 12


_PROTO_MODULES = {
    "graph": "graph_pb",
    "summary": "summary_pb",
    "event": "summary_pb",
    "meta_graph": "meta_graph_pb",
    "saver": "meta_graph_pb",
}


def proto(name: str) -> ModuleType:
    """tinytf's module of TensorFlow's `<name>.proto` messages, e.g. proto("summary").Summary."""
    return importlib.import_module(f"tinytf.framework.protobuf.{_PROTO_MODULES[name]}")


def as_graph_def(graph: Graph, add_shapes: bool = False, exclude=frozenset()):
    """`graph` as a GraphDef: nodes in creation order (inputs before their consumers), but
    for the ops named in `exclude`; the ops of tf.cond's branches and tf.while_loop's
    bodies are written into the functions of its library (see function_library)."""
    from tinytf.framework.function_library import FunctionLibrary

    graph_def = proto("graph").GraphDef()
    graph_def.versions.producer = PRODUCER_VERSION
    graph_def.versions.min_consumer = MIN_CONSUMER_VERSION
    owners = _sub_graph_owners(graph)
    waits = _updates_wait_for_reads(graph, owners)
    scope = NodeScope(graph_def.node)
    library = FunctionLibrary(graph_def)
    for op in graph.get_operations():
        if op.name in exclude or op in owners:
            continue
        start = len(graph_def.node)
        write_op(scope, op, library, add_shapes)
        if op in waits:
            graph_def.node[start].input.extend(f"^{reader.name}" for reader in waits[op])
    return graph_def


class NodeScope:
    """Where nodes are written and how their inputs are named there: at a GraphDef's top
    level ("op", "op:1"), or in a function's body ("op:output_arg:1", an argument by its
    name), where `members` are the ops of the function. `names` gives tensors a name of
    their own here (a function's arguments, a Switch's outputs in a lowered branch)."""

    def __init__(self, nodes, names=None, members=None) -> None:
        self.nodes, self.names, self.members = nodes, dict(names or {}), members

    def ref(self, tensor: Tensor) -> str:
        name = self.names.get(tensor)
        if name is not None:
            return name
        op = tensor.op
        return self.local(op.name, op.type, tensor.value_index, len(op.outputs))

    def local(self, node: str, op_type: str, index: int = 0, count: int = 1) -> str:
        """Output `index` of `node` (of `op_type`, with `count` outputs) as named here."""
        if self.members is None:
            return node if index == 0 else f"{node}:{index}"
        return f"{node}:{output_arg(op_type, index, count)}"

    def controls(self, op: Operation) -> list[str]:
        """`op`'s control inputs (in a function, those from outside are its caller's)."""
        controls = op.control_inputs
        if self.members is not None:
            controls = [c for c in controls if c in self.members]
        return [f"^{control.name}" for control in controls]

    def add(self, name: str, op_type: str, inputs, attrs: dict, op: Operation | None):
        """A new node; `op` (when given) lends it its device."""
        node = self.nodes.add(name=name, op=op_type)
        if op is not None and op.device:
            node.device = op.device
        node.input.extend(inputs)
        for attr, value in attrs.items():
            set_attr_value(node.attr[attr], value, f"attr '{attr}' of op '{name}'")
        return node


def output_arg(op_type: str, index: int, count: int) -> str:
    """Output `index` of an `op_type` node with `count` outputs, as "output_arg:index"."""
    # Not listed: a single "output", or a list of them for a tinytf op written as
    # TensorFlow's While (WhileGrad).
    args = OUTPUT_ARGS.get(op_type, ("output*",))
    lists = [position for position, arg in enumerate(args) if arg.endswith("*")]
    if not lists:
        return f"{args[index]}:0"
    first, width = lists[0], count - (len(args) - 1)  # one list argument takes the rest
    if index < first:
        return f"{args[index]}:0"
    if index < first + width:
        return f"{args[first][:-1]}:{index - first}"
    return f"{args[index - width + 1]}:0"


def write_op(scope: NodeScope, op: Operation, library, add_shapes: bool = False) -> None:
    """Writes `op` into `scope`: as TensorFlow's ops when tinytf's has no TensorFlow form,
    with its sub-graphs as functions of `library` when it holds some."""
    from tinytf.framework.expanded_ops import EXPANDED

    if op.type in EXPANDED:
        EXPANDED[op.type](scope, op, add_shapes and scope.members is None)
    elif registry.get_op_def(op.type).sub_graphs:
        from tinytf.framework.function_library import write_control_flow

        write_control_flow(scope, op, library, add_shapes)
    else:
        node = scope.nodes.add()
        fill_node_def(node, op, add_shapes and scope.members is None, scope)
        if op.type == "ZerosLike" and is_tensor_list(op.inputs[0]):
            node.attr["T"].type = dtypes.variant.as_datatype_enum  # tf.gradients' unused one


def graph_dtype(tensor: Tensor):
    """`tensor`'s dtype in the GraphDef: variant for a TensorList, else its base dtype."""
    return dtypes.variant if is_tensor_list(tensor) else tensor.dtype.base_dtype


def is_tensor_list(tensor: Tensor) -> bool:
    """Whether `tensor` is the values a While recorded, a TensorList in the GraphDef."""
    op = tensor.op
    return op.type == "While" and tensor.value_index > op._attrs["num_loop_vars"]


def _sub_graph_owners(graph: Graph) -> dict:
    """Each op of a sub-graph, and the op at the graph's top level that holds it."""
    owners = {}
    for op in graph.get_operations():
        for name in registry.get_op_def(op.type).sub_graphs:
            for inner in op._attrs[name].ops:
                owners[inner] = op
    for inner, owner in owners.items():
        while owner in owners:
            owner = owners[owner]
        owners[inner] = owner
    return owners


def _updates_wait_for_reads(graph: Graph, owners: dict) -> dict:
    """Control inputs that make each optimizer update (Apply*) run after the ops of the
    training step that read its variable.

    tinytf's executor runs every ready pure op before the ops that write variables, so a
    gradient always sees the variables' old values. TensorFlow gives no such order: its
    optimizers gate gradients (tuple control dependencies) instead. Without these inputs,
    TensorFlow could apply w2's update before the gradient for w1 has read w2.
    """
    ops = graph.get_operations()
    updates = [op for op in ops if op.type.startswith("Apply")]
    if not updates:
        return {}
    consumers: dict = {}
    for op in ops:
        for source in (*(tensor.op for tensor in op.inputs), *op.control_inputs):
            consumers.setdefault(source, []).append(op)
    feeding_updates = _closure(updates, lambda op: (t.op for t in op.inputs))
    waits = {}
    for update in updates:
        variable = update.inputs[0].op
        readers = [op for op in consumers.get(variable, ()) if not op.type.startswith("Apply")]
        reads = {*readers, *(c for reader in readers for c in consumers.get(reader, ()))}
        after = _closure([update], lambda op: consumers.get(op, ()))
        waiting = {
            owners.get(op, op)  # an op inside a branch or body: the op holding it
            for op in reads
            if op in feeding_updates and op not in after and op.outputs
        }
        waits[update] = sorted(waiting - {update}, key=lambda op: op._id)
    return waits


def _closure(start, neighbours) -> set:
    seen, pending = set(start), list(start)
    while pending:
        for other in neighbours(pending.pop()):
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen


def fill_node_def(node, op: Operation, add_shapes: bool = False, scope=None) -> None:
    """Writes `op` into the NodeDef message `node`, with TensorFlow's attributes; `scope`
    (a NodeScope) names its inputs, as a GraphDef's top level does unless given."""
    node.name = op.name
    node.op = op.type
    node.device = op.device
    if scope is None:
        node.input.extend(input_name(tensor) for tensor in op.inputs)
        node.input.extend(f"^{control.name}" for control in op.control_inputs)
    else:
        node.input.extend(scope.ref(tensor) for tensor in op.inputs)
        node.input.extend(scope.controls(op))
    for name, value in node_def_attrs.tensorflow_attrs(op).items():
        set_attr_value(node.attr[name], value, f"attr '{name}' of op '{op.name}'")
    if add_shapes and op.outputs:
        add_output_shapes(node, [output.shape for output in op.outputs])


def add_output_shapes(node, shapes) -> None:
    shape_list = node.attr["_output_shapes"].list.shape
    for shape in shapes:
        fill_shape_proto(shape_list.add(), shape)


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


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    """`values` as a TensorProto (`tf.make_tensor_proto`), as `dtype` and `shape` if given."""
    array = np.asarray(
        values, dtype=None if dtype is None else dtypes.as_dtype(dtype).as_numpy_dtype
    )
    if shape is not None:
        shape = tuple(shape)
        if verify_shape and array.shape != shape:
            raise TypeError(f"Expected Tensor's shape: {shape}, got {array.shape}.")
        array = np.broadcast_to(array, shape) if array.size == 1 else array.reshape(shape)
    tensor_proto = proto("graph").TensorProto()
    fill_tensor_proto(tensor_proto, array)
    return tensor_proto


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


# The TensorProto field holding values of each dtype when `tensor_content` is empty.
_VALUE_FIELDS = {
    dtypes.float32: "float_val",
    dtypes.float64: "double_val",
    dtypes.int32: "int_val",
    dtypes.int16: "int_val",
    dtypes.int8: "int_val",
    dtypes.uint8: "int_val",
    dtypes.uint16: "int_val",
    dtypes.int64: "int64_val",
    dtypes.bool: "bool_val",
    dtypes.string: "string_val",
    dtypes.float16: "half_val",
    dtypes.uint32: "uint32_val",
    dtypes.uint64: "uint64_val",
}


def make_ndarray(tensor_proto) -> np.ndarray:
    """The array a TensorProto holds (`tf.make_ndarray`): from its bytes, or from its typed
    values, the last one repeated to fill the shape as TensorFlow does."""
    dtype = dtypes.as_dtype(tensor_proto.dtype)
    shape = tuple(dim.size for dim in tensor_proto.tensor_shape.dim)
    size = int(np.prod(shape, dtype=np.int64))
    numpy_dtype = np.dtype(dtype.as_numpy_dtype)
    if tensor_proto.tensor_content and dtype is not dtypes.string:
        little_endian = numpy_dtype.newbyteorder("<")
        flat = np.frombuffer(tensor_proto.tensor_content, little_endian)
        if flat.size != size:
            raise ValueError(
                f"A TensorProto of shape {list(shape)} holds {flat.size} values in its content."
            )
        return flat.astype(numpy_dtype).reshape(shape)
    values = list(getattr(tensor_proto, _VALUE_FIELDS[dtype]))
    if dtype is dtypes.float16:
        values = np.array(values, np.uint16).view(np.float16)
    if dtype is dtypes.string:
        flat = np.empty(len(values), object)
        flat[:] = values
    else:
        flat = np.array(values, numpy_dtype)
    if flat.size == size:
        return flat.reshape(shape)
    if flat.size > size:
        raise ValueError(f"A TensorProto of shape {list(shape)} holds {flat.size} values.")
    empty = b"" if dtype is dtypes.string else numpy_dtype.type(0)
    filled = np.full(size, flat[-1] if flat.size else empty, numpy_dtype)
    filled[: flat.size] = flat
    return filled.reshape(shape)
