"""Conditionals lowered to Switch and Merge nodes (TensorFlow 1.x's tf.cond, and tinytf's
export of a cond that assigns a variable) rebuilt on import as tinytf's If op.

A Switch passes its data to output 1 when its predicate is true, to output 0 when false;
a node reading a Switch's output (or reading such a node) belongs to that side of the
conditional, and a Merge takes the value of the side that ran. tinytf runs no dataflow of
dead tensors, so each conditional becomes an If whose branches are the nodes of its two
sides: they read the Switches' data directly (a variable's reference through RefSwitch,
so that an assignment in a branch writes it) and return what the Merges take. A Merge
becomes an Identity of the If's output; an IdentityN of all the Merges (how tinytf writes
its If op's outputs) becomes the If itself.

Switches reading the same predicate tensor make one conditional; those on the predicate
itself (TensorFlow's pivots, which ops without inputs depend on) join the conditional whose
nodes they meet. Nested lowered conditionals, Merge's value_index and TensorFlow 1.x's
loops (Enter, Exit, NextIteration) are not rebuilt: UnimplementedError names the node.
"""

from __future__ import annotations

from tinytf.framework import errors, registry
from tinytf.framework.sub_graph import SubGraph, building
from tinytf.framework.tensor_shape import TensorShape

SWITCHES = frozenset({"Switch", "RefSwitch"})
MERGES = frozenset({"Merge", "RefMerge"})
LOWERED = SWITCHES | MERGES | {"IdentityN"}


def _unsupported(node, why: str):
    return errors.UnimplementedError(
        None, None, f"tinytf cannot import node '{node.name}' ({node.op}): {why}"
    )


class LoweredCond:
    """One conditional: its Switches, the nodes of each side (false: 0, true: 1) in
    import order, its Merges and the IdentityN reading them, if any."""

    def __init__(self) -> None:
        self.switches: list = []
        self.sides: tuple[list, list] = ([], [])
        self.merges: list = []
        self.merge_inputs: dict = {}  # Merge name -> {side: the input it takes from it}
        self.identity_n = None
        self.op = None  # the If, once built


class _Groups:
    """Union-find over the conditionals' keys (their predicate tensors' names)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keys) -> str:
        roots = [self.find(key) for key in keys]
        for root in roots[1:]:
            self.parent[root] = roots[0]
        return roots[0]


def _tensor_name(input_name: str) -> str:
    return input_name if ":" in input_name else f"{input_name}:0"


def find_lowered_conds(nodes: list) -> dict:
    """The conditionals of `nodes` (in import order), keyed by each node that belongs to
    one: its Switches, the nodes of its sides, its Merges and IdentityN."""
    by_name = {node.name: node for node in nodes}
    if not any(node.op in SWITCHES for node in nodes):
        return {}
    groups, side_of, switch_key, merge_keys, merge_inputs = _Groups(), {}, {}, {}, {}

    def context(input_name: str):
        """(key, side) of the conditional side a tensor belongs to, or None."""
        source, _, index = input_name.lstrip("^").partition(":")
        if source in switch_key:
            return None if input_name.startswith("^") else (switch_key[source], int(index or 0))
        return side_of.get(source)

    for node in nodes:
        if node.op in SWITCHES:
            if context(node.input[0]) or context(node.input[1]):
                raise _unsupported(node, "a conditional nested in a lowered conditional")
            pivot = node.input[0] == node.input[1]  # keyed apart: conds share predicates
            switch_key[node.name] = groups.find(node.name if pivot else _tensor_name(node.input[1]))
            continue
        if node.op in MERGES:
            data = [i for i in node.input if not i.startswith("^")]
            contexts = [context(i) for i in data]
            if not data or None in contexts:
                raise _unsupported(node, "a Merge of values not from a conditional's sides")
            merge_keys[node.name] = groups.union([key for key, _ in contexts])
            merge_inputs[node.name] = {side: i for (_, side), i in zip(contexts, data, strict=True)}
            continue
        contexts = [c for c in map(context, node.input) if c is not None]
        if not contexts:
            continue
        key = groups.union([k for k, _ in contexts])
        if len({side for _, side in contexts}) > 1:
            raise _unsupported(node, "it reads both sides of a lowered conditional")
        side_of[node.name] = (key, contexts[0][1])
    conds: dict[str, LoweredCond] = {}

    def cond_of(key: str) -> LoweredCond:
        return conds.setdefault(groups.find(key), LoweredCond())

    for name, key in switch_key.items():
        cond_of(key).switches.append(by_name[name])
    for node in nodes:
        if node.name in side_of:
            key, side = side_of[node.name]
            cond_of(key).sides[side].append(node)
        if node.name in merge_keys:
            cond = cond_of(merge_keys[node.name])
            cond.merges.append(node)
            cond.merge_inputs[node.name] = merge_inputs[node.name]
    members = {}
    for cond in conds.values():
        for node in [*cond.switches, *cond.sides[0], *cond.sides[1], *cond.merges]:
            members[node.name] = cond
    _check_readers(nodes, members, merge_keys)
    for node in nodes:
        if (
            node.op == "IdentityN"
            and node.input
            and all(
                _tensor_name(i).endswith(":0") and i.split(":")[0] in merge_keys for i in node.input
            )
        ):
            cond = members[node.input[0].split(":")[0]]
            if [i.split(":")[0] for i in node.input] == [m.name for m in cond.merges]:
                cond.identity_n = node
                members[node.name] = cond
    return members


def _check_readers(nodes: list, members: dict, merge_keys: dict) -> None:
    """Nothing outside a conditional may read its sides, nor a Merge's value_index."""
    for node in nodes:
        for input_name in node.input:
            source, _, index = input_name.lstrip("^").partition(":")
            if source in merge_keys and index not in ("", "0"):
                raise _unsupported(node, f"it reads the value_index of Merge '{source}'")
            cond = members.get(source)
            if cond is None or source in merge_keys or members.get(node.name) is cond:
                continue
            raise _unsupported(node, f"it reads '{source}' of a lowered conditional's side")


