"""Reverse-mode autodiff that builds the gradient as more graph ops (`tf.gradients`).

The walk is TensorFlow's: find the ops between `xs` and `ys`, count how many gradient
contributions each op still waits for, and process an op only when all of them have
arrived, summing them. It is iterative (no recursion limit) and reads no gradient before
it is complete, so `x + x * x` differentiates correctly.
"""

from __future__ import annotations

import collections

import numpy as np

from tinytf.framework import dtypes, registry
from tinytf.framework.graph import Operation, Tensor, get_default_graph, name_scope
from tinytf.ops import array_ops
from tinytf.ops.constant_op import constant, convert_to_tensor


def _as_tensor_list(values, variables_as_refs: bool = False) -> list[Tensor]:
    """Tensors for `values`. A variable stands for its read value, or with
    `variables_as_refs` for the variable itself, so that every read of it is an input."""
    values = values if isinstance(values, (list, tuple)) else [values]
    tensors = []
    for value in values:
        if hasattr(value, "_as_tensor"):
            value = value._as_graph_element() if variables_as_refs else value._as_tensor()
        if not isinstance(value, Tensor):
            value = convert_to_tensor(value)
        tensors.append(value)
    return tensors


def _is_differentiable_dtype(tensor: Tensor) -> bool:
    # A variant (an imported TensorList) carries floats too: its ops say how, or refuse.
    return tensor.dtype.is_floating or tensor.dtype is dtypes.variant


def _ops_between(ys: list[Tensor], xs: list[Tensor], stop_ops: set) -> set[Operation]:
    """Ops on some path from an x to a y (ys' ops included); an x's op is a start even
    when it stops gradients (the gradient with respect to it is still wanted)."""
    reached = set()
    x_ops = {x.op for x in xs}
    frontier = list(x_ops)
    while frontier:
        op = frontier.pop()
        if op in reached:
            continue
        reached.add(op)
        if op in stop_ops and op not in x_ops:
            continue
        for output in op._outputs:
            frontier.extend(output._consumers)
    between = set()
    frontier = [y.op for y in ys]
    while frontier:
        op = frontier.pop()
        if op in between or op not in reached:
            continue
        between.add(op)
        frontier.extend(t.op for t in op._inputs)
    return between


def _pending_counts(between: set[Operation]) -> dict[Operation, int]:
    """For each op, how many (consumer, input) edges inside `between` feed on it."""
    pending = dict.fromkeys(between, 0)
    for op in between:
        for tensor in op._inputs:
            if tensor.op in pending:
                pending[tensor.op] += 1
    return pending


def _sum_gradients(grads: list[Tensor]) -> Tensor | None:
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    from tinytf.ops.math_ops import add_n

    return add_n(grads)


def _initial_gradient(y: Tensor, grad_y, index: int) -> Tensor:
    if grad_y is not None:
        return convert_to_tensor(grad_y, dtype=y.dtype, name=f"grad_ys_{index}")
    if y.shape.is_fully_defined():
        ones = np.ones(y.shape.as_list(), dtype=y.dtype.as_numpy_dtype)
        return constant(ones, name=f"grad_ys_{index}")
    return array_ops.fill(array_ops.shape(y), constant(1, dtype=y.dtype), name=f"grad_ys_{index}")


