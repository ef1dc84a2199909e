"""tf.cond and tf.while_loop in a GraphDef, as TensorFlow 2's control flow writes them: If
and While nodes whose branches, condition and body are FunctionDefs of the GraphDef's
function library, so that TensorFlow imports and runs the graph.

A branch or body (a SubGraph) becomes a function whose arguments are the op's inputs, in
order, and whose results are its outputs; inside it, a node names another's output as
"node:output_arg:index" (TensorFlow's output argument names come from op_output_args).
Functions take values, not variables: a conditional that assigns a TensorFlow 1.x
variable (tf.layers.batch_normalization's moving averages) is written as TensorFlow 1.x
writes it instead, lowered to Switch and Merge nodes, with RefSwitch passing the variable.

The While writes a trip counter as an extra loop variable when the graph reads the trip
count (a gradient does), and the values it records per iteration (for its gradient, or
tf.map_fn's results) as TensorList accumulators, more loop variables; the gradient's
loop is written by gradient_loop_export.
"""

from __future__ import annotations

import re

import numpy as np

from tinytf.framework import dtypes, registry
from tinytf.framework.graph_def import (
    NodeScope,
    fill_shape_proto,
    graph_dtype,
    set_attr_value,
    write_op,
)
from tinytf.framework.sub_graph import SubGraph
from tinytf.framework.tensor_shape import TensorShape

_BRANCHES = ("then_branch", "else_branch")


class FunctionLibrary:
    """The GraphDef's functions being written: one per SubGraph, under a unique name."""

    def __init__(self, graph_def) -> None:
        self.graph_def = graph_def
        self._names: dict[SubGraph, str] = {}
        self._taken: set[str] = set()

    def unique_name(self, sub_graph: SubGraph) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", sub_graph.name) or "function"
        name, count = base, 0
        while name in self._taken:
            count += 1
            name = f"{base}_{count}"
        self._taken.add(name)
        return name

    def function(
        self, sub_graph: SubGraph, feeds: list, types: list, results: list, prelude=None
    ) -> str:
        """The name of `sub_graph`'s function (written on first use): one argument per
        entry of `feeds` (the tensor standing for it inside, or None) of `types`, and one
        result per entry of `results`: a tensor; an argument's position (the argument
        returned as it is); ("unused", dtype) for a value this branch does not compute;
        ("next", position) for an int32 argument plus one (a trip counter); ("push",
        position, tensor) for the TensorList argument with `tensor` appended; or a
        function(scope, arguments) writing the nodes of a result, returning its dtype and
        its name. `prelude(scope, arguments)`, when given, writes nodes before the
        sub-graph's and returns names for tensors the sub-graph reads."""
        if sub_graph in self._names:
            return self._names[sub_graph]
        name = self._names[sub_graph] = self.unique_name(sub_graph)
        function = self.graph_def.library.function.add()
        function.signature.name = name
        members = set(sub_graph.ops)
        taken = {op.name for op in sub_graph.ops}
        arguments, names = [], {}
        for position, (feed, dtype) in enumerate(zip(feeds, types, strict=True)):
            argument = _argument_name(feed, position, taken)
            arguments.append(argument)
            function.signature.input_arg.add(name=argument, type=dtype.as_datatype_enum)
            if feed is not None:
                names[feed] = argument
        scope = NodeScope(function.node_def, names, members)
        if prelude is not None:
            scope.names.update(prelude(scope, arguments))
        for op in sub_graph.ops:
            if op.type == "Placeholder" and op.outputs[0] in scope.names:
                continue  # stands for an argument
            write_op(scope, op, self)
        for index, result in enumerate(results):
            output = f"output_{index}"
            if callable(result):
                dtype, ref = result(scope, arguments)
            elif isinstance(result, int):
                dtype, ref = types[result], arguments[result]
            elif isinstance(result, tuple) and result[0] == "unused":
                dtype, ref = result[1], _filler(scope, f"{name}/unused_{index}", result[1])
            elif isinstance(result, tuple) and result[0] == "push":
                dtype = dtypes.variant
                ref = _push(scope, f"{name}/push_{index}", arguments[result[1]], result[2])
            elif isinstance(result, tuple):
                dtype = dtypes.int32
                ref = _next(scope, f"{name}/next_{index}", arguments[result[1]])
            else:
                dtype, ref = graph_dtype(result), scope.ref(result)
            function.signature.output_arg.add(name=output, type=dtype.as_datatype_enum)
            function.ret[output] = ref
        return name


