"""If and While nodes of an imported GraphDef (TensorFlow 2's control flow, or tinytf's
own export) rebuilt as tinytf's If and While ops: each function of the GraphDef's library
that they call becomes a SubGraph, its arguments placeholders fed by the op, its `ret`
the SubGraph's outputs. StatelessIf and StatelessWhile are If and While here.

Function bodies name their inputs "node:output_arg:index" (or an argument's name);
op_output_args turns those back into output positions.
"""

from __future__ import annotations

from tinytf.framework import dtypes, errors
from tinytf.framework.op_output_args import OUTPUT_ARGS
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.framework.tensor_shape import TensorShape

CONTROL_FLOW = {"If": "If", "StatelessIf": "If", "While": "While", "StatelessWhile": "While"}


class FunctionContext:
    """What rebuilding a function needs from the import: the library's functions by name,
    the import's scope, how the importer creates an op from a NodeDef
    (create_node(node, inputs, control_inputs, name) -> Operation) and reads an If or
    While node's attributes but its functions (plain_attrs(node) -> dict)."""

    def __init__(self, graph, library, scope: str, create_node, plain_attrs, reserved) -> None:
        self.graph, self.scope, self.create_node = graph, scope, create_node
        self.plain_attrs, self.reserved = plain_attrs, set(reserved)
        self.functions = {function.signature.name: function for function in library.function}

    def op_name(self, name: str) -> str:
        """`name` for an op of a function: as it is unless an op or a node of the
        GraphDef's top level has it (then made unique); ending in "/" (exact)."""
        if name in self.graph._ops_by_name or name in self.reserved:
            name = self.graph.unique_name(name)
        return f"{name}/"


def create_control_flow(context, node, inputs, control_inputs, name: str, attrs: dict):
    """The tinytf If or While op for the NodeDef `node` (named `name`, exactly), reading
    `inputs`; `attrs` are its non-function attributes as Python values."""
    graph = context.graph
    kind = CONTROL_FLOW[node.op]
    if kind == "If":
        pred, arguments = inputs[0], inputs[1:]
        shapes = [t.shape for t in arguments]
        branches = [
            _sub_graph(context, node, attr, name, shapes, f"{name}/{attr}")
            for attr in ("then_branch", "else_branch")
        ]
        for branch in branches:
            branch.feeds = [None, *branch.feeds]
        types = list(attrs.get("Tout") or [t.dtype for t in branches[0].outputs])
        tf_attrs = {"then_branch": branches[0], "else_branch": branches[1]}
        return _create(
            graph, "If", [pred, *arguments], types, attrs, tf_attrs, name, control_inputs
        )
    declared = attrs.get("output_shapes") or []
    shapes = declared if len(declared) == len(inputs) else [TensorShape(None)] * len(inputs)
    cond = _sub_graph(context, node, "cond", name, shapes, f"{name}/cond")
    body = _sub_graph(context, node, "body", name, shapes, f"{name}/body")
    types = [t.dtype.base_dtype for t in inputs]
    tf_attrs = {
        "cond": cond,
        "body": body,
        "num_loop_vars": len(inputs),
        "back_prop": True,
        "parallel_iterations": int(attrs.get("parallel_iterations", 10)),
    }
    return _create(graph, "While", inputs, types, attrs, tf_attrs, name, control_inputs)


def _create(graph, op_type, inputs, types, attrs, tf_attrs, name, control_inputs):
    shapes = list(attrs.get("output_shapes") or [])
    if len(shapes) != len(types):
        shapes = [TensorShape(None)] * len(types)
    tf_attrs.update({"Tout": list(types), "output_shapes": shapes})
    return graph.create_op(
        op_type, inputs, tf_attrs, name=f"{name}/", control_inputs=control_inputs
    )


