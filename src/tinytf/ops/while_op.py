"""tf.while_loop as a functional While op: the condition and the body are sub-graphs, each
compiled into a plan of its own, and the While kernel calls them until the condition is
false (see client/executor.py).

TensorFlow 1.x builds Enter/Merge/Switch/NextIteration/Exit ops instead; tinytf keeps its
names for what a program sees: the condition reads the loop variables as `while/Merge`,
`while/Merge_1`..., the body as `while/Identity`, `while/Identity_1`..., the ops inside are
`while/...` and the results `while/Exit:0`, `while/Exit_1:0`... The gradient is a WhileGrad
op that runs the body's gradient once per iteration, last iteration first, reading the
forward values it needs from stacks that the forward loop records for it.
"""

from __future__ import annotations

import operator

import numpy as np

from tinytf.framework import dtypes, errors, nest
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import dims_text
from tinytf.framework.sub_graph import SubGraph
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.ops import control_flow_util as util
from tinytf.ops import tensor_list_ops
from tinytf.ops.comparison_ops import logical_and
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.placeholder_ops import placeholder
from tinytf.ops.shape_ops import identity


@register_op(
    "While",
    infer=util.infer_from_attrs,
    bind=True,
    stateful=True,
    sub_graphs=("cond", "body"),
    passes_refs=True,
)
def _while_kernel(op, session, compile_sub_graph, wanted):
    count = len(op._outputs)
    loop_vars = op._attrs["num_loop_vars"]
    body = op._attrs["body"]
    # The values recorded per iteration that this plan uses (gradients, tf.map_fn).
    recorded = [j for j in range(len(body.outputs) - loop_vars) if wanted[loop_vars + 1 + j]]
    body_wanted = [True] * loop_vars + [False] * (len(body.outputs) - loop_vars)
    for j in recorded:
        body_wanted[loop_vars + j] = True
    cond_plan = compile_sub_graph(op._attrs["cond"])
    body_plan = compile_sub_graph(body, body_wanted)
    cond_at, body_at = _feed_positions(op._attrs["cond"]), _feed_positions(body)

    run_cond, run_body = cond_plan.run, body_plan.run
    cond_feeds, body_feeds = _selector(cond_at), _selector(body_at)

    def run_while(*inputs):
        current = list(inputs)
        stacks = [[] for _ in recorded]
        trips = 0
        while run_cond(cond_feeds(current))[0]:
            values = run_body(body_feeds(current))
            current[:loop_vars] = values[:loop_vars]
            for stack, value in zip(stacks, values[loop_vars:], strict=True):
                stack.append(value)
            trips += 1
        results = current[:loop_vars]
        if count > loop_vars:  # the trip count, then the recorded values
            results.append(np.array(trips, np.int32))
            results += [None] * (count - loop_vars - 1)
            for j, stack in zip(recorded, stacks, strict=True):
                results[loop_vars + 1 + j] = stack
        return results[0] if count == 1 else results

    return run_while


def _selector(positions: list[int]):
    """A function picking the values at `positions` from a list, as a sequence."""
    if len(positions) > 1:
        return operator.itemgetter(*positions)  # one C call per iteration
    return lambda values: [values[i] for i in positions]


def _feed_positions(sub_graph: SubGraph) -> list[int]:
    return [i for i, tensor in enumerate(sub_graph.feeds) if tensor is not None]


