"""tf.while_loop's gradient (tinytf's WhileGrad op) in a GraphDef, as a TensorFlow While.

WhileGrad runs the loop body's gradient once per forward iteration, last first, reading
each iteration's forward values from the stacks the forward loop recorded. TensorFlow
has no such op, so it is written as a While over (the carried gradients, an iteration
counter i, the trip count, the stacks and the tensors read from outside): the condition
is i < trips, and the body reads element trips - 1 - i of each stack (TensorListGetItem
for the forward While's TensorLists, GatherV2 for a stacked gradient), runs the gradient
body's nodes, and passes everything else on. Its outputs start with the gradients, at
WhileGrad's output positions.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.function_library import finish_node, is_stateful, scalar_const
from tinytf.framework.graph_def import graph_dtype, is_tensor_list
from tinytf.framework.sub_graph import SubGraph
from tinytf.framework.tensor_shape import TensorShape


def write_while_grad(scope, op, library, add_shapes: bool) -> None:
    body = op._attrs["body"]
    count = len(op.outputs)
    trips, initial, rest = op.inputs[0], list(op.inputs[1 : 1 + count]), op.inputs[1 + count :]
    stacks = range(1 + count, 1 + count + op._attrs["num_stacks"])  # of op.inputs
    start = f"{op.name}/iteration"
    scope.add(start, "Const", [], scalar_const(dtypes.int32, 0), None)
    refs = [scope.ref(t) for t in initial] + [scope.local(start, "Const"), scope.ref(trips)]
    refs += [scope.ref(t) for t in rest]
    types = [t.dtype.base_dtype for t in initial] + [dtypes.int32, dtypes.int32]
    types += [dtypes.variant if is_tensor_list(t) else t.dtype.base_dtype for t in rest]
    shapes = [t.shape for t in initial] + [TensorShape([])] * 2
    shapes += [TensorShape([]) if is_tensor_list(t) else t.shape for t in rest]
    feeds = list(body.feeds[1 : 1 + count]) + [None, None]
    feeds += [None if i in stacks else body.feeds[i] for i in range(1 + count, len(op.inputs))]
    iteration, trip_count = count, count + 1

    def elements(function_scope, arguments):
        """Element trips - 1 - i of each stack, named for the tensor it stands for."""
        index = f"{op.name}/index"
        last = f"{index}/last"
        function_scope.add(f"{index}/one", "Const", [], scalar_const(dtypes.int32, 1), None)
        one = function_scope.local(f"{index}/one", "Const")
        int32 = {"T": dtypes.int32}
        function_scope.add(last, "Sub", [arguments[trip_count], one], int32, None)
        last_ref = function_scope.local(last, "Sub")
        function_scope.add(index, "Sub", [last_ref, arguments[iteration]], int32, None)
        at = function_scope.local(index, "Sub")
        names = {}
        for i in stacks:
            element, stack = body.feeds[i], op.inputs[i]
            if element is None:
                continue
            names[element] = _element(
                function_scope, f"{op.name}/element_{i}", stack, element, arguments[i + 1], at
            )  # op input i is loop variable i + 1
        return names

    def less(function_scope, arguments):
        name = f"{op.name}/more"
        inputs = [arguments[iteration], arguments[trip_count]]
        function_scope.add(name, "Less", inputs, {"T": dtypes.int32}, None)
        return dtypes.bool, function_scope.local(name, "Less")

    def next_iteration(function_scope, arguments):
        name = f"{op.name}/next"
        function_scope.add(f"{name}/one", "Const", [], scalar_const(dtypes.int32, 1), None)
        inputs = [arguments[iteration], function_scope.local(f"{name}/one", "Const")]
        function_scope.add(name, "AddV2", inputs, {"T": dtypes.int32}, None)
        return dtypes.int32, function_scope.local(name, "AddV2")

    results = [*body.outputs, next_iteration, *range(trip_count, len(types))]
    body_name = library.function(body, feeds, types, results, prelude=elements)
    condition = SubGraph(f"{op.name}/cond")
    cond_name = library.function(condition, [None] * len(types), types, [less])
    node = scope.add(
        op.name,
        "While" if is_stateful(body) else "StatelessWhile",
        refs,
        {"T": types, "output_shapes": shapes, "parallel_iterations": 10},
        op,
    )
    node.attr["cond"].func.name = cond_name
    node.attr["body"].func.name = body_name
    finish_node(scope, node, op, add_shapes)


def _element(scope, name: str, stack, element, argument: str, index: str) -> str:
    if is_tensor_list(stack):
        shape = f"{name}/element_shape"
        scope.add(shape, "Const", [], scalar_const(dtypes.int32, -1), None)
        inputs = [argument, index, scope.local(shape, "Const")]
        attrs = {"element_dtype": graph_dtype(element)}
        scope.add(name, "TensorListGetItem", inputs, attrs, None)
        return scope.local(name, "TensorListGetItem")
    axis = f"{name}/axis"
    scope.add(axis, "Const", [], scalar_const(dtypes.int32, 0), None)
    attrs = {
        "Tparams": stack.dtype.base_dtype,
        "Tindices": dtypes.int32,
        "Taxis": dtypes.int32,
        "batch_dims": 0,
    }
    scope.add(name, "GatherV2", [argument, index, scope.local(axis, "Const")], attrs, None)
    return scope.local(name, "GatherV2")
