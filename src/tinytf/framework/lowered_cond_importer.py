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
nodes they meet. A conditional nested in a side becomes an If inside that branch. Merge's
value_index is not rebuilt (UnimplementedError names the node), nor TensorFlow 1.x's loops
(Enter, Exit, NextIteration: op types tinytf has not).
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
    """One conditional: its Switches, the nodes of each side (false: 0, true: 1) in import
    order, its Merges and the IdentityN reading them, if any; `parent` is the conditional
    whose side holds it (None at the graph's top level)."""

    def __init__(self) -> None:
        self.switches: list = []
        self.sides: tuple[list, list] = ([], [])
        self.merges: list = []
        self.merge_inputs: dict = {}  # Merge name -> {side: the input it takes from it}
        self.identity_n = None
        self.parent: LoweredCond | None = None
        self.nested: dict = {}  # a node of a side that a nested conditional holds -> it
        self.side_names: set = set()
        self.pred_id = None  # the Identity of the predicate its Switches read, if its own
        self.merges_unread = False  # whether only the IdentityN reads the Merges
        self.pivots: set = set()  # switch_t and switch_f, read only as control inputs
        self.op = None  # the If, once built


class _Groups:
    """Union-find over the conditionals' keys (a predicate tensor's name, or a pivot's)."""

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

    def resolved(self, context: tuple) -> tuple:
        return tuple((self.find(key), side) for key, side in context)


def _tensor_name(input_name: str) -> str:
    return input_name if ":" in input_name else f"{input_name}:0"


def find_lowered_conds(nodes: list) -> dict:
    """The conditionals of `nodes` (in import order), keyed by each node that belongs to
    one: its Switches, Merges and IdentityN, and the nodes of its sides.

    A node's context is the path of (conditional, side) pairs it runs under, outermost
    first: a Switch's output adds one to its inputs' context, a Merge takes one off, any
    other node has the deepest context among its inputs (the others must lead to it)."""
    if not any(node.op in SWITCHES for node in nodes):
        return {}
    groups, contexts, switches, merges = _Groups(), {}, {}, {}

    def context_of(input_name: str) -> tuple:
        source, _, index = input_name.lstrip("^").partition(":")
        if source in switches and not input_name.startswith("^"):
            parent, key = switches[source]
            return (*parent, (key, int(index or 0)))
        return contexts.get(source, ())

    def deepest(node, found: list) -> tuple:
        found = sorted(found, key=len)
        for shorter in found[:-1]:
            longest = found[-1][: len(shorter)]
            for (key, side), (other, other_side) in zip(shorter, longest, strict=True):
                if side != other_side:
                    raise _unsupported(node, "it reads both sides of a lowered conditional")
                groups.union([key, other])
        return found[-1] if found else ()

    for node in nodes:
        if node.op in SWITCHES:
            pivot = node.input[0] == node.input[1]  # keyed apart: conds share predicates
            key = groups.find(node.name if pivot else _tensor_name(node.input[1]))
            switches[node.name] = (deepest(node, [context_of(i) for i in node.input]), key)
        elif node.op in MERGES:
            data = [i for i in node.input if not i.startswith("^")]
            found = [context_of(i) for i in data]
            if not data or not all(found):
                raise _unsupported(node, "a Merge of values not from a conditional's sides")
            contexts[node.name] = deepest(node, [c[:-1] for c in found])
            key = groups.union([c[-1][0] for c in found])
            merges[node.name] = (key, {c[-1][1]: i for c, i in zip(found, data, strict=True)})
        else:
            contexts[node.name] = deepest(node, [context_of(i) for i in node.input])
    return _members(nodes, groups, contexts, switches, merges)


