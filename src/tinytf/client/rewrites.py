"""Graph rewrites on a plan's steps: constant folding, common subexpressions, simplified
gradient graphs and fused kernels. Each gives exactly the values of the steps it replaces.

Rewrites act on the plan, never on the user's Graph: its operations, names and gradients
stay as built. Stateful steps (variables, random numbers, writers) are never folded,
merged or dropped, and neither is an op that another op depends on by a control input.
"""

from __future__ import annotations

import numpy as np

from tinytf.client import plan_kernels
from tinytf.client.steps import (
    CALL,
    CONST,
    NOOP,
    READ,
    SHAPE_FUNCTION,
    Step,
    cell_values,
    consumers,
)
from tinytf.framework.graph import Operation, Tensor

# Results of folding larger than this stay computed at run time, as in TensorFlow's
# constant folding: a plan should not hold big arrays that a run could make.
FOLD_LIMIT_BYTES = 1 << 20

# Ops whose output is their input, unchanged.
_IDENTITIES = {"Identity", "StopGradient"}
# Ops that only rearrange their input's elements: with equal static shapes, no change.
_LAYOUTS = {"Reshape", "ExpandDims", "Squeeze", "BroadcastTo"}
# Those of them that keep the number of elements, so one unknown dimension is determined.
_SIZE_KEEPING_LAYOUTS = {"Reshape", "ExpandDims", "Squeeze"}


def optimize(steps: list[Step], fetches: list) -> list[Step]:
    """The steps rewritten; the fetched values and all effects stay the same."""
    rewriter = _Rewriter(steps, fetches)
    rewriter.run()
    return rewriter.steps