def while_loop(
    cond,
    body,
    loop_vars,
    shape_invariants=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
    maximum_iterations=None,
    return_same_structure=False,
):
    """Repeats `body` while `cond` is true, as `tf.compat.v1.while_loop`.

    `parallel_iterations` and `swap_memory` are accepted and ignored (iterations run one
    after another, in memory). Without `return_same_structure`, a single loop variable is
    returned as a tensor, not a one-element list.
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if loop_vars is None or (nest.is_nested(loop_vars) and not nest.flatten(loop_vars)):
        raise ValueError("'loop_vars' must be provided.")
    single = not nest.is_nested(loop_vars)
    if single:
        loop_vars = [loop_vars]
        shape_invariants = None if shape_invariants is None else [shape_invariants]
    graph = get_default_graph()
    if graph.executes_eagerly:
        values = _eager_while(cond, body, loop_vars, maximum_iterations)
        return _pack_result(values, loop_vars, single, return_same_structure)
    with name_scope(name, "while", nest.flatten(loop_vars)) as scope:
        user_vars = loop_vars
        packed = len(loop_vars) == 1 and not return_same_structure
        if maximum_iterations is not None:
            cond, body, loop_vars, shape_invariants = _counted(
                cond, body, loop_vars, shape_invariants, maximum_iterations, packed
            )
        initial = [convert_to_tensor(v) for v in nest.flatten(loop_vars)]
        invariants = _invariants(initial, loop_vars, shape_invariants)
        cond_graph, body_graph = SubGraph(f"{scope}cond"), SubGraph(f"{scope}body")
        condition = _call(graph, cond_graph, cond, loop_vars, initial, invariants, "Merge")
        if not isinstance(condition, Tensor) or condition.dtype is not dtypes.bool:
            raise TypeError(f"'cond' must return a boolean scalar tensor, got {condition!r}")
        result = _call(graph, body_graph, body, loop_vars, initial, invariants, "Identity")
        _check_body_result(loop_vars, body_graph, result, initial, invariants)
        loop_feeds = [body_graph.ops[i]._outputs[0] for i in range(len(initial))]
        cond_feeds = [cond_graph.ops[i]._outputs[0] for i in range(len(initial))]
        captured = util.align_feeds([cond_graph, body_graph], initial, shared=False)
        cond_graph.feeds[: len(initial)] = cond_feeds
        body_graph.feeds[: len(initial)] = loop_feeds
        attrs = {
            "Tout": [t.dtype for t in initial],
            "output_shapes": list(invariants),
            "cond": cond_graph,
            "body": body_graph,
            "num_loop_vars": len(initial),
            "back_prop": bool(back_prop),
            "parallel_iterations": int(parallel_iterations),
        }
        op = graph.create_op(
            "While",
            initial + captured,
            attrs,
            name="While",
            control_inputs=util.external_control_inputs([cond_graph, body_graph]),
        )
        exits = [identity(t, name="Exit") for t in op._outputs]
    if maximum_iterations is not None:
        return nest.pack_sequence_as(loop_vars, exits)[1]  # after the iteration counter
    if single:
        return exits[0]
    result = nest.pack_sequence_as(user_vars, exits)
    return result[0] if packed and isinstance(result, (list, tuple)) else result


def _counted(cond, body, loop_vars, shape_invariants, maximum_iterations, packed: bool):
    """The loop with an iteration counter in front, stopping at `maximum_iterations`,
    as TensorFlow 1.x builds it (so the ops inside have its names). With `packed` (one
    loop variable), the function gets and returns that variable itself."""
    limit = convert_to_tensor(maximum_iterations, name="maximum_iterations")
    counter = constant(0, dtype=limit.dtype, name="iteration_counter")
    if packed:
        loop_vars, shape_invariants = loop_vars[0], _first(shape_invariants)

        def counted_cond(i, value):
            return logical_and(i < limit, cond(value))

        def counted_body(i, value):
            return i + 1, body(value)

    else:

        def counted_cond(i, values):
            return logical_and(i < limit, cond(*values))

        def counted_body(i, values):
            return i + 1, body(*values)

    invariants = None if shape_invariants is None else (TensorShape([]), shape_invariants)
    return counted_cond, counted_body, (counter, loop_vars), invariants


def _first(items):
    return None if items is None else items[0]


def _pack_result(flat: list, loop_vars, single: bool, return_same_structure: bool):
    """An eager loop's results shaped as its variables (a lone variable as itself)."""
    if single:
        return flat[0]
    packed = nest.pack_sequence_as(loop_vars, flat)
    if not return_same_structure and len(flat) == 1 and isinstance(packed, list):
        return packed[0]
    return packed


def _invariants(initial, loop_vars, shape_invariants) -> list[TensorShape]:
    if shape_invariants is None:
        return [t.shape for t in initial]
    nest.assert_same_structure(loop_vars, shape_invariants, check_types=False)
    invariants = [as_shape(s) for s in nest.flatten(shape_invariants)]
    for tensor, invariant in zip(initial, invariants, strict=True):
        if not invariant.is_compatible_with(tensor.shape):
            raise ValueError(
                f"The shape invariant specified for {tensor.name} is not compatible with the "
                f"initial shape of the loop variable. It enters the loop with shape "
                f"{tensor.shape}, but the specified shape invariant is {invariant}."
            )
    return invariants


def _call(graph, sub_graph, function, loop_vars, initial, invariants, feed_name):
    """Calls `function` on placeholders standing for the loop variables, in `sub_graph`."""

    def with_placeholders():
        feeds = [
            placeholder(t.dtype, shape, name=feed_name)
            for t, shape in zip(initial, invariants, strict=True)
        ]
        packed = nest.pack_sequence_as(loop_vars, feeds)
        return function(*packed)

    return util.call_in_sub_graph(graph, sub_graph, with_placeholders)