def _sub_graph(context, node, attr: str, caller: str, shapes, label: str) -> SubGraph:
    """The function `node.attr[attr]` names, rebuilt as a SubGraph of the import's graph,
    its arguments having `shapes`."""
    function_name = node.attr[attr].func.name
    function = context.functions.get(function_name)
    if function is None:
        raise ValueError(
            f"Node '{node.name}': attr '{attr}' calls function '{function_name}', which "
            "is not in the GraphDef's library."
        )
    graph = context.graph
    sub_graph = SubGraph(label)
    signature = function.signature
    parent = node.name.rsplit("/", 1)[0] + "/" if "/" in node.name else None
    with building(graph, sub_graph):
        values = {}
        for arg, shape in zip(signature.input_arg, _padded(shapes, signature), strict=True):
            placeholder = graph.create_op(
                "Placeholder",
                [],
                {"dtype": dtypes.as_dtype(arg.type), "shape": shape},
                name=f"{caller}/{arg.name}",
            )
            values[arg.name] = placeholder.outputs[0]
        ops = {}
        for inner in _ordered(function):
            inputs, controls = [], []
            for input_name in inner.input:
                if input_name.startswith("^"):
                    controls.append(ops[input_name[1:]])
                else:
                    inputs.append(_value(values, ops, input_name, function_name))
            if parent is not None and inner.name.startswith(parent):
                name = f"{context.scope}{inner.name}"  # tinytf's export keeps full names
            else:
                name = f"{caller}/{inner.name}"
            name = context.op_name(name)
            if inner.op in CONTROL_FLOW:
                attrs = context.plain_attrs(inner)
                ops[inner.name] = create_control_flow(
                    context, inner, inputs, controls, name[:-1], attrs
                )
            else:
                ops[inner.name] = context.create_node(inner, inputs, controls, name)
    sub_graph.feeds = [values[arg.name] for arg in signature.input_arg]
    sub_graph.outputs = [
        _value(values, ops, function.ret[arg.name], function_name) for arg in signature.output_arg
    ]
    return sub_graph


def _padded(shapes, signature) -> list:
    count = len(signature.input_arg)
    return list(shapes) if len(shapes) == count else [TensorShape(None)] * count


def _ordered(function) -> list:
    """The function's nodes with each after the nodes it reads."""
    by_name = {inner.name: inner for inner in function.node_def}
    ordered, done = [], set()

    def visit(name, path):
        if name in done:
            return
        if name in path:
            raise ValueError(f"Function '{function.signature.name}' has a cycle through '{name}'")
        path.add(name)
        for input_name in by_name[name].input:
            source = input_name.lstrip("^").split(":")[0]
            if source in by_name:
                visit(source, path)
        done.add(name)
        ordered.append(by_name[name])

    for name in by_name:
        visit(name, set())
    return ordered


def _value(values: dict, ops: dict, ref: str, function_name: str):
    """The tensor a function names "arg", "node:output_arg:index" (or "node:index")."""
    if ref in values:
        return values[ref]
    parts = ref.split(":")
    op = ops.get(parts[0])
    if op is None:
        raise ValueError(f"Function '{function_name}' reads '{ref}', which it does not define.")
    if len(parts) == 2:
        return op.outputs[int(parts[1])]
    index = _output_index(op.type, parts[1], int(parts[2]), len(op.outputs))
    if index is None or index >= len(op.outputs):
        raise errors.InvalidArgumentError(
            None, None, f"Function '{function_name}' reads '{ref}': no such output of {op.type}."
        )
    return op.outputs[index]


def _output_index(op_type: str, arg: str, index: int, count: int) -> int | None:
    """The output position of output argument `arg`'s element `index`."""
    declared = OUTPUT_ARGS.get(op_type, ("output",))
    args = [name.rstrip("*") for name in declared]
    if arg not in args:
        return None
    position = args.index(arg)
    lists = [i for i, name in enumerate(declared) if name.endswith("*")]
    if not lists:
        return position + index
    first, width = lists[0], count - (len(args) - 1)  # one list argument takes the rest
    if position < first:
        return position
    if position == first:
        return first + index
    return position + width - 1
