"""`tf.import_graph_def`: a GraphDef's nodes added to the default graph as tinytf ops.

Every node becomes an op of the registry, so imported graphs run through the same
kernels as graphs built in Python. The bytes are read by tinytf's protobuf reader and only
ever turned into values: no node can run Python code.
"""

from __future__ import annotations

import re

from tinytf.framework import dtypes, errors, node_def_attrs, registry
from tinytf.framework import graph as graph_module
from tinytf.framework.expanded_ops import COLLAPSED
from tinytf.framework.function_importer import CONTROL_FLOW, FunctionContext, create_control_flow
from tinytf.framework.graph_def import make_ndarray, proto
from tinytf.framework.lowered_cond_importer import (
    LOWERED,
    dependencies,
    find_lowered_conds,
    import_member,
)
from tinytf.framework.tensor import Tensor
from tinytf.framework.tensor_shape import TensorShape

# TensorFlow's rule for node names (tensorflow/core/graph/graph_constructor.cc).
_VALID_NODE_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")


def as_graph_def_message(graph_def):
    """`graph_def` as tinytf's GraphDef: ours as it is, another library's by its bytes."""
    graph_def_class = proto("graph").GraphDef
    if isinstance(graph_def, graph_def_class):
        return graph_def
    if not hasattr(graph_def, "SerializeToString"):
        raise TypeError(f"graph_def must be a GraphDef proto, not {type(graph_def).__name__}.")
    return graph_def_class.FromString(graph_def.SerializeToString())


def import_graph_def(
    graph_def,
    input_map=None,
    return_elements=None,
    name=None,
    op_dict=None,
    producer_op_list=None,
):
    """Adds the nodes of `graph_def` to the default graph under the scope `name` ("import"
    unless given; "" adds them unprefixed). `input_map` replaces imported tensors (keyed
    "op:0" or "op") with tensors of this graph; `return_elements` names the imported ops
    ("op") and tensors ("op:0") to return."""
    graph_def = as_graph_def_message(graph_def)
    input_map = dict(input_map or {})
    for key, value in input_map.items():
        if not isinstance(key, str):
            raise TypeError(f"input_map keys must be strings, got {key!r}.")
        if not isinstance(value, Tensor):
            raise TypeError(f"input_map values must be Tensors; the value of {key!r} is {value!r}.")
    input_map = {_tensor_key(key): value for key, value in input_map.items()}
    graph = graph_module.get_default_graph()
    with graph_module.name_scope(name, "import", list(input_map.values())) as scope:
        pass
    nodes = _ordered_nodes(graph_def)
    lowered = find_lowered_conds(nodes)
    if lowered:  # each conditional's Merges after all its nodes: they build its If
        nodes = _ordered_nodes(graph_def, dependencies(lowered))
    for node in nodes:  # reserved, so that the ops of functions take other names
        _mark_names_used(graph, f"{scope}{node.name}")
    reserved = [f"{scope}{node.name}" for node in nodes]
    functions = FunctionContext(
        graph, graph_def.library, scope, _create_node, _plain_attrs, reserved
    )
    unused = set(input_map)
    ops = {}
    with graph_module.control_dependencies(None):  # outside any control context
        for node in nodes:
            name = f"{scope}{node.name}"
            if node.name in lowered:  # built by the If of an enclosing conditional if nested
                if lowered[node.name].parent is not None:
                    continue

                def resolve(input_name, node=node):
                    return _input(input_name, node, ops, input_map, unused)

                op = import_member(functions, lowered[node.name], node, resolve, scope, f"{name}/")
                if op is not None:
                    ops[node.name] = op
                continue
            inputs, control_inputs = _node_inputs(node, ops, input_map, unused)
            if node.op in CONTROL_FLOW:
                ops[node.name] = create_control_flow(
                    functions, node, inputs, control_inputs, name, _plain_attrs(node)
                )
            else:
                ops[node.name] = _create_node(node, inputs, control_inputs, f"{name}/")
    if unused:
        raise ValueError(
            "Attempted to map inputs that were not found in graph_def: "
            f"[{', '.join(sorted(unused))}]"
        )
    if return_elements is None:
        return None
    return [_return_element(ops, element) for element in return_elements]


def _node_inputs(node, ops: dict, input_map: dict, unused: set):
    """The tensors and control inputs `node` names: imported ops' or `input_map`'s (whose
    keys it uses are taken out of `unused`)."""
    inputs, control_inputs = [], []
    for input_name in node.input:
        found = _input(input_name, node, ops, input_map, unused)
        (control_inputs if input_name.startswith("^") else inputs).append(found)
    return inputs, control_inputs


