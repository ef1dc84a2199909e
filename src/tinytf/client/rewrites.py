"""Graph rewrites on a plan's steps: a list of small rules, each giving exactly the values
of the steps it replaces.

Rewrites act on the plan, never on the user's Graph: its operations, names and gradients
stay as built. Stateful steps (variables, random numbers, writers) are never folded or
dropped, and neither is an op that another op depends on by a control input.
What a rule knows about an op comes from the op's registration (framework/registry.py):
no rule names an op type.

The passes run in this order (`PASSES`), and why:
1. `variables_as_constants`, once: later rules then see a variable's cell as a constant
   of the plan (so a fused kernel never moves the read of a variable).
2. `simplify_until_stable`: the step rules (`STEP_RULES`), then dropping what is unused,
   repeated (at most four times) because each exposes work for the others: a forwarded
   input or a folded constant makes a reader foldable.
3. `leave_out_unread_outputs`: on the simplified plan, whose readers are final.
4. `memoize_shape_functions`: after folding (which took what static shapes decide) and
   after step 3 (whose stand-in inputs are then what the shape functions read).
5. `fuse_kernels`, last: a fused step is opaque to the other rules.

Each rule's docstring says which workload it speeds up: a training step's time with the
rule left out over its time with every rule, from `OPENBLAS_NUM_THREADS=1 python
benchmarks/rewrite_ablation.py --rounds 30` (the MNIST MLP 784-256-256-10 at batch 128
with SGD and at batch 32 with Adam, the tiny 4-16-16-3 MLP at batch 8, softmax regression
784-10 at batch 100; the range of three runs, CPU time, on a shared two-core machine where
differences under 10% can be noise), and the kernel calls per step it saves, from
`python benchmarks/rewrite_ablation.py --plans` (also the CNN and LSTM benchmarks).
Merging common subexpressions was dropped: without it every plan measured is the same but
the LSTM's, which calls one shape function more a step; timed, 0.91-1.08x (noise).
"""

from __future__ import annotations

import numpy as np

from tinytf.client import plan_kernels
from tinytf.client.plan_edits import PlanEditor
from tinytf.client.steps import CALL, CONST, READ, SHAPE_FUNCTION, Step, consumers
from tinytf.framework import dtypes, registry

# Results of folding larger than this stay computed at run time, as in TensorFlow's
# constant folding: a plan should not hold big arrays that a run could make.
FOLD_LIMIT_BYTES = 1 << 20


def optimize(steps: list[Step], fetches: list) -> list[Step]:
    """The steps rewritten; the fetched values and all effects stay the same."""
    plan = PlanEditor(steps, fetches)
    for rewrite in PASSES:
        rewrite(plan)
    return plan.steps


def _op_def(step: Step) -> registry.OpDef | None:
    """The registration of the op a step still computes with its own kernel, or None."""
    if step.kind != CALL or step.type != step.op.type:
        return None
    return step.op.op_def


def variables_as_constants(plan: PlanEditor) -> None:
    """A variable's cell is the same object on every run of a session, so it is a constant
    of the plan; an op passing a cell through unchanged (Identity) becomes a plain read.
    Every training step reads its weights this way: left out, 12 more calls a step (MLPs
    with SGD), 28 (the MLP with Adam), 36 (CNN), 20 (LSTM); 1.06-1.13x (MNIST MLP, batch
    128), 0.97-1.02x (Adam, batch 32), 0.95-1.32x (tiny), 0.98-1.08x (softmax
    regression)."""
    for step in plan.steps:
        op_def = _op_def(step)
        if op_def is None:
            continue
        if op_def.ref_output and not op_def.ref_inputs:
            step.kind, step.constant, step.kernel = CONST, step.kernel(), None
        elif (
            op_def.forwards_input is not None
            and not op_def.fresh_outputs  # a copy must stay one
            and step.inputs[0] in plan.cells
            and op_def.forwards_input(step.op)
        ):
            step.kind, step.kernel = READ, None


def forward_unchanged_input(plan: PlanEditor, step: Step, position: int) -> bool:
    """An op whose output is its input (Identity, a reshape to the same static shape, a
    Cast to the same dtype) is skipped: its readers read the input. A kernel returning its
    input or a view of it shares its memory anyway; one returning a copy is skipped only
    after the plan's last write, which could otherwise change the input in place between
    the copy and its readers. Softmax regression, whose loss is reshaped to 2-D and back:
    left out, 9 more calls a step and 1.17-1.30x; the MLPs 0.93-1.15x (no call more)."""
    op_def = _op_def(step)
    if op_def is None or op_def.forwards_input is None or step.outputs[0] is None:
        return False
    if not op_def.forwards_input(step.op):
        return False
    if op_def.fresh_outputs and position <= plan.last_write:
        return False
    return plan.forward(step.outputs[0], step.inputs[0])