def write_control_flow(scope: NodeScope, op, library: FunctionLibrary, add_shapes: bool):
    """Writes an op holding sub-graphs (If, While...) into `scope`."""
    if op.type == "If" and scope.members is None and any(_is_ref(t) for t in op.inputs):
        _write_lowered_if(scope, op, library, add_shapes)
    elif op.type == "If":
        _write_if(scope, op, library, add_shapes)
    elif op.type == "While":
        _write_while(scope, op, library, add_shapes)
    elif op.type == "WhileGrad":
        from tinytf.framework.gradient_loop_export import write_while_grad

        write_while_grad(scope, op, library, add_shapes)
    else:  # a tinytf op type (WhileGradGrad): its sub-graphs as functions, for TensorBoard
        node = scope.add(op.name, op.type, [scope.ref(t) for t in op.inputs], {}, op)
        types = [t.dtype.base_dtype for t in op.inputs]
        for attr, value in op._attrs.items():
            if isinstance(value, SubGraph):
                results = [t if t is not None else ("unused", types[0]) for t in value.outputs]
                node.attr[attr].func.name = library.function(value, value.feeds, types, results)
            elif value is not None:
                set_attr_value(node.attr[attr], value, f"attr '{attr}' of op '{op.name}'")
        finish_node(scope, node, op, add_shapes)


def _write_if(scope: NodeScope, op, library: FunctionLibrary, add_shapes: bool) -> None:
    branches = [op._attrs[name] for name in _BRANCHES]
    pred, inputs = op.inputs[0], list(op.inputs[1:])
    reads_pred = any(branch.feeds[0] is not None for branch in branches)
    if reads_pred:  # a branch reading the predicate gets it as an argument too
        inputs.append(pred)
    types = [graph_dtype(t) for t in inputs]
    shapes = list(op._attrs["output_shapes"])
    names = []
    for branch in branches:
        feeds = list(branch.feeds[1:]) + ([branch.feeds[0]] if reads_pred else [])
        results = []
        for index, tensor in enumerate(branch.outputs):
            if tensor is None:  # a value the other branch exposes for the gradient
                results.append(("unused", op._attrs["Tout"][index]))
                shapes[index] = TensorShape(None)
            else:
                results.append(tensor)
        names.append(library.function(branch, feeds, types, results))
    stateful = any(is_stateful(branch) for branch in branches)
    node = scope.add(
        op.name,
        "If" if stateful else "StatelessIf",
        [scope.ref(t) for t in [pred, *inputs]],
        {
            "Tcond": pred.dtype.base_dtype,
            "Tin": types,
            "Tout": list(op._attrs["Tout"]),
            "output_shapes": shapes,
        },
        op,
    )
    for attr, name in zip(_BRANCHES, names, strict=True):
        node.attr[attr].func.name = name
    finish_node(scope, node, op, add_shapes)