class _Rewriter:
    """Applies the rules to a plan's steps: forwarding, folding and merging until nothing
    changes (at most four passes), then shape functions, then fusions."""

    def __init__(self, steps: list[Step], fetches: list) -> None:
        self.steps = steps
        self.fetched = {value for value in fetches if isinstance(value, Tensor)}
        self.kept_ops = {op for op in fetches if isinstance(op, Operation)}
        for step in steps:
            self.kept_ops.update(step.op._control_inputs)
        self.cells = cell_values(steps)
        self.forwards: dict = {}
        self.forwarded: set = set()
        self.replacements: dict = {}
        self.readers: dict = {}
        self.last_write = -1
        self.constants: dict = {}
        for step in steps:
            if step.kind == CONST:
                self.constants[step.outputs[0]] = step.constant

    def run(self) -> None:
        for step in self.steps:
            self.read_variable(step)
        for _ in range(4):
            changed = False
            self.last_write = max(
                (position for position, step in enumerate(self.steps) if not step.pure), default=-1
            )
            for position, step in enumerate(self.steps):
                changed |= self.simplify(step, position) or self.fold(step)
            self.apply_changes()
            changed |= self.merge_common_subexpressions()
            self.apply_changes()
            self.drop_unused()
            if not changed:
                break
        readers = consumers(self.steps)
        for step in self.steps:
            self.leave_out_unread_loss(step, readers)
        self.memoize_shape_functions()
        self.drop_unused()
        self.readers = consumers(self.steps)
        for step in list(self.steps):
            self.fuse_dense(step)
        self.apply_changes()
        self.drop_unused()

    # Replacing values and steps ------------------------------------------------------
    # Changes are collected during a pass over the steps and applied after it, so that
    # each pass costs time in proportion to the plan's length.

    def forward(self, old, new) -> bool:
        """Every reader of `old` will read `new` instead (a fetched `old` is still made)."""
        if old in self.cells or new in self.cells or old in self.forwarded:
            return False
        self.forwards[old] = new
        self.forwarded.add(old)
        return True

    def replace(self, step: Step, new_steps: list[Step]) -> None:
        self.replacements[step] = new_steps

    def apply_changes(self) -> None:
        forwards, replacements = self.forwards, self.replacements
        if replacements:
            self.steps = [new for step in self.steps for new in replacements.get(step, [step])]
        if forwards:
            for step in self.steps:
                if any(value in forwards for value in step.inputs):
                    step.inputs = [self.resolve(value) for value in step.inputs]
        forwards.clear()
        replacements.clear()

    def resolve(self, value):
        while value in self.forwards:
            value = self.forwards[value]
        return value

    def drop_unused(self) -> None:
        """Removes pure steps none of whose outputs is read or fetched, last first."""
        read = set(self.fetched)
        kept = []
        for step in reversed(self.steps):
            needed = (
                not step.pure
                or step.op in self.kept_ops
                or step.kind == NOOP
                or any(value in read for value in step.outputs)
            )
            if needed:
                kept.append(step)
                read.update(step.inputs)
        self.steps = kept[::-1]

    def readers_of(self, value) -> list[tuple[Step, int]]:
        """The (step, input index) pairs reading `value` (for fusion, from an index)."""
        return [
            (step, index)
            for step, index in self.readers.get(value, ())
            if step.inputs[index] is value and step not in self.replacements
        ]

    # Rules -----------------------------------------------------------------------------

    def read_variable(self, step: Step) -> None:
        """A variable's cell, fixed for the session, becomes a constant of the plan; an
        Identity of it becomes a plain read of the cell."""
        if step.type == "VariableV2" and step.kind == CALL:
            step.kind, step.constant, step.kernel = CONST, step.kernel(), None
        elif step.type == "Identity" and step.kind == CALL and step.inputs[0] in self.cells:
            step.kind, step.kernel = READ, None

    def simplify(self, step: Step, position: int) -> bool:
        if step.kind != CALL or not step.pure or step.outputs[0] is None:
            return False
        output = step.outputs[0]
        if step.type in _IDENTITIES:
            return self.forward(output, step.inputs[0])
        if step.type in _LAYOUTS and _surely_same_shape(
            step.inputs[0].shape, output.shape, step.type in _SIZE_KEEPING_LAYOUTS
        ):
            return self.forward(output, step.inputs[0])  # a view: the same memory
        # A Cast or a product makes a copy: readers of the copy must not be moved past a
        # step that may write the copied array in place (a variable's update).
        if position > self.last_write:
            if step.type == "Cast" and step.inputs[0].dtype == output.dtype:
                return self.forward(output, step.inputs[0])
            if step.type in ("Mul", "RealDiv"):
                return self.drop_multiplication_by_one(step)
        if step.type == "SumToShape":
            return self.specialise_sum_to_shape(step)
        return False

    def drop_multiplication_by_one(self, step: Step) -> bool:
        """x * 1, 1 * x and x / 1 are x exactly, when the ones broadcast nothing."""
        positions = (0, 1) if step.type == "Mul" else (1,)
        for position in positions:
            ones, other = step.inputs[position], step.inputs[1 - position]
            value = self.constants.get(ones)
            rank = other.shape.ndims
            if (
                value is not None
                and other.dtype == step.outputs[0].dtype
                and rank is not None
                and np.ndim(value) <= rank
                and np.size(value) == 1
                and np.all(np.asarray(value) == 1)
            ):
                return self.forward(step.outputs[0], other)
        return False

    def specialise_sum_to_shape(self, step: Step) -> bool:
        """A SumToShape whose target shape is static sums over axes fixed at plan time."""
        grad, x = step.inputs
        output = step.outputs[0]
        target, dims = x.shape.as_tuple(), grad.shape.as_tuple()
        if grad.shape.is_fully_defined() and dims == target:
            return self.forward(output, grad)
        if (
            step.type != step.op.type
            or not x.shape.is_fully_defined()
            or dims is None
            or len(dims) < len(target)
            or not grad.dtype.is_floating
        ):
            return False
        lead = len(dims) - len(target)
        summed = [lead + i for i, d in enumerate(target) if d == 1 and dims[lead + i] != 1]
        if not lead and not summed:
            return False
        from tinytf.ops import arithmetic_ops  # here: the ops modules import the client

        kernel = plan_kernels.sum_to_static_shape(
            arithmetic_ops.sum_over_axes, tuple(range(lead)) + tuple(summed), target
        )
        step.type, step.kernel, step.fresh = "SumToStaticShape", kernel, True
        return True

    def fold(self, step: Step) -> bool:
        """A pure step whose inputs are constants (or, for inputs used only for their
        shape, of static shape) becomes constants, computed once, now."""
        if step.kind != CALL or not step.pure or not step.inputs:
            return False
        arguments = []
        for index, value in enumerate(step.inputs):
            value = self.resolve(value)
            if value in self.constants:
                arguments.append(self.constants[value])
            elif step.shape_only(index) and value.shape.is_fully_defined():
                placeholder = np.zeros((), value.dtype.as_numpy_dtype)
                arguments.append(np.broadcast_to(placeholder, value.shape.as_tuple()))
            else:
                return False
        try:
            with np.errstate(all="ignore"):
                results = step.kernel(*arguments, **step.keywords)
        except Exception:  # noqa: BLE001 - left to fail at run time, as unfolded
            return False
        results = results if len(step.outputs) > 1 else (results,)
        if any(np.asarray(result).nbytes > FOLD_LIMIT_BYTES for result in results):
            return False
        constants = []
        for value, result in zip(step.outputs, results, strict=True):
            if value is not None:
                self.constants[value] = result
                constants.append(Step(step.op, "Const", CONST, [], [value], constant=result))
        self.replace(step, constants)
        return True

    def merge_common_subexpressions(self) -> bool:
        """Pure steps of one type, with the same inputs and attributes (or constants of
        equal value), are computed once."""
        seen: dict = {}
        changed = False
        for step in self.steps:
            if not step.pure:  # it may write arrays in place: later steps read new values
                seen.clear()
            key = _step_key(step)
            if key is None:
                continue
            first = seen.setdefault(key, step)
            if first is not step:
                for old, new in zip(step.outputs, first.outputs, strict=True):
                    if old is not None and new is not None:
                        changed |= self.forward(old, new)
        return changed

    def leave_out_unread_loss(self, step: Step, readers: dict) -> None:
        """A sparse cross-entropy whose loss is read only for its shape (by a mean's
        gradient) computes the backprop alone; its labels, of the loss's shape, stand in."""
        loss = step.outputs[0] if step.outputs else None
        if (
            step.type != "SparseSoftmaxCrossEntropyWithLogits"
            or step.kind != CALL
            or loss is None
            or loss in self.fetched
            or not hasattr(step.kernel, "gradient_only")
            or any(not reader.shape_only(index) for reader, index in readers.get(loss, ()))
        ):
            return
        for reader, index in readers.get(loss, ()):
            reader.inputs[index] = step.inputs[1]
        step.kernel = step.kernel.gradient_only
        step.outputs[0] = None

    def memoize_shape_functions(self) -> None:
        """Values that depend only on the shapes of some tensors (Shape, Size, and what is
        computed from them and constants, such as a mean's gradient: 1 / size, broadcast)
        are computed again only when those shapes change."""
        sources: dict = {}  # value -> the tensors whose shapes decide it
        producers: dict = {}
        original = list(self.steps)
        for step in original:
            decided_by = self.shape_sources(step, sources)
            if decided_by is not None:
                for value in step.outputs:
                    sources[value], producers[value] = decided_by, step
        decided = set(producers.values())
        wanted = [value for step in self.steps if step not in decided for value in step.inputs]
        wanted += self.fetched
        for value in dict.fromkeys(wanted):
            producer = producers.get(value)
            if (
                producer is None
                or producer.kind != CALL
                or not sources[value]
                or len(producer.outputs) != 1
            ):
                continue
            needed, stack = set(), [producer]
            while stack:
                step = stack.pop()
                if step not in needed:
                    needed.add(step)
                    stack.extend(producers[v] for v in step.inputs if v in producers)
            ordered = [step for step in original if step in needed]
            kernel = plan_kernels.shape_function(ordered, sources[value], value)
            self.steps[self.steps.index(producer)] = Step(
                producer.op, SHAPE_FUNCTION, CALL, sources[value], [value], kernel
            )

    @staticmethod
    def shape_sources(step: Step, sources: dict) -> list | None:
        """The tensors whose shapes alone decide a pure step's outputs, or None."""
        if not step.pure or step.kind not in (CALL, CONST):
            return None
        decided_by = []
        for index, value in enumerate(step.inputs):
            if value in sources:
                decided_by.extend(sources[value])
            elif step.shape_only(index):
                decided_by.append(value)
            else:
                return None
        return list(dict.fromkeys(decided_by))

    def fuse_dense(self, step: Step) -> None:
        """MatMul, bias addition (and Relu) become one kernel writing one buffer, when the
        intermediate results are read by nothing else (or only for their shape)."""
        if step.type != "MatMul" or step.outputs[0] in self.fetched:
            return
        product = step.outputs[0]
        add = self.only_reader(product, ("AddV2", "BiasAdd"))
        if add is None or (add.type == "BiasAdd" and add.keywords.get("channels_first")):
            return
        bias = add.inputs[1] if add.inputs[0] is product else add.inputs[0]
        dims, bias_dims = product.shape.as_tuple(), bias.shape.as_tuple()
        if (
            dims is None
            or bias_dims is None
            or len(bias_dims) != 1
            or dims[-1] is None
            or bias_dims[0] != dims[-1]
            or bias.dtype != product.dtype
            or not product.dtype.is_floating
            or bias in self.cells
        ):
            return
        fused = [step, add]
        relu = (
            None if add.outputs[0] in self.fetched else self.only_reader(add.outputs[0], ("Relu",))
        )
        if relu is not None:
            fused.append(relu)
        result = fused[-1].outputs[0]
        start, position = self.steps.index(step), self.steps.index(fused[-1])
        if not all(between.pure for between in self.steps[start:position]):
            return  # a variable written in between: the product must be taken before
        for value in (product, add.outputs[0]):
            for reader, _ in self.readers_of(value):
                if reader not in fused and self.steps.index(reader) < position:
                    return
        for value in (product, add.outputs[0]):
            if value is not result:
                for reader, index in self.readers_of(value):
                    reader.inputs[index] = result
                    self.readers.setdefault(result, []).append((reader, index))
        # Named after the MatMul: the only part that can fail, on shapes known at run time.
        dense = Step(
            step.op,
            "+".join(fused_step.type for fused_step in fused),
            CALL,
            [step.inputs[0], step.inputs[1], bias],
            [result],
            plan_kernels.dense(relu is not None),
            dict(step.keywords),
            fresh=True,
        )
        for fused_step in fused:
            self.replace(fused_step, [dense] if fused_step is fused[-1] else [])

    def only_reader(self, value, types: tuple) -> Step | None:
        """The one step of one of `types` reading `value` in full, if no other step does
        (steps reading only its shape aside)."""
        full = [
            (step, index) for step, index in self.readers_of(value) if not step.shape_only(index)
        ]
        if len(full) != 1 or full[0][0].type not in types or full[0][0].kind != CALL:
            return None
        step = full[0][0]
        return step if step.type == step.op.type and step.inputs.count(value) == 1 else None


def _surely_same_shape(source, target, same_size: bool) -> bool:
    """Whether two static shapes must be equal at run time: fully known and equal, or, for
    an op keeping the number of elements, equal but for one dimension unknown in both
    (a flattened [batch, classes] reshaped to [-1, classes], say)."""
    source, target = source.as_tuple(), target.as_tuple()
    if source is None or source != target:
        return False
    unknown = source.count(None)
    return unknown == 0 or (same_size and unknown == 1)


def _step_key(step: Step):
    """What identifies a pure step's result, or None when it cannot be compared."""
    if not step.pure or step.kind not in (CALL, CONST):
        return None
    try:
        if step.kind == CONST:
            return ("Const", _frozen(step.constant))
        attributes = tuple(sorted((name, _frozen(attr)) for name, attr in step.op._attrs.items()))
        key = (step.type, tuple(id(value) for value in step.inputs), attributes)
        hash(key)
    except TypeError:
        return None
    return key


def _frozen(value):
    """A hashable stand-in equal only for equal values of the same type."""
    if isinstance(value, np.generic):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc" or value.nbytes > 4096:
            raise TypeError("not compared by value")
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if isinstance(value, float):
        return ("float", repr(value))
    hash(value)
    return (type(value).__name__, value)