def dependencies(members: dict) -> dict:
    """Extra inputs for the import order: a conditional's Merges and IdentityN come after
    every node of the conditional, so that its If is built at the first of them."""
    extra = {}
    for cond in set(members.values()):
        inside = [n.name for n in [*cond.switches, *cond.sides[0], *cond.sides[1]]]
        for node in [*cond.merges, *([cond.identity_n] if cond.identity_n else [])]:
            extra[node.name] = inside
    return extra


def import_member(context, cond: LoweredCond, node, resolve, scope: str, name: str):
    """The op standing for `node` of `cond` (a Merge or the IdentityN; None for the nodes
    of the sides and the Switches, which the If holds), building the If on first use.
    `resolve(input_name)` is the tensor (an op for "^name") an input of the import names;
    `context` (function_importer's) builds ops."""
    if node.op in SWITCHES or node in cond.sides[0] or node in cond.sides[1]:
        return None
    if cond.op is None:
        cond.op = _build_if(context, cond, resolve, scope)
    if node is cond.identity_n:
        return cond.op
    index = cond.merges.index(node)
    graph = context.graph
    return graph.create_op("Identity", [cond.op.outputs[index]], {}, name=name)


def _build_if(context, cond: LoweredCond, resolve, scope: str):
    graph = context.graph
    if cond.identity_n is not None:
        name = f"{scope}{cond.identity_n.name}/"
    else:
        name = context.op_name(f"{scope}{cond.merges[0].name}/If")
    switched = {s.name: resolve(s.input[0]) for s in cond.switches}
    pred = resolve(cond.switches[0].input[1])
    branches = []
    for side, label in ((1, "then"), (0, "else")):
        sub_graph, ops = SubGraph(f"{name}{label}"), {}

        def read(input_name, ops=ops):
            source, _, index = input_name.partition(":")
            if source in switched:
                return switched[source]
            if source in ops:
                return ops[source].outputs[int(index or 0)]
            return resolve(input_name)

        with building(graph, sub_graph):
            for node in cond.sides[side]:
                inputs = [read(i) for i in node.input if not i.startswith("^")]
                controls = [
                    ops[i[1:]] if i[1:] in ops else resolve(i)
                    for i in node.input
                    if i.startswith("^") and i[1:] not in switched
                ]
                name_here = f"{scope}{node.name}/"  # its own name, kept for it by the import
                ops[node.name] = context.create_node(node, inputs, controls, name_here)
            sub_graph.outputs = [
                _value(graph, read, cond.merge_inputs[merge.name].get(side))
                for merge in cond.merges
            ]
        branches.append(sub_graph)
    captured = _align_feeds(branches, pred)
    types, shapes = [], []
    for outputs in zip(branches[0].outputs, branches[1].outputs, strict=True):
        present = [t for t in outputs if t is not None]
        types.append(present[0].dtype.base_dtype)
        shapes.append(_common_shape([t.shape for t in present]))
    attrs = {
        "Tout": types,
        "output_shapes": shapes,
        "then_branch": branches[0],
        "else_branch": branches[1],
    }
    controls = [c for b in branches for c in b.external_control_inputs()]
    if cond.identity_n is not None:  # the control inputs of tinytf's If
        controls += [resolve(i) for i in cond.identity_n.input if i.startswith("^")]
    controls = list(dict.fromkeys(controls))
    return graph.create_op("If", [pred, *captured], attrs, name=name, control_inputs=controls)


def _value(graph, read, input_name):
    """The tensor a side gives a Merge (None if it gives none): a variable (through
    RefSwitch) or an assignment's result as its value, as tf.cond returns it."""
    if input_name is None:
        return None
    tensor = read(input_name)
    if registry.get_op_def(tensor.op.type).ref_output:
        return graph.create_op("Identity", [tensor], {}).outputs[0]
    return tensor


def _align_feeds(branches: list[SubGraph], pred) -> list:
    """The If's inputs after the predicate: each tensor a branch reads from outside, once;
    each branch's feeds set to match (None where it does not read that input)."""
    captured = {}
    for branch in branches:
        for tensor in branch.external_inputs():
            if tensor is not pred:
                captured.setdefault(tensor)
    for branch in branches:
        reads = set(branch.external_inputs())
        branch.feeds = [pred if pred in reads else None]
        branch.feeds += [t if t in reads else None for t in captured]
    return list(captured)


def _common_shape(shapes: list) -> TensorShape:
    """The shape every one of `shapes` has: equal dimensions kept, others unknown."""
    first = shapes[0]
    if any(s.ndims != first.ndims for s in shapes) or first.ndims is None:
        return TensorShape(None)
    dims = [
        d if all(s.as_list()[i] == d for s in shapes) else None
        for i, d in enumerate(first.as_list())
    ]
    return TensorShape(dims)