def _write_while(scope: NodeScope, op, library: FunctionLibrary, add_shapes: bool) -> None:
    count = op._attrs["num_loop_vars"]
    loop_vars, captured = list(op.inputs[:count]), list(op.inputs[count:])
    counting = len(op.outputs) > count  # the graph reads the trip count
    types = [graph_dtype(t) for t in loop_vars + captured]
    shapes = list(op._attrs["output_shapes"][:count]) + [t.shape for t in captured]
    refs = [scope.ref(t) for t in loop_vars + captured]
    cond, body = op._attrs["cond"], op._attrs["body"]
    cond_feeds, body_feeds = list(cond.feeds), list(body.feeds)
    body_results = list(body.outputs[:count]) + list(range(count, len(types)))
    if counting:  # the trip counter, then accumulators: loop variables after the user's
        start = f"{op.name}/trip_counter"
        scope.add(start, "Const", [], scalar_const(dtypes.int32, 0), None)
        recorded = list(body.outputs[count:])
        lists = [
            _empty_list(scope, f"{op.name}/accumulator_{j}", t) for j, t in enumerate(recorded)
        ]
        refs[count:count] = [scope.local(start, "Const"), *lists]
        types[count:count] = [dtypes.int32] + [dtypes.variant] * len(recorded)
        shapes[count:count] = [TensorShape([])] * (1 + len(recorded))
        cond_feeds[count:count] = [None] * (1 + len(recorded))
        body_feeds[count:count] = [None] * (1 + len(recorded))
        pushes = [("push", count + 1 + j, t) for j, t in enumerate(recorded)]
        body_results = [
            *body.outputs[:count],
            ("next", count),
            *pushes,
            *range(count + 1 + len(recorded), len(types)),
        ]
    cond_name = library.function(cond, cond_feeds, types, [cond.outputs[0]])
    body_name = library.function(body, body_feeds, types, body_results)
    stateful = is_stateful(cond) or is_stateful(body)
    node = scope.add(
        op.name,
        "While" if stateful else "StatelessWhile",
        refs,
        {
            "T": types,
            "output_shapes": shapes,
            "parallel_iterations": int(op._attrs.get("parallel_iterations", 10)),
        },
        op,
    )
    node.attr["cond"].func.name = cond_name
    node.attr["body"].func.name = body_name
    finish_node(scope, node, op, add_shapes)


def _write_lowered_if(scope: NodeScope, op, library: FunctionLibrary, add_shapes: bool) -> None:
    """The conditional as TensorFlow 1.x's dataflow: each input the branches read passes
    a Switch on the predicate (RefSwitch for a variable), each branch's ops read the
    Switch's side for it, Merge nodes take the result of the branch that ran, and an
    IdentityN under the op's name gives them the op's outputs."""
    prefix = op.name
    pred = scope.ref(op.inputs[0])
    boolean = {"T": dtypes.bool}
    scope.add(f"{prefix}/Switch", "Switch", [pred, pred], boolean, None)
    pivots = [f"{prefix}/switch_f", f"{prefix}/switch_t"]
    scope.add(pivots[1], "Identity", [f"{prefix}/Switch:1"], boolean, None)
    scope.add(pivots[0], "Identity", [f"{prefix}/Switch"], boolean, None)
    scope.add(f"{prefix}/pred_id", "Identity", [pred], boolean, None)
    branches = [op._attrs[name] for name in _BRANCHES]
    switched = {}
    for index, tensor in enumerate(op.inputs):
        if all(branch.feeds[index] is None for branch in branches):
            continue
        switch = f"{prefix}/Switch_{index}"
        switch_type = "RefSwitch" if _is_ref(tensor) else "Switch"
        attrs = {"T": tensor.dtype.base_dtype}
        scope.add(switch, switch_type, [scope.ref(tensor), f"{prefix}/pred_id"], attrs, None)
        switched[index] = switch
    sides = []
    for side, branch in zip((1, 0), branches, strict=True):  # then: output 1, else: 0
        names = dict(scope.names)
        for index, switch in switched.items():
            if branch.feeds[index] is not None:
                names[branch.feeds[index]] = f"{switch}:1" if side else switch
        inner = NodeScope(scope.nodes, names, None)
        for inner_op in branch.ops:
            start = len(scope.nodes)
            write_op(inner, inner_op, library, add_shapes)
            for node in list(scope.nodes)[start:]:
                if not node.input:  # runs only when its branch is taken
                    node.input.append(f"^{pivots[side]}")
        sides.append(inner)
    merges = []
    for index, dtype in enumerate(op._attrs["Tout"]):
        inputs = [
            side_scope.ref(branch.outputs[index])
            for side_scope, branch in zip(sides[::-1], branches[::-1], strict=True)
            if branch.outputs[index] is not None
        ]  # the false branch first, as TensorFlow 1.x
        merge = f"{prefix}/Merge_{index}"
        scope.add(merge, "Merge", inputs, {"T": dtype, "N": len(inputs)}, None)
        merges.append(merge)
    node = scope.add(prefix, "IdentityN", merges, {"T": list(op._attrs["Tout"])}, op)
    finish_node(scope, node, op, add_shapes)


