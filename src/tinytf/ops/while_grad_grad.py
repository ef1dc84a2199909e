"""Second-order gradients through tf.while_loop: the gradient of a WhileGrad op.

WhileGrad runs the loop body's gradient B once per forward iteration, last first:
c(T) = its initial values, c(t) = B(c(t+1), s(t), outer) for t = T-1 .. 0, where s(t) are
the stacks' elements at iteration t; it returns c(0). Its gradient, given h(0) = dL/dc(0),
runs the iterations the other way: for t = 0 .. T-1, the vector-Jacobian product of B at
(c(t+1), s(t)) gives h(t+1) = dL/dc(t+1), the gradient for s(t) and one more term of the
sum for `outer`. dL/d(initial values) is h(T).

A WhileGradGrad op does it: it first replays WhileGrad to find each c(t+1) (recomputing
rather than making WhileGrad record them), then runs the product's plan, a sub-graph of
B's ops and their gradient ops built by tf.gradients. The stacks' gradients (one element
per iteration, stacked) flow on into the forward While's recorded values.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import get_default_graph
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.ops import control_flow_util as util
from tinytf.ops.creation_ops import zeros_like
from tinytf.ops.placeholder_ops import placeholder


@register_op(
    "WhileGradGrad",
    infer=util.infer_from_attrs,
    bind=True,
    stateful=True,
    sub_graphs=("body", "product"),
    passes_refs=True,
)
def _while_grad_grad_kernel(op, session, compile_sub_graph, wanted):
    body, product = op._attrs["body"], op._attrs["product"]
    body_plan, product_plan = compile_sub_graph(body), compile_sub_graph(product)
    body_at = [i for i, tensor in enumerate(body.feeds) if tensor is not None]
    product_at = [i for i, tensor in enumerate(product.feeds) if tensor is not None]
    count = op._attrs["num_loop_vars"]  # WhileGrad's outputs, the values it carries
    inputs_count = op._attrs["num_inputs"]  # WhileGrad's inputs
    stacks_at = list(range(1 + count, 1 + count + op._attrs["num_stacks"]))
    differentiated = op._attrs["differentiated"]  # WhileGrad's inputs with a gradient
    shapes = op._attrs["output_shapes"]

    def run_while_grad_grad(*inputs):
        current = list(inputs[:inputs_count])
        upstream = list(inputs[inputs_count:])
        stacks = [current[i] for i in stacks_at]
        trips = int(current[0])
        entering = [None] * trips  # c(t + 1), what iteration t starts from
        for iteration in range(trips - 1, -1, -1):
            for position, stack in zip(stacks_at, stacks, strict=True):
                current[position] = stack[iteration]
            entering[iteration] = current[1 : 1 + count]
            current[1 : 1 + count] = body_plan.run([current[i] for i in body_at])
        carried = upstream
        per_iteration = {i: [] for i in differentiated if i in stacks_at}
        sums = {i: None for i in differentiated if i > count and i not in stacks_at}
        values = list(inputs[:inputs_count])
        for iteration in range(trips):
            for position, stack in zip(stacks_at, stacks, strict=True):
                values[position] = stack[iteration]
            values[1 : 1 + count] = entering[iteration]
            fed = values + carried
            products = product_plan.run([fed[i] for i in product_at])
            grads = dict(zip(differentiated, products, strict=True))
            carried = [grads[i] for i in range(1, 1 + count)]
            for i, collected in per_iteration.items():
                # An If's value recorded at an iteration where its branch did not run
                # is None: nothing read it, so nothing flows back to it.
                collected.append(None if values[i] is None else grads[i])
            for i in sums:
                if grads[i] is not None:
                    sums[i] = grads[i] if sums[i] is None else sums[i] + grads[i]
        results = []
        for output, i in enumerate(differentiated):
            if i <= count:
                results.append(carried[i - 1])
            elif i in per_iteration:
                results.append(_stacked(per_iteration[i], shapes[output]))
            else:
                results.append(np.zeros_like(inputs[i]) if sums[i] is None else sums[i])
        return results[0] if len(results) == 1 else results

    return run_while_grad_grad


def _stacked(values: list, shape):
    """Per-iteration gradients as one array, zeros where an iteration has none."""
    present = [value for value in values if value is not None]
    if not present:
        return np.zeros((len(values), *[d or 0 for d in shape.as_list()[1:]]))
    zeros = np.zeros_like(present[0])
    return np.stack([zeros if value is None else value for value in values])


@RegisterGradient("WhileGradGrad")
def _third_order(op, *grads):
    raise LookupError(
        f"No gradient defined for operation '{op.name}' (op type: WhileGradGrad): tinytf "
        "differentiates a tf.while_loop twice at most; a third-order gradient through the "
        "loop is not supported."
    )


@RegisterGradient("WhileGrad")
def _while_grad_grad(op, *grads):
    body = op._attrs["body"]
    count = len(op._outputs)
    if all(grad is None for grad in grads):
        return [None] * len(op._inputs)
    graph = get_default_graph()
    differentiated = [
        i for i, feed in enumerate(body.feeds) if feed is not None and feed.dtype.is_floating
    ]
    product = SubGraph(f"{op.name}_grad/product")
    with building(graph, product):
        upstream = [
            placeholder(t.dtype, shape, name="Identity")
            for t, shape in zip(op._outputs, op._attrs["output_shapes"], strict=True)
        ]
        product.outputs = _products(body, differentiated, upstream)
    product.ops = body.ops + product.ops  # recomputes B's values, then differentiates
    product.feeds = list(body.feeds) + upstream
    initial = [
        grad if grad is not None else zeros_like(output)
        for grad, output in zip(grads, op._outputs, strict=True)
    ]
    attrs = {
        "Tout": [op._inputs[i].dtype for i in differentiated],
        "output_shapes": [op._inputs[i].shape for i in differentiated],
        "body": body,
        "product": product,
        "num_loop_vars": count,
        "num_inputs": len(op._inputs),
        "num_stacks": op._attrs["num_stacks"],
        "differentiated": differentiated,
    }
    grad_op = graph.create_op("WhileGradGrad", [*op._inputs, *initial], attrs, name="WhileGradGrad")
    results = [None] * len(op._inputs)
    for i, tensor in zip(differentiated, grad_op._outputs, strict=True):
        results[i] = tensor
    return results


def _products(body: SubGraph, differentiated: list[int], upstream: list) -> list:
    """B's vector-Jacobian product: the gradients of its outputs, weighted by `upstream`,
    for each of its feeds in `differentiated` (zeros where none flows)."""
    from tinytf.ops.gradients_impl import gradients

    xs = [body.feeds[i] for i in differentiated]
    pairs = [(y, g) for y, g in zip(body.outputs, upstream, strict=True) if y.dtype.is_floating]
    ys, grad_ys = [y for y, _ in pairs], [g for _, g in pairs]
    dxs = gradients(ys, xs, grad_ys, stop_gradients=xs) if ys else [None] * len(xs)
    return [dx if dx is not None else zeros_like(x) for x, dx in zip(xs, dxs, strict=True)]