def _input(input_name: str, node, ops: dict, input_map: dict, unused: set):
    """The tensor (the op, for "^name") that input `input_name` of `node` names."""
    if input_name.startswith("^"):
        return _imported(ops, input_name[1:], node)
    key = _tensor_key(input_name)
    if key in input_map:
        unused.discard(key)
        return input_map[key]
    op_name, index = key.rsplit(":", 1)
    op = _imported(ops, op_name, node)
    if int(index) >= len(op.outputs):
        raise ValueError(
            f"Node '{node.name}': input '{input_name}' names output {index} of "
            f"'{op_name}', which has {len(op.outputs)} outputs."
        )
    return op.outputs[int(index)]


def _check_registered(node) -> None:
    if node.op not in registry.registered_op_types() and node.op not in CONTROL_FLOW:
        raise errors.NotFoundError(
            None,
            None,
            f"Op type not registered '{node.op}' (node '{node.name}'): tinytf has no "
            f"kernel for TensorFlow's {node.op} op, so this graph cannot be imported.",
        )


def _create_node(node, inputs, control_inputs, name: str):
    """The op for `node`, reading `inputs`, named `name` (exactly, if it ends in "/")."""
    _check_registered(node)
    graph = graph_module.get_default_graph()
    attrs = {key: attr_value_to_python(value) for key, value in node.attr.items()}
    attrs = node_def_attrs.tinytf_attrs(node.op, attrs, len(inputs))
    if node.op in COLLAPSED:
        inputs = COLLAPSED[node.op](node, inputs, attrs)
    op = graph.create_op(node.op, inputs, attrs, name=name, control_inputs=control_inputs)
    _mark_names_used(graph, op.name)
    return op


def _plain_attrs(node) -> dict:
    """The attributes of an If or While node but its functions, as Python values."""
    return {
        key: attr_value_to_python(value)
        for key, value in node.attr.items()
        if value.WhichOneof("value") != "func" and not key.startswith("_")
    }


def _mark_names_used(graph, name: str) -> None:
    """Records the name and its scopes, so that ops made later do not take them."""
    parts = name.lower().split("/")
    for end in range(1, len(parts) + 1):
        graph._names_in_use.setdefault("/".join(parts[:end]), 1)


def _tensor_key(name: str) -> str:
    return name if ":" in name else f"{name}:0"


def _imported(ops, name, node):
    if name not in ops:
        raise ValueError(f"Node '{node.name}': Unknown input node '{name}'")
    return ops[name]


def _ordered_nodes(graph_def, extra_inputs=None) -> list:
    """The nodes with each after its inputs (and its `extra_inputs`, by name); names
    checked, op types looked up first (Switch and Merge are rebuilt as If ops)."""
    extra_inputs = extra_inputs or {}
    by_name = {}
    for node in graph_def.node:
        if not _VALID_NODE_NAME.match(node.name):
            raise ValueError(f"Node '{node.name}': Node name contains invalid characters")
        if node.name in by_name:
            raise ValueError(f"Node '{node.name}' is not unique")
        if node.op not in LOWERED:
            _check_registered(node)
        by_name[node.name] = node
    ordered, state = [], {}
    for root in by_name:
        stack = [(root, False)]
        while stack:
            name, expanded = stack.pop()
            if expanded:
                state[name] = "done"
                ordered.append(by_name[name])
                continue
            if state.get(name) == "done":
                continue
            if state.get(name) == "open":
                raise ValueError(f"The graph has a cycle through node '{name}'")
            state[name] = "open"
            stack.append((name, True))
            for input_name in [*by_name[name].input, *extra_inputs.get(name, ())]:
                source = input_name.lstrip("^").split(":")[0]
                if source in by_name and state.get(source) != "done":
                    stack.append((source, False))
    return ordered


def _return_element(ops, element: str):
    op_name = element.split(":")[0]
    if op_name not in ops:
        raise ValueError(f"Requested return_element '{element}' not found in graph_def.")
    op = ops[op_name]
    if ":" not in element:
        return op
    index = int(element.rsplit(":", 1)[1])
    if index >= len(op.outputs):
        raise ValueError(f"Requested return_element '{element}' not found in graph_def.")
    return op.outputs[index]


def attr_value_to_python(value):
    """An AttrValue as tinytf's ops hold attributes (DTypes, TensorShapes, arrays...)."""
    kind = value.WhichOneof("value")
    if kind == "list":
        items = value.list
        for field in ("s", "i", "f", "b", "type", "shape", "tensor"):
            values = getattr(items, field)
            if len(values):
                return [_scalar_value(field, item) for item in values]
        return []
    if kind in (None, "placeholder", "func"):
        if kind is None:
            return None
        raise errors.UnimplementedError(
            None, None, f"tinytf cannot import function-valued attributes ({kind})"
        )
    return _scalar_value(kind, getattr(value, kind))


def _scalar_value(kind: str, value):
    if kind == "s":
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    if kind == "type":
        return dtypes.as_dtype(value)
    if kind == "shape":
        return shape_from_proto(value)
    if kind == "tensor":
        return make_ndarray(value)
    return value


def shape_from_proto(shape_proto) -> TensorShape:
    if shape_proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if dim.size < 0 else dim.size for dim in shape_proto.dim])