def _members(nodes, groups, contexts, switches, merges) -> dict:
    conds: dict[str, LoweredCond] = {}

    def cond_of(key: str) -> LoweredCond:
        return conds.setdefault(groups.find(key), LoweredCond())

    members = {}
    for node in nodes:
        context = groups.resolved(contexts.get(node.name, ()))
        if node.name in switches:
            parent, key = switches[node.name]
            members[node.name] = cond_of(key)
            members[node.name].switches.append(node)
        elif node.name in merges:
            key, inputs = merges[node.name]
            members[node.name] = cond_of(key)
            members[node.name].merges.append(node)
            members[node.name].merge_inputs[node.name] = inputs
        elif context:
            members[node.name] = cond_of(context[-1][0])
        if node.name in switches:
            context = groups.resolved(switches[node.name][0])
        if context:  # a node of a side (a nested conditional's Switch or Merge too)
            cond_of(context[-1][0]).sides[context[-1][1]].append(node)
            if node.name in merges or node.name in switches:
                members[node.name].parent = cond_of(context[-1][0])
    readers: dict[str, set] = {}
    data_readers: dict[str, set] = {}
    for node in nodes:
        for input_name in node.input:
            source, _, index = input_name.lstrip("^").partition(":")
            readers.setdefault(source, set()).add(node.name)
            if not input_name.startswith("^"):
                data_readers.setdefault(source, set()).add(node.name)
            if source in merges and index not in ("", "0"):
                raise _unsupported(node, f"it reads the value_index of Merge '{source}'")
        if node.op == "IdentityN" and node.input and node.input[0].split(":")[0] in merges:
            cond = members[node.input[0].split(":")[0]]
            if list(node.input) == [m.name for m in cond.merges]:
                cond.identity_n = node
                members[node.name] = cond
    by_name = {node.name: node for node in nodes}
    for cond in set(members.values()):
        _own_names(cond, by_name, readers, members)
        cond.pivots = {
            name
            for switch in cond.switches
            if switch.input[0] == switch.input[1]
            for name in readers.get(switch.name, ())
            if by_name[name].op == "Identity" and not data_readers.get(name)
        }
    for name, cond in members.items():
        if cond.parent is not None and name not in cond.side_names:
            cond.parent.nested[name] = cond
    return members


def _own_names(cond: LoweredCond, by_name: dict, readers: dict, members: dict) -> None:
    """What only the conditional reads is its own: the Identity of the predicate that its
    Switches read (TensorFlow's pred_id), and its Merges when only its IdentityN reads
    them; and the Identities of its pivot Switch (switch_t, switch_f), which a branch's
    ops need not wait for. An If written back out writes them anew under their names."""
    switch_names = {switch.name for switch in cond.switches}
    for switch in cond.switches:
        pred = by_name.get(switch.input[1].partition(":")[0])
        if pred is not None and pred.op == "Identity" and readers[pred.name] <= switch_names:
            cond.pred_id = pred
            members[pred.name] = cond
            break
    if cond.identity_n is not None:
        merge_names = [merge.name for merge in cond.merges]
        cond.merges_unread = all(readers[m] == {cond.identity_n.name} for m in merge_names)
    cond.side_names = {node.name for side in cond.sides for node in side}


def dependencies(members: dict) -> dict:
    """Extra inputs for the import order: a conditional's Merges and IdentityN come after
    every node of the conditional (nested ones' too), so that its If is built at the first
    of them."""
    inside = {}
    for name, cond in members.items():
        while cond is not None:
            inside.setdefault(cond, []).append(name)
            cond = cond.parent
    extra = {}
    for cond, names in inside.items():
        ends = {m.name for m in cond.merges} | {cond.identity_n.name if cond.identity_n else ""}
        for end in ends - {""}:
            extra[end] = [name for name in names if name not in ends]
    return extra


def import_member(context, cond: LoweredCond, node, resolve, scope: str, name: str):
    """The op standing for `node` of `cond` (a Merge or the IdentityN; None for the nodes
    of the sides and the Switches, which the If holds), building the If on first use.
    `resolve(input_name)` is the tensor (an op for "^name") an input of the import names;
    `context` (function_importer's) builds ops."""
    if node.op in SWITCHES or node.name in cond.side_names or node is cond.pred_id:
        return None
    if cond.op is None:
        cond.op = _build_if(context, cond, resolve, scope)
    if node is cond.identity_n:
        return cond.op
    if cond.merges_unread:
        return None
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
    pred = resolve(cond.pred_id.input[0] if cond.pred_id else cond.switches[0].input[1])
    branches = []
    for side, label in ((1, "then"), (0, "else")):
        sub_graph, ops = SubGraph(f"{name}{label}"), {}

        def read(input_name, ops=ops):
            if input_name.startswith("^"):
                return ops[input_name[1:]] if input_name[1:] in ops else resolve(input_name)
            source, _, index = input_name.partition(":")
            if source in switched:
                return switched[source]
            if source in ops:
                return ops[source].outputs[int(index or 0)]
            return resolve(input_name)

        with building(graph, sub_graph):
            for node in cond.sides[side]:
                if node.name in cond.pivots:
                    continue
                if node.name in cond.nested:
                    inner = f"{scope}{node.name}/"
                    op = import_member(context, cond.nested[node.name], node, read, scope, inner)
                    if op is not None:
                        ops[node.name] = op
                    continue
                inputs = [read(i) for i in node.input if not i.startswith("^")]
                controls = [
                    read(i)
                    for i in node.input
                    if i.startswith("^") and i[1:] not in switched and i[1:] not in cond.pivots
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