def _check_body_result(loop_vars, body_graph, result, initial, invariants) -> None:
    if not nest.is_nested(result):
        result = [result]
    fed = [body_graph.ops[i]._outputs[0] for i in range(len(initial))]
    nest.assert_same_structure(list(nest.pack_sequence_as(loop_vars, fed)), list(result))
    for tensor, output, invariant in zip(initial, body_graph.outputs, invariants, strict=True):
        if output.dtype is not tensor.dtype:
            raise TypeError(
                f"Loop variable {tensor.name} enters the loop with type {tensor.dtype.name}, "
                f"but has type {output.dtype.name} after one iteration."
            )
        if not _at_least_as_specific(output.shape, invariant):
            raise ValueError(
                f"Input tensor '{tensor.name}' enters the loop with shape {invariant}, but has "
                f"shape {output.shape} after one iteration. To allow the shape to vary across "
                "iterations, use the `shape_invariants` argument of tf.while_loop to specify "
                "a less-specific shape."
            )


def _at_least_as_specific(shape: TensorShape, invariant: TensorShape) -> bool:
    if invariant.ndims is None:
        return True
    if shape.ndims != invariant.ndims:
        return False
    return all(
        b is None or a == b for a, b in zip(shape.as_list(), invariant.as_list(), strict=True)
    )


def _eager_while(cond, body, loop_vars, maximum_iterations) -> list:
    """In eager mode the loop is Python's own, as TensorFlow's eager while_loop; returns
    the final values flat."""
    values = nest.map_structure(convert_to_tensor, loop_vars)
    limit = None if maximum_iterations is None else int(convert_to_tensor(maximum_iterations))
    count = 0
    while (limit is None or count < limit) and bool(cond(*values)):
        result = body(*values)
        values = nest.map_structure(
            convert_to_tensor, result if nest.is_nested(result) else [result]
        )
        count += 1
    return nest.flatten(values)


def trip_count(op) -> Tensor:
    """The While op's output counting its iterations (added on first use)."""
    loop_vars = op._attrs["num_loop_vars"]
    if len(op._outputs) == loop_vars:
        util.add_output(op, dtypes.int32, TensorShape([]))
    return op._outputs[loop_vars]


def record(op, tensor: Tensor) -> Tensor:
    """The While op's output holding `tensor`'s value at every iteration (a body tensor),
    in order: added on first use, after the trip count."""
    body = op._attrs["body"]
    trip_count(op)
    for index in range(op._attrs["num_loop_vars"], len(body.outputs)):
        if body.outputs[index] is tensor:
            return op._outputs[index + 1]
    body.outputs.append(tensor)
    return util.add_output(op, tensor.dtype, TensorShape([None]).concatenate(tensor.shape))


def _tensor_list_stack_infer(inputs, attrs):
    """The values a While recorded keep their dtype and shape; TensorFlow's form, on a
    TensorList, also reads the element shape (an imported graph's)."""
    if len(inputs) == 2:
        return tensor_list_ops.stack_infer(inputs, attrs)
    return inputs[0].dtype, inputs[0].shape


@register_op("TensorListStack", infer=_tensor_list_stack_infer, bind=True)
def _tensor_list_stack_kernel(op, session):
    if len(op._inputs) == 2:
        return tensor_list_ops.stack_kernel(op)
    element_shape = op._attrs["element_shape"]
    dtype = op._outputs[0].dtype.as_numpy_dtype

    def stack(values):
        if len(values):
            return np.stack(values)
        if not element_shape.is_fully_defined():  # as TensorFlow's TensorArray
            raise errors.UnimplementedError(
                None,
                op,
                f"TensorArray has size zero, but element shape {dims_text(element_shape)} is "
                "not fully defined. Currently only static shapes are supported when packing "
                "zero-size TensorArrays.",
            )
        return np.zeros((0, *element_shape.as_list()), dtype)

    return stack


@RegisterGradient("TensorListStack")
def _tensor_list_stack_grad(op, grad):
    if len(op.inputs) == 2:
        tensor_list_ops.refuse_gradient(op, grad)
    return grad


def stack_recorded(stack: Tensor, element_shape, name="TensorArrayStack") -> Tensor:
    """One tensor of the values a While recorded (`record`), stacked on a new first axis."""
    graph = stack.graph
    with name_scope(name):
        return graph.create_op(
            "TensorListStack",
            [stack],
            {"element_shape": element_shape},
            name="TensorArrayGatherV3",
        )._outputs[0]
