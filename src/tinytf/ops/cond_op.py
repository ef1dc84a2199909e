"""tf.cond as a functional If op: each branch is a sub-graph compiled into a plan of its own,
and only the taken branch's plan runs (see client/executor.py).

TensorFlow 1.x builds Switch and Merge ops instead; tinytf keeps 1.x's names for what a
program sees (ops inside the branches are `cond/...`, the results `cond/Merge:0`,
`cond/Merge_1:0`) while the If op (`cond/If`) holds the two branches as sub-graphs, as
TensorFlow 2's If does. The gradient is another If whose branches differentiate the
forward branches; the forward values those need become extra outputs of the forward If.
"""

from __future__ import annotations

from tinytf.framework import dtypes, nest
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.framework.shape_text import rank_required, shapes_text
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.ops import control_flow_util as util
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.creation_ops import zeros_like
from tinytf.ops.shape_ops import identity

_BRANCHES = ("then_branch", "else_branch")


@register_op(
    "If",
    infer=util.infer_from_attrs,
    bind=True,
    stateful=True,
    sub_graphs=_BRANCHES,
    passes_refs=True,
)
def _if_kernel(op, session, compile_sub_graph, wanted):
    count = len(op._outputs)
    runners = [_runner(compile_sub_graph, op._attrs[name], wanted) for name in _BRANCHES]

    def run_if(pred, *inputs):
        plan, feed_at, output_at = runners[0] if pred else runners[1]
        inputs = (pred, *inputs)
        values = plan.run([inputs[i] for i in feed_at])
        results = [None] * count  # the other branch's values for the gradient: none
        for index, value in zip(output_at, values, strict=True):
            results[index] = value
        return results[0] if count == 1 else results

    return run_if


def _runner(compile_sub_graph, sub_graph: SubGraph, wanted: list[bool]):
    """The branch's plan, computing only the outputs the calling plan uses."""
    plan = compile_sub_graph(sub_graph, wanted)
    feed_at = [i for i, tensor in enumerate(sub_graph.feeds) if tensor is not None]
    output_at = [
        i for i, tensor in enumerate(sub_graph.outputs) if tensor is not None and wanted[i]
    ]
    return plan, feed_at, output_at


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """Runs `true_fn()`'s ops if `pred` is true, else `false_fn()`'s, and returns its results.

    As `tf.compat.v1.cond`: a single-element list result is unpacked unless `strict`;
    `fn1`/`fn2` are the deprecated names of `true_fn`/`false_fn`.
    """
    true_fn = _renamed(true_fn, fn1, "true_fn", "fn1")
    false_fn = _renamed(false_fn, fn2, "false_fn", "fn2")
    if isinstance(pred, bool):
        raise TypeError("'pred' must not be a Python bool.")
    for label, function in (("true_fn", true_fn), ("false_fn", false_fn)):
        if not callable(function):
            raise TypeError(f"'{label}' must be callable.")
    graph = get_default_graph()
    if graph.executes_eagerly:  # eager mode: Python's own if, as TensorFlow's eager cond
        result = true_fn() if bool(convert_to_tensor(pred)) else false_fn()
        return _unpacked(result, strict)
    with name_scope(name, "cond", [pred]) as scope:
        pred = convert_to_tensor(pred, dtype=dtypes.bool)
        if pred.shape.ndims not in (None, 0):
            raise ValueError(
                f"{rank_required(0, pred.shape.ndims)} for '{{{{node "
                f"{scope}Switch}}}} = Switch[T=DT_BOOL]' with input shapes: "
                f"{shapes_text([pred, pred])}."
            )
        branches = [SubGraph(f"{scope}true_fn"), SubGraph(f"{scope}false_fn")]
        results = []
        labels = ("true_fn", "false_fn")
        for label, function, branch in zip(labels, (true_fn, false_fn), branches, strict=True):
            result = util.call_in_sub_graph(graph, branch, function)
            if result is None:
                raise ValueError(f"'{label}' must have a return value.")
            results.append(result)
        nest.assert_same_structure(results[0], results[1])
        then_out, else_out = branches[0].outputs, branches[1].outputs
        then_types = [t.dtype for t in then_out]
        else_types = [t.dtype for t in else_out]
        if then_types != else_types:
            raise ValueError(
                "Outputs of 'true_fn' and 'false_fn' must have the same type(s). Received "
                f"{_type_names(then_types)} from 'true_fn' and {_type_names(else_types)} "
                "from 'false_fn'."
            )
        shapes = [
            util.most_specific_compatible_shape(a.shape, b.shape)
            for a, b in zip(then_out, else_out, strict=True)
        ]
        op = _create_if(
            pred, branches, util.align_feeds(branches, [pred], shared=True), then_types, shapes
        )
        merged = [identity(t, name="Merge") for t in op._outputs]
    return _unpacked(nest.pack_sequence_as(results[0], merged), strict)


