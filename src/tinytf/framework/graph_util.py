"""`tf.graph_util`: freezing a trained graph into one GraphDef, and cutting out the part
that computes some outputs."""

from __future__ import annotations

from tinytf.framework.graph_def import make_tensor_proto, proto
from tinytf.framework.importer import as_graph_def_message

_VARIABLE_OPS = ("VariableV2", "Variable")


def extract_sub_graph(graph_def, dest_nodes):
    """The nodes `dest_nodes` (names) need, through data and control inputs, in their order."""
    if not isinstance(dest_nodes, (list, tuple)) or any(
        not isinstance(name, str) for name in dest_nodes
    ):
        raise TypeError("dest_nodes must be a list.")
    graph_def = as_graph_def_message(graph_def)
    by_name = {node.name: node for node in graph_def.node}
    for name in dest_nodes:
        if name not in by_name:
            raise AssertionError(f"{name} is not in graph")
    needed, pending = set(), list(dest_nodes)
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending.extend(_node_name(source) for source in by_name[name].input)
    sub_graph = proto("graph").GraphDef()
    sub_graph.versions.CopyFrom(graph_def.versions)
    _copy_library(graph_def, sub_graph)
    for node in graph_def.node:
        if node.name in needed:
            sub_graph.node.add().CopyFrom(node)
    return sub_graph


def convert_variables_to_constants(
    sess,
    input_graph_def,
    output_node_names,
    variable_names_whitelist=None,
    variable_names_blacklist=None,
):
    """The part of `input_graph_def` that computes `output_node_names`, with every variable
    it reads replaced by a Const holding the variable's value in `sess` (a frozen graph)."""
    sub_graph = extract_sub_graph(input_graph_def, output_node_names)
    frozen = [
        node.name
        for node in sub_graph.node
        if node.op in _VARIABLE_OPS
        and (variable_names_whitelist is None or node.name in variable_names_whitelist)
        and (variable_names_blacklist is None or node.name not in variable_names_blacklist)
    ]
    values = dict(zip(frozen, sess.run([f"{name}:0" for name in frozen]), strict=True))
    output_graph = proto("graph").GraphDef()
    output_graph.versions.CopyFrom(sub_graph.versions)
    _copy_library(sub_graph, output_graph)
    for node in sub_graph.node:
        copy = output_graph.node.add()
        if node.name in values:
            copy.name, copy.op, copy.device = node.name, "Const", node.device
            copy.attr["dtype"].CopyFrom(node.attr["dtype"])
            copy.attr["value"].tensor.CopyFrom(make_tensor_proto(values[node.name]))
        else:
            copy.CopyFrom(node)
    return output_graph


def remove_training_nodes(input_graph, protected_nodes=None):
    """`input_graph` without its CheckNumerics and identity nodes, as TensorFlow's; the
    consumers read their inputs directly. Nodes named in `protected_nodes` stay."""
    input_graph = as_graph_def_message(input_graph)
    protected = set(protected_nodes or ())
    removed = {
        node.name: node.input[0]
        for node in input_graph.node
        if node.op in ("Identity", "CheckNumerics")
        and node.name not in protected
        and len(node.input) == 1
        and not node.input[0].startswith("^")
    }
    output_graph = proto("graph").GraphDef()
    output_graph.versions.CopyFrom(input_graph.versions)
    _copy_library(input_graph, output_graph)
    for node in input_graph.node:
        if node.name in removed:
            continue
        copy = output_graph.node.add()
        copy.CopyFrom(node)
        del copy.input[:]
        copy.input.extend(_bypassed(name, removed) for name in node.input)
    return output_graph


def _copy_library(source, target) -> None:
    """The functions that If and While nodes call, kept as TensorFlow keeps them."""
    if source.HasField("library"):
        target.library.CopyFrom(source.library)


def _bypassed(name: str, removed: dict) -> str:
    control = name.startswith("^")
    while _node_name(name) in removed and (":" not in name or name.endswith(":0")):
        name = removed[_node_name(name)]
    return f"^{_node_name(name)}" if control else name


def _node_name(name: str) -> str:
    return name.lstrip("^").split(":")[0]
