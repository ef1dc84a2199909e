"""The gradient of tf.while_loop: a WhileGrad op running the body's gradient once per
forward iteration, last first.

The body's gradient is built as a sub-graph by tf.gradients itself, from the gradients of
the body's results (placeholders, fed each iteration) to the body's inputs. The forward
values it reads (the loop variables of an iteration, values inside the body) differ per
iteration: the forward While records each of them in a stack (one array per iteration),
an output added for the gradient, and WhileGrad feeds element i at iteration i. Values
from outside the loop are read as they are. Gradients of tensors captured from outside
(a variable read in the body) are summed over the iterations in extra loop variables.

A captured tensor read by a gather (the input sequence of dynamic_rnn, read a step at a
time) has as gradient per iteration a scatter of a slice into a tensor its size: adding it
to the sum every iteration would cost the whole tensor each time, so the kernel instead
records each iteration's slices (values and indices) and scatters them all once after the
loop, which sums them in the same order.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, get_default_graph
from tinytf.framework.registry import RegisterGradient, get_op_def, register_op
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.ops import control_flow_util as util
from tinytf.ops import while_op
from tinytf.ops.creation_ops import zeros_like
from tinytf.ops.placeholder_ops import placeholder


@register_op(
    "WhileGrad",
    infer=util.infer_from_attrs,
    bind=True,
    stateful=True,
    sub_graphs=("body",),
    passes_refs=True,
)
def _while_grad_kernel(op, session, compile_sub_graph, wanted):
    body = op._attrs["body"]
    loop_vars = len(op._outputs)
    # Gradients nobody reads (of the loop's input sequence, say) are not computed.
    carried = util.carried(body, 1, wanted)
    scattered = _scattered_sums(body, carried)
    looped = [carried[k] and k not in scattered for k in range(loop_vars)]
    # The plan computes the loop variables carried from one iteration to the next, then
    # the (values, indices, count) of each scattered sum's slices.
    fetching = SubGraph(body.name)
    fetching.ops, fetching.feeds = body.ops, body.feeds
    fetching.outputs = [*body.outputs, *(t for inputs in scattered.values() for t in inputs)]
    plan = compile_sub_graph(fetching, looped + [True] * (3 * len(scattered)))
    feed_at = [i for i, tensor in enumerate(body.feeds) if tensor is not None]
    looped_at = [1 + k for k in range(loop_vars) if looped[k]]
    stacks_at = range(1 + loop_vars, 1 + loop_vars + op._attrs["num_stacks"])

    def run_while_grad(trips, *inputs):
        current = [trips, *inputs]
        stacks = [current[i] for i in stacks_at]
        slices = {k: [] for k in scattered}
        for iteration in range(int(trips) - 1, -1, -1):
            for position, stack in zip(stacks_at, stacks, strict=True):
                current[position] = stack[iteration]
            values = plan.run([current[i] for i in feed_at])
            for position, value in zip(looped_at, values[: len(looped_at)], strict=True):
                current[position] = value
            recorded = values[len(looped_at) :]
            for n, collected in enumerate(slices.values()):
                collected.append(recorded[3 * n : 3 * n + 3])
        for k, collected in slices.items():
            current[1 + k] = _add_slices(current[1 + k], collected)
        results = [current[1 + k] if carried[k] else None for k in range(loop_vars)]
        return results[0] if loop_vars == 1 else results

    return run_while_grad


def _scattered_sums(body: SubGraph, carried: list[bool]) -> dict[int, list[Tensor]]:
    """The carried loop variables whose body adds a scatter (UnsortedSegmentSum, a
    gather's gradient) to the variable and reads it nowhere else: the sums for captured
    tensors read a slice at a time. For each, the scatter's inputs."""
    inside = set(body.ops)
    readers: dict[Tensor, int] = {}
    for body_op in body.ops:
        for tensor in body_op._inputs:
            readers[tensor] = readers.get(tensor, 0) + 1
    scattered = {}
    for k, output in enumerate(body.outputs):
        fed = body.feeds[1 + k]
        if not carried[k] or fed is None or output is None or readers.get(fed) != 1:
            continue
        if fed in body.outputs:  # another loop variable takes the running sum
            continue
        if output.op not in inside or output.op.type not in ("Add", "AddV2"):
            continue
        others = [t for t in output.op._inputs if t is not fed]
        if len(others) != 1 or len(output.op._inputs) != 2:
            continue
        (scatter,) = others
        if scatter.op in inside and scatter.op.type == "UnsortedSegmentSum":
            scattered[k] = list(scatter.op._inputs)
    return scattered


def _add_slices(total, collected: list):
    """`total` plus every recorded scatter: one UnsortedSegmentSum of all the slices, in
    the order the loop recorded them (as the sum over the iterations would add them)."""
    if not collected:
        return total
    ids = np.concatenate([np.reshape(i, -1) for _, i, _ in collected])
    data = np.concatenate([np.reshape(d, (-1, *d.shape[np.ndim(i) :])) for d, i, _ in collected])
    count = collected[-1][2]
    return total + get_op_def("UnsortedSegmentSum").kernel(data, ids, count)


@RegisterGradient("While")
def _while_grad(op, *grads):
    if not op._attrs["back_prop"]:
        return [None] * len(op._inputs)
    loop_vars = op._attrs["num_loop_vars"]
    body = op._attrs["body"]
    varying = [k for k in range(loop_vars) if op._outputs[k].dtype.is_floating]
    captured = [
        i
        for i in range(loop_vars, len(op._inputs))
        if op._inputs[i].dtype.is_floating and body.feeds[i] is not None
    ]
    # Values the loop records per iteration (tf.map_fn's results) whose stacks have a
    # gradient: each iteration's slice of it flows back into the body.
    recorded = [
        (body.outputs[index - 1], grads[index])
        for index in range(loop_vars + 1, len(grads))
        if grads[index] is not None and not _unused(op, index, grads[index])
    ]
    if not varying and not captured:
        return [None] * len(op._inputs)
    graph = get_default_graph()
    sub_graph = SubGraph(f"{op.name}_grad/body")
    with building(graph, sub_graph):
        gradient_feeds = [
            placeholder(op._outputs[k].dtype, op._attrs["output_shapes"][k], name="Identity")
            for k in varying
        ]
        sum_feeds = [
            placeholder(op._inputs[i].dtype, op._inputs[i].shape, name="Identity") for i in captured
        ]
        recorded_feeds = [
            placeholder(tensor.dtype, tensor.shape, name="Identity") for tensor, _ in recorded
        ]
        pairs = [(body.outputs[k], g) for k, g in zip(varying, gradient_feeds, strict=True)]
        pairs += [(tensor, g) for (tensor, _), g in zip(recorded, recorded_feeds, strict=True)]
        sub_graph.outputs = _body_gradients(body, varying, captured, pairs, sum_feeds)
    trips, stacks, stacked, outer = _forward_values(op, sub_graph)
    initial = [
        grads[k] if grads[k] is not None else zeros_like(op._outputs[k]) for k in varying
    ] + [zeros_like(op._inputs[i]) for i in captured]
    recorded_grads = [grad for _, grad in recorded]
    sub_graph.feeds = [None, *gradient_feeds, *sum_feeds, *stacked, *recorded_feeds, *outer]
    attrs = {
        "Tout": [t.dtype for t in initial],
        "output_shapes": [op._inputs[k].shape for k in varying + captured],
        "body": sub_graph,
        "num_stacks": len(stacks) + len(recorded_grads),
    }
    grad_op = graph.create_op(
        "WhileGrad",
        [trips, *initial, *stacks, *recorded_grads, *outer],
        attrs,
        name="WhileGrad",
        control_inputs=sub_graph.external_control_inputs(),
    )
    results = [None] * len(op._inputs)
    for index, tensor in zip(varying + captured, grad_op._outputs, strict=True):
        results[index] = tensor
    return results


def _body_gradients(body, varying, captured, pairs, sum_feeds) -> list[Tensor]:
    """The next iteration's gradients: of the loop variables entering the body, and the
    running sums for captured tensors."""
    from tinytf.ops.gradients_impl import gradients

    pairs = [(y, g) for y, g in pairs if y.dtype.is_floating]
    xs = [body.feeds[k] for k in varying] + [body.feeds[i] for i in captured]
    ys, grad_ys = [y for y, _ in pairs], [g for _, g in pairs]
    dxs = gradients(ys, xs, grad_ys, stop_gradients=xs) if ys else [None] * len(xs)
    outputs = [
        dx if dx is not None else zeros_like(body.feeds[k])
        for k, dx in zip(varying, dxs, strict=False)
    ]
    for total, dx in zip(sum_feeds, dxs[len(varying) :], strict=True):
        outputs.append(total if dx is None else total + dx)
    return outputs


def _forward_values(op, sub_graph: SubGraph):
    """What the gradient body reads from the forward loop: the trip count; the stacks of
    per-iteration values (outputs added to the forward While) with the body tensors they
    stand for; and tensors from outside the loop."""
    inside = set(op._attrs["body"].ops)
    stacks, stacked, outer = [], [], []
    for tensor in sub_graph.external_inputs():
        if tensor.op not in inside:
            outer.append(tensor)
            continue
        stacked.append(tensor)
        stacks.append(while_op.record(op, tensor))
    return while_op.trip_count(op), stacks, stacked, outer


def _unused(op, index: int, grad: Tensor) -> bool:
    """Whether `grad` is the ZerosLike that tf.gradients makes for an output nobody used."""
    return grad.op.type == "ZerosLike" and grad.op._inputs[0] is op._outputs[index]
