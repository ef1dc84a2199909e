"""What tf.cond and tf.while_loop share: calling a user's function inside a sub-graph,
turning what it returns into tensors, and lining up the tensors it captures."""

from __future__ import annotations

from tinytf.framework import nest, registry
from tinytf.framework.graph import Operation, Tensor, control_dependencies
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.shape_ops import identity


def call_in_sub_graph(graph, sub_graph: SubGraph, function, *args):
    """`function(*args)` with the ops it creates joining `sub_graph`; its result's leaves
    become tensors (an Operation becomes a True that runs after it, as in TensorFlow),
    which are the sub-graph's outputs. Returns the result with tensors as leaves."""
    with building(graph, sub_graph):
        result = function(*args)
        if result is None:
            return None
        leaves = [_as_output(leaf) for leaf in nest.flatten(result)]
    sub_graph.outputs = leaves
    return nest.pack_sequence_as(result, leaves)


def _as_output(leaf) -> Tensor:
    if isinstance(leaf, Operation):
        with control_dependencies([leaf]):
            return constant(True)
    if isinstance(leaf, Tensor):
        if registry.get_op_def(leaf.op.type).ref_output:
            return identity(leaf)  # the value an assignment leaves, not the variable
        return leaf
    return convert_to_tensor(leaf)


def align_feeds(sub_graphs: list[SubGraph], leading: list[Tensor], shared: bool) -> list:
    """The owner's inputs after `leading`: every tensor a sub-graph reads from outside,
    once. Sets each sub-graph's `feeds` to match the owner's inputs, None where it does not
    read that input. With `shared`, a leading input is also what a sub-graph reads when it
    reads that tensor (tf.cond's predicate); else leading positions are left to the caller
    (a loop's variables, which vary) and every tensor read from outside is captured."""
    captured: dict[Tensor, None] = {}
    for sub_graph in sub_graphs:
        for tensor in sub_graph.external_inputs():
            if not (shared and tensor in leading):
                captured.setdefault(tensor)
    for sub_graph in sub_graphs:
        reads = set(sub_graph.external_inputs())
        sub_graph.feeds = [t if shared and t in reads else None for t in leading]
        sub_graph.feeds += [t if t in reads else None for t in captured]
    return list(captured)


def external_control_inputs(sub_graphs: list[SubGraph]) -> list[Operation]:
    return list(dict.fromkeys(c for s in sub_graphs for c in s.external_control_inputs()))


def most_specific_compatible_shape(shape: TensorShape, other: TensorShape) -> TensorShape:
    """The shape both may have: equal dimensions kept, others unknown (TF's Merge rule)."""
    if shape.ndims is None or other.ndims is None or shape.ndims != other.ndims:
        return unknown_shape()
    return TensorShape(
        [a if a == b else None for a, b in zip(shape.as_list(), other.as_list(), strict=True)]
    )


def add_output(op: Operation, dtype, shape) -> Tensor:
    """Appends an output to an If or While op (a value its gradient needs)."""
    op._attrs["Tout"].append(dtype)
    op._attrs["output_shapes"].append(shape)
    tensor = Tensor(op, len(op._outputs), dtype, shape)
    op._outputs.append(tensor)
    return tensor


def infer_from_attrs(inputs, attrs):
    return list(zip(attrs["Tout"], attrs["output_shapes"], strict=True))


def carried(sub_graph: SubGraph, first: int, wanted: list[bool]) -> list[bool]:
    """Which loop variables a loop must carry for those `wanted` after it: a wanted one,
    and any one that the body reads to compute another it carries. Loop variable k is
    fed at `sub_graph.feeds[first + k]` and computed as `sub_graph.outputs[k]`; a flag
    per loop variable. (A gradient loop's sum for a tensor nobody differentiates by is
    not carried: its body never runs the ops that only that sum needs.)"""
    count = len(wanted)
    feeds = {t: k for k, t in enumerate(sub_graph.feeds[first : first + count]) if t is not None}
    inside = set(sub_graph.ops)

    def read_by(tensor: Tensor) -> set[int]:
        found, stack, seen = set(), [tensor], set()
        while stack:
            value = stack.pop()
            if value in feeds:
                found.add(feeds[value])
            elif value.op in inside and value.op not in seen:
                seen.add(value.op)
                stack.extend(value.op._inputs)
        return found

    needed = {k for k in range(count) if wanted[k]}
    pending = list(needed)
    while pending:
        for k in read_by(sub_graph.outputs[pending.pop()]) - needed:
            needed.add(k)
            pending.append(k)
    return [k in needed for k in range(count)]