def _unpacked(result, strict: bool):
    """A single-element list or tuple result as its element, unless `strict`."""
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]
    return result


def _create_if(pred, branches, captured, types, shapes, name="If"):
    attrs = {
        "Tout": list(types),
        "output_shapes": list(shapes),
        "then_branch": branches[0],
        "else_branch": branches[1],
    }
    return get_default_graph().create_op(
        "If",
        [pred, *captured],
        attrs,
        name=name,
        control_inputs=util.external_control_inputs(branches),
    )


def _renamed(value, old_value, name, old_name):
    if old_value is not None:
        if value is not None:
            raise TypeError(f"{name} and {old_name} may not be set simultaneously.")
        return old_value
    return value


def _type_names(types) -> str:
    names = [t.name for t in types]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


@RegisterGradient("If")
def _if_grad(op, *grads):
    """An If of the branches' gradients: each differentiates its forward branch, reading
    the forward values it needs through outputs added to the forward If."""
    graph = op.graph
    forward = [op._attrs[name] for name in _BRANCHES]
    wanted = [i for i, t in enumerate(op._inputs) if i > 0 and t.dtype.is_floating]
    if not wanted:
        return [None] * len(op._inputs)
    backward = []
    for branch, label in zip(forward, ("then", "else"), strict=True):
        sub_graph = SubGraph(f"{op.name}_grad/{label}")
        with building(graph, sub_graph):
            sub_graph.outputs = _branch_gradients(op, branch, grads, wanted, label)
        backward.append(sub_graph)
    captured = {}
    for which, sub_graph in enumerate(backward):
        for tensor in sub_graph.external_inputs():
            inside = forward[which].ops
            source = _expose(op, forward, which, tensor) if tensor.op in inside else tensor
            captured.setdefault(source, [None, None])[which] = tensor
    pred = op._inputs[0]
    captured.pop(pred, None)
    for which, sub_graph in enumerate(backward):
        sub_graph.feeds = [pred if pred in sub_graph.external_inputs() else None]
        sub_graph.feeds += [pair[which] for pair in captured.values()]
    types = [op._inputs[i].dtype for i in wanted]
    shapes = [op._inputs[i].shape for i in wanted]
    grad_if = _create_if(pred, backward, list(captured), types, shapes)
    results = [None] * len(op._inputs)
    for index, tensor in zip(wanted, grad_if._outputs, strict=True):
        results[index] = tensor
    return results


def _branch_gradients(op, branch: SubGraph, grads, wanted: list[int], label: str) -> list:
    from tinytf.ops.gradients_impl import gradients

    ys, grad_ys = [], []
    for index, (y, grad) in enumerate(zip(branch.outputs, grads, strict=True)):
        if y is None or grad is None or not y.dtype.is_floating or _unused(op, index, grad):
            continue
        ys.append(y)
        grad_ys.append(grad)
    xs = [branch.feeds[i] for i in wanted if branch.feeds[i] is not None]
    dxs = gradients(ys, xs, grad_ys, name=label, stop_gradients=xs) if ys and xs else []
    by_feed = dict(zip(xs, dxs, strict=False))
    results = []
    for index in wanted:
        feed = branch.feeds[index]
        grad = by_feed.get(feed) if feed is not None else None
        if grad is None:
            source = op._inputs[index]
            # A forward value of a branch not taken has no value to take zeros of; the
            # branch that reads it is not taken either, so nothing reads this gradient.
            grad = None if _may_be_missing(source) else zeros_like(source)
        results.append(grad)
    return results


def _unused(op, index: int, grad: Tensor) -> bool:
    """Whether `grad` is the ZerosLike that tf.gradients makes for an output nobody used."""
    return grad.op.type == "ZerosLike" and grad.op._inputs[0] is op._outputs[index]


def _may_be_missing(tensor: Tensor) -> bool:
    """Whether `tensor` is an If's output that only one branch computes."""
    op = tensor.op
    if op.type != "If":
        return False
    return any(op._attrs[name].outputs[tensor.value_index] is None for name in _BRANCHES)


def _expose(op, forward: list[SubGraph], which: int, tensor: Tensor) -> Tensor:
    """The output of `op` that carries `tensor`, a value inside forward branch `which`."""
    for index, output in enumerate(forward[which].outputs):
        if output is tensor:
            return op._outputs[index]
    for index, branch in enumerate(forward):
        branch.outputs.append(tensor if index == which else None)
    return util.add_output(op, tensor.dtype, tensor.shape)