def gradients(
    ys,
    xs,
    grad_ys=None,
    name="gradients",
    colocate_gradients_with_ops=False,
    gate_gradients=False,
    aggregation_method=None,
    stop_gradients=None,
    unconnected_gradients="none",
) -> list:
    """Symbolic d(sum of ys)/d(x) for each x in `xs`.

    An x that does not reach the ys gets None (or zeros, with
    `unconnected_gradients="zero"`). A variable in `xs` gets the gradient summed over all
    its reads. `colocate_gradients_with_ops`, `gate_gradients` and `aggregation_method`
    are accepted and ignored: gradients are always summed with one AddN.
    """
    if get_default_graph().executes_eagerly:
        raise RuntimeError(
            "tf.gradients is not supported when eager execution is enabled. "
            "Use tf.GradientTape instead."
        )
    if unconnected_gradients not in ("none", "zero"):
        raise ValueError(f"Unknown value for unconnected_gradients: '{unconnected_gradients}'")
    ys = _as_tensor_list(ys)
    xs = _as_tensor_list(xs, variables_as_refs=True)
    graph = get_default_graph()
    xs = [graph.local_tensor(x) for x in xs]
    grad_ys = grad_ys if isinstance(grad_ys, (list, tuple)) else [grad_ys] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    stop_ops = {t.op for t in _as_tensor_list(stop_gradients or [])}
    with name_scope(name, "gradients", ys + xs):
        between = _ops_between(ys, xs, stop_ops)
        pending = _pending_counts(between)
        grads: dict[Tensor, list[Tensor]] = collections.defaultdict(list)
        for i, (y, grad_y) in enumerate(zip(ys, grad_ys, strict=True)):
            grads[y].append(_initial_gradient(y, grad_y, i))
        ready = collections.deque(
            sorted({y.op for y in ys if pending.get(y.op, 0) == 0}, key=lambda op: op._id)
        )
        while ready:
            op = ready.popleft()
            if op in between and op not in stop_ops:
                _backprop_op(op, grads)
            for tensor in op._inputs:
                producer = tensor.op
                if producer in pending:
                    pending[producer] -= 1
                    if pending[producer] == 0:
                        ready.append(producer)
        results = [_sum_gradients(grads.get(x, [])) for x in xs]
    if unconnected_gradients == "zero":
        results = [
            array_ops.zeros_like(x) if grad is None else grad
            for x, grad in zip(xs, results, strict=True)
        ]
    return results


def _backprop_op(op: Operation, grads) -> None:
    """Calls op's gradient function with its summed output gradients; records the input
    gradients it returns."""
    out_grads = []
    for output in op._outputs:
        summed = _sum_gradients(grads.get(output, []))
        if summed is not None:
            grads[output] = [summed]  # summed once, also for an x fetched later
        out_grads.append(summed)
    if all(g is None for g in out_grads):
        return
    if not any(_is_differentiable_dtype(t) for t in op._inputs):
        return
    grad_fn = registry.get_gradient_function(op)
    if grad_fn is None:
        return
    with name_scope(op.name + "_grad"):
        # As TF, an unused output gets a ZerosLike op (not a constant), which gradient
        # functions recognise as "no gradient" and skip.
        out_grads = [
            g
            if g is not None or not _is_differentiable_dtype(t)
            else array_ops.zeros_like(t, optimize=False)
            for g, t in zip(out_grads, op._outputs, strict=True)
        ]
        in_grads = grad_fn(op, *out_grads)
    if not isinstance(in_grads, (list, tuple)):
        in_grads = [in_grads]
    if len(in_grads) != len(op._inputs):
        raise ValueError(
            f"Num gradients {len(in_grads)} generated for op {op.name} do not "
            f"match num inputs {len(op._inputs)}"
        )
    for index, (tensor, grad) in enumerate(zip(op._inputs, in_grads, strict=True)):
        if grad is not None and _is_differentiable_dtype(tensor):
            _check_shape(op, index, tensor, grad)
            grads[tensor].append(grad)


def _check_shape(op: Operation, index: int, tensor: Tensor, grad: Tensor) -> None:
    """Refines a gradient's static shape to its input's; a mismatch is a gradient bug."""
    try:
        grad.set_shape(tensor.shape)
    except ValueError:
        raise ValueError(
            f"Incompatible shapes between op input and calculated input "
            f"gradient. Forward operation: {op.name}. Input index: {index}. "
            f"Original input shape: {tensor.shape}. Calculated input gradient "
            f"shape: {grad.shape}"
        ) from None