def use_static_kernel(plan: PlanEditor, step: Step, position: int) -> bool:
    """An op whose kernel has a form specialised to static shapes (SumToShape with its axes
    fixed) uses it; the op's registration says the values are the same. The bias
    gradients' sums: left out, 1.08-1.33x (tiny), 0.84-1.08x (MNIST MLP), 0.98-1.07x
    (Adam, batch 32), 0.99-1.05x (softmax regression)."""
    op_def = _op_def(step)
    if op_def is None or op_def.static_kernel is None or step.outputs[0] is None:
        return False
    kernel = op_def.static_kernel(step.op)
    if kernel is None:
        return False
    step.type, step.kernel, step.fresh = f"Static{step.type}", kernel, True
    step.inplace = step.gradient_only = None
    return True


def _is_variant(value) -> bool:
    """A TensorList's shape (a scalar) says nothing of its elements."""
    return value.dtype.base_dtype is dtypes.variant


def fold_constants(plan: PlanEditor, step: Step, position: int) -> bool:
    """A pure step whose inputs are constants (or, for inputs used only for their shape,
    of static shape) is computed once, now, by its own kernel: the values cannot differ
    between runs. The only rule for computations of constants alone (memoized shape
    functions leave them out): left out, the LSTM step calls one kernel more (a zeros Fill
    in the loop's gradient), the others none; timed, 0.94-1.21x (tiny), 0.96-1.04x (the
    rest). With `memoize_shape_functions` also left out, 1.52-2.14x (tiny), 1.41-1.66x
    (softmax regression): each does the other's work on shapes."""
    if step.kind != CALL or not step.pure or not step.inputs:
        return False
    arguments = []
    for index, value in enumerate(step.inputs):
        value = plan.resolve(value)
        if value in plan.constants:
            arguments.append(plan.constants[value])
        elif step.shape_only(index) and value.shape.is_fully_defined() and not _is_variant(value):
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
    if any(
        isinstance(result, list) or np.asarray(result).nbytes > FOLD_LIMIT_BYTES
        for result in results
    ):  # a TensorList (tensor_list_ops) is not an array: left to its kernel
        return False
    constants = []
    for value, result in zip(step.outputs, results, strict=True):
        if value is not None:
            plan.constants[value] = result
            constants.append(Step(step.op, "Folded", CONST, [], [value], constant=result))
    plan.replace(step, constants)
    return True


# The rules tried on each step, in this order, until one applies.
STEP_RULES = (forward_unchanged_input, use_static_kernel, fold_constants)


def simplify_until_stable(plan: PlanEditor) -> None:
    """The step rules, then dropping what is unused, until nothing changes (at most four
    passes)."""
    for _ in range(4):
        changed = False
        plan.last_write = max(
            (position for position, step in enumerate(plan.steps) if not step.pure), default=-1
        )
        for position, step in enumerate(plan.steps):
            for rule in STEP_RULES:
                if step.pure and rule(plan, step, position):
                    changed = True
                    break
        plan.apply_changes()
        plan.drop_unused()
        if not changed:
            break


def leave_out_unread_outputs(plan: PlanEditor) -> None:
    """A step whose first output is read only for its shape, and whose op has a variant
    computing the other outputs alone (sparse softmax cross-entropy, whose loss a mean's
    gradient reads for its size), calls the variant; the input of the first output's shape
    stands in for it. The MLPs' training steps compute no loss: the kernel alone takes 2-3
    us less (batch 8 to 150), 3% of the tiny step; timed, 0.98-1.26x (tiny), 0.99-1.09x
    (the rest)."""
    readers = consumers(plan.steps)
    for step in plan.steps:
        if step.gradient_only is None or step.kind != CALL or not step.outputs:
            continue
        first = step.outputs[0]
        if (
            first is None
            or first in plan.fetched
            or any(not reader.shape_only(index) for reader, index in readers.get(first, ()))
        ):
            continue
        index, kernel = step.gradient_only
        for reader, reader_index in readers.get(first, ()):
            reader.inputs[reader_index] = step.inputs[index]
        step.kernel, step.inplace, step.gradient_only = kernel, None, None
        step.outputs[0] = None


def memoize_shape_functions(plan: PlanEditor) -> None:
    """Values that depend only on the shapes of some tensors (Shape, Size, and what is
    computed from them and constants, such as a mean's gradient: 1 / size, broadcast)
    are computed again only when those shapes change: the same shapes give the same
    values. Every training step with a batch of unknown size: the loss's gradient; left
    out, 7 more calls a step (16 in the LSTM's); 1.37-1.68x (tiny), 1.25-1.42x (softmax
    regression), 1.03-1.33x (MNIST MLP), 0.99-1.09x (Adam, batch 32)."""
    sources: dict = {}  # value -> the tensors whose shapes decide it
    producers: dict = {}
    original = list(plan.steps)
    for step in original:
        decided_by = _shape_sources(step, sources)
        if decided_by is not None:
            for value in step.outputs:
                sources[value], producers[value] = decided_by, step
    decided = set(producers.values())
    wanted = [value for step in plan.steps if step not in decided for value in step.inputs]
    wanted += plan.fetched
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
        plan.steps[plan.steps.index(producer)] = Step(
            producer.op,
            SHAPE_FUNCTION,
            CALL,
            sources[value],
            [value],
            kernel,
            shape_only_inputs=tuple(range(len(sources[value]))),
        )
    plan.drop_unused()