def finish_node(scope: NodeScope, node, op, add_shapes: bool) -> None:
    node.input.extend(scope.controls(op))
    if add_shapes and scope.members is None and op.outputs:
        shape_list = node.attr["_output_shapes"].list.shape
        for output in op.outputs:
            fill_shape_proto(shape_list.add(), output.shape)


def _filler(scope: NodeScope, name: str, dtype) -> str:
    """A zero of `dtype`: the result of a branch for a value only the other one computes
    (read only by the gradient's same branch, so never used)."""
    scope.add(name, "Const", [], scalar_const(dtype, 0), None)
    return scope.local(name, "Const")


def _next(scope: NodeScope, name: str, argument: str) -> str:
    """`argument` + 1, an int32 (the trip counter's next value)."""
    scope.add(f"{name}/one", "Const", [], scalar_const(dtypes.int32, 1), None)
    scope.add(
        name, "AddV2", [argument, scope.local(f"{name}/one", "Const")], {"T": dtypes.int32}, None
    )
    return scope.local(name, "AddV2")


def _empty_list(scope: NodeScope, name: str, element) -> str:
    """A new TensorList for the values of `element` (an EmptyTensorList node)."""
    scope.add(f"{name}/element_shape", "Const", [], scalar_const(dtypes.int32, -1), None)
    scope.add(f"{name}/max_num_elements", "Const", [], scalar_const(dtypes.int32, -1), None)
    inputs = [scope.local(f"{name}/element_shape", "Const")]
    inputs.append(scope.local(f"{name}/max_num_elements", "Const"))
    attrs = {"element_dtype": graph_dtype(element), "shape_type": dtypes.int32}
    scope.add(name, "EmptyTensorList", inputs, attrs, None)
    return scope.local(name, "EmptyTensorList")


def _push(scope: NodeScope, name: str, handle: str, tensor) -> str:
    """The TensorList `handle` with `tensor` appended (a TensorListPushBack node)."""
    attrs = {"element_dtype": graph_dtype(tensor)}
    scope.add(name, "TensorListPushBack", [handle, scope.ref(tensor)], attrs, None)
    return scope.local(name, "TensorListPushBack")


def scalar_const(dtype, value) -> dict:
    return {"dtype": dtype, "value": np.array(value, dtype.as_numpy_dtype)}


def _argument_name(feed, position: int, taken: set) -> str:
    """A valid, unused argument name ([a-z][a-z0-9_]*), from the tensor it stands for."""
    base = re.sub(r"[^a-z0-9_]", "_", feed.op.name.lower()) if feed is not None else ""
    base = base if base[:1].isalpha() else f"arg_{position}{'_' + base if base else ''}"
    name, count = base, 0
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name


def _is_ref(tensor) -> bool:
    return registry.get_op_def(tensor.op.type).ref_output


def _is_stateful_op(op) -> bool:
    op_def = registry.get_op_def(op.type)
    if op_def.sub_graphs:
        return any(is_stateful(op._attrs[name]) for name in op_def.sub_graphs)
    return op_def.stateful


def is_stateful(sub_graph: SubGraph) -> bool:
    """Whether an op of `sub_graph` (but the placeholders standing for its arguments)
    has state, so that the node calling it is If or While, not their Stateless forms."""
    feeds = set(sub_graph.fed())
    return any(
        _is_stateful_op(op)
        for op in sub_graph.ops
        if not (op.type == "Placeholder" and op.outputs[0] in feeds)
    )