def _shape_sources(step: Step, sources: dict) -> list | None:
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


def fuse_kernels(plan: PlanEditor) -> None:
    """A chain of ops that a fused kernel declares (framework/registry.py's Fusion: MatMul,
    bias addition and Relu) becomes one step, when the intermediate results are read by
    nothing else (or only for their shape): the fused kernel computes the same values in
    one buffer. Every dense layer of the MLPs, forward: left out, 5 more calls a step (the
    MLPs; one in the LSTM); 1.04-1.21x (MNIST MLP, batch 128), 0.95-1.03x (Adam, batch
    32), 0.96-1.02x (tiny), 0.91-1.07x (softmax regression): buffer reuse already adds the
    bias and applies Relu in the product's buffer, so the fused kernel saves calls only."""
    plan.readers = consumers(plan.steps)
    for step in list(plan.steps):
        if _op_def(step) is None:
            continue
        for fusion in registry.fusions_starting_with(step.type):
            if _fuse(plan, step, fusion):
                break
    plan.apply_changes()
    plan.drop_unused()


def _fuse(plan: PlanEditor, step: Step, fusion: registry.Fusion) -> bool:
    chain = [step]
    while len(chain) < len(fusion.pattern):
        value = chain[-1].outputs[0]
        if value is None or value in plan.fetched:
            break
        link = plan.only_reader(value, fusion.pattern[len(chain)])
        if link is None:
            break
        chain.append(link)
    if len(chain) < fusion.required:
        return False
    chained = [link.outputs[0] for link in chain[:-1]]
    others = [value for link in chain[1:] for value in link.inputs if value not in chained]
    if any(value in plan.cells for value in others):
        return False  # a cell is read where the fused step runs, not where its reader did
    if not fusion.applies([link.op for link in chain], others):
        return False
    result = chain[-1].outputs[0]
    start, position = plan.steps.index(step), plan.steps.index(chain[-1])
    # A variable's cell (a constant of the plan) in between writes nothing.
    if not all(between.pure or between.kind == CONST for between in plan.steps[start:position]):
        return False  # a variable written in between: the first link must run before it
    for value in chained:
        for reader, _ in plan.readers_of(value):
            if reader not in chain and plan.steps.index(reader) < position:
                return False
    for value in chained:
        for reader, index in plan.readers_of(value):
            reader.inputs[index] = result
            plan.readers.setdefault(result, []).append((reader, index))
    # Named after the first op: the only part that can fail, on shapes known at run time.
    fused = Step(
        step.op,
        "+".join(link.type for link in chain),
        CALL,
        list(step.inputs) + others,
        [result],
        fusion.kernel(len(chain)),
        dict(step.keywords),
        fresh=True,
    )
    for link in chain:
        plan.replace(link, [fused] if link is chain[-1] else [])
    return True


class SharedWork:
    """A plan value that is no tensor: work one kernel hands to another (`share_work`)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def share_work(plan: PlanEditor) -> None:
    """A step whose op declares work it can take from an earlier step on the same input
    (framework/registry.py's Sharing: a convolution's patch matrix, which its filter's
    gradient multiplies again) receives that work as an extra input, which the earlier
    step returns as an extra output. Runs after `fuse_kernels`: the earlier step may be a
    fused one. The input must hold the same values at both steps: a feed, a new array, or
    no variable written in between (buffer reuse never overwrites a value read later).
    The MNIST CNN's training step (benchmarks/bench_cnn.py: the im2col copies of both
    convolutions' filter gradients); left out, 1.13x (median of three, busy machine)."""
    producers: dict = {}
    for position, step in enumerate(plan.steps):
        if step.kind == CALL and step.inputs:
            producers.setdefault((step.op.type, id(step.inputs[0])), []).append(position)
    sources = {value: step for step in plan.steps for value in step.outputs if value is not None}
    shared: dict = {}
    for position, step in enumerate(plan.steps):
        if _op_def(step) is None or not step.inputs:
            continue
        for sharing in registry.sharings_for(step.type):
            value = step.inputs[0]
            for start in producers.get((sharing.producer, id(value)), []):
                producer = plan.steps[start]
                if start >= position or not sharing.applies(producer.op, step.op):
                    continue
                stable = value not in sources or sources[value].fresh
                if not stable and any(map(_writes_variables, plan.steps[start:position])):
                    continue
                if producer not in shared:
                    shared[producer] = SharedWork(f"{producer.op.name}:shared")
                    producer.kernel = sharing.capture(producer.kernel)
                    producer.outputs = [*producer.outputs, shared[producer]]
                work = shared[producer]
                step.inputs = [work, *step.inputs]
                step.kernel, step.type = sharing.consumer_kernel, step.type + "+shared"
                break
            else:
                continue
            break


def _writes_variables(step: Step) -> bool:
    return bool(step.ref_inputs) or bool(step.op.op_def.sub_graphs)


PASSES = (
    variables_as_constants,
    simplify_until_stable,
    leave_out_unread_outputs,
    memoize_shape_functions,
    fuse_kernels,
    share_work,
)
