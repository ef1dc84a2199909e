"""The op registry: each op type's kernel, shape rule and executor facts, and its gradient.

An op type (TensorFlow's string, e.g. "MatMul") is registered once with
`@register_op("MatMul", infer=...)` on its kernel. Its gradient is registered with the
public `RegisterGradient("MatMul")`, or `NotDifferentiable("Less")` where none exists.
Everything the executor's optimizer knows about an op type is declared here, by the op's
own module, next to its kernel; a fused kernel declares the chain of ops it replaces with
`register_fusion`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class OpDef:
    """How to infer an op type's outputs, how to compute them, and what a plan may assume.

    infer(inputs, attrs) returns (dtype, TensorShape) for a single-output op, or a list of
    such pairs. kernel(*input_values, **attrs) returns the output value (a tuple of values
    for several outputs). With `bind`, the kernel is instead a factory, kernel(op, session),
    called once when a plan is built and returning the callable the executor runs: it is how
    ops reach the session's variables and random streams (the graph itself holds no state),
    and how a kernel specialises itself to its attributes ahead of time. With `bind`, the
    variants below (`inplace`, `gradient_only`) are factories called the same way.

    `stateful` ops (variables, random numbers) are never folded or merged by rewrites.
    Inputs listed in `ref_inputs` receive a variable's cell (a reference) instead of its
    value: such ops write variables, so the executor runs them after every pure op that
    is ready. A `ref_output` op produces a cell that readers dereference; one without
    `ref_inputs` is a variable itself, whose cell is the same on every run.

    Facts the optimized plan relies on (client/rewrites.py, client/inplace.py); each must
    stay true of the kernel, so change them together:
    - `fresh_outputs`: the kernel's outputs of rank >= 1 are always new arrays, aliasing
      no input (so a later step may overwrite them).
    - `inplace`: (index, variant): the variant computes the same outputs from the same
      inputs and attributes, writing into input `index`'s buffer when it can.
    - `shape_only_inputs`: inputs the kernel reads only for their shape and dtype.
    - `gradient_only`: (index, variant): the variant computes every output but the first,
      returning None for it; input `index` has the first output's shape, so it stands in
      for a first output that is read only for its shape.
    - `forwards_input(op)`: True when this op's output is exactly its input 0 (the same
      values, dtype and shape), given its static shapes and attributes.
    - `static_kernel(op)`: a kernel specialised to the op's static shapes (returning new
      arrays), or None when they are not known enough.
    - `constant_attr`: the attribute the op outputs unchanged (a constant).
    - `control_only`: the op computes nothing; it runs for its control inputs.
    - `requires_feed`: the op has no value unless fed (a placeholder).

    `sub_graphs` names the attributes that hold SubGraphs (a branch of tf.cond, the body
    of tf.while_loop), each run as a plan of its own: the kernel is bound as
    kernel(op, session, compile_sub_graph, wanted), where compile_sub_graph(sub_graph,
    wanted=None) returns a compiled plan of the sub-graph (fetching only the outputs
    flagged in `wanted`) and `wanted` flags the op's outputs the calling plan uses.
    Such an op `passes_refs`: an input that is a variable's cell reaches it as the cell,
    so an assignment inside a branch writes the variable.
    """

    type: str
    kernel: Callable
    infer: Callable
    bind: bool = False
    stateful: bool = False
    ref_inputs: tuple = ()
    ref_output: bool = False
    fresh_outputs: bool = False
    inplace: tuple[int, Callable] | None = None
    shape_only_inputs: tuple = ()
    gradient_only: tuple[int, Callable] | None = None
    forwards_input: Callable | None = None
    static_kernel: Callable | None = None
    constant_attr: str | None = None
    control_only: bool = False
    requires_feed: bool = False
    sub_graphs: tuple = ()
    passes_refs: bool = False

    def ref_input_indices(self, op) -> tuple:
        """The inputs of `op` that receive a variable's cell rather than its value."""
        if not self.passes_refs:
            return self.ref_inputs
        return tuple(i for i, t in enumerate(op._inputs) if _OPS[t.op.type].ref_output)


@dataclass(frozen=True)
class Fusion:
    """One kernel computing a chain of ops, each reading the previous one's output.

    `pattern[i]` holds the op types allowed as link i; the first `required` links must be
    present, the others are taken when they follow. `applies(ops, others)` says whether
    the chain found (its graph ops, and the inputs of the later links that are not the
    previous link's output) can be fused. `kernel(length)` returns the fused kernel for a
    chain of that length: it takes the first op's inputs, then the others, and the first
    op's attributes, and returns exactly what the last op would, in a new array.
    """

    pattern: tuple[frozenset[str], ...]
    required: int
    applies: Callable
    kernel: Callable


@dataclass(frozen=True)
class Sharing:
    """Work an op's kernel does that a later op's kernel on the same input can start from
    (a convolution's patch matrix, reused by its filter's gradient).

    `applies(producer_op, consumer_op)` says whether the two ops, reading the same input 0,
    can share. `capture(kernel)` wraps a producer step's kernel (plain or fused) to return
    (its result, the work done); `consumer(work, *inputs, **attrs)` returns exactly what
    the consumer op's kernel would, redoing the work if it does not fit the inputs.
    """

    producer: str
    consumer: str
    applies: Callable
    capture: Callable
    consumer_kernel: Callable


_OPS: dict[str, OpDef] = {}
_GRADIENTS: dict[str, Callable | None] = {}
_FUSIONS: list[Fusion] = []
_SHARINGS: list[Sharing] = []
# The tinytf package loads most op modules on first use; this loads them all, for lookups
# by op type that no builder has preceded (an imported GraphDef, a gradient registered in
# a module of its own). It runs on a miss until it has once run to the end.
_LOAD_EVERYTHING: list[Callable[[], None]] = []
_loading = threading.local()


def set_loader(load_everything: Callable[[], None]) -> None:
    """Makes `load_everything()` the function that imports every module registering ops."""
    _LOAD_EVERYTHING[:] = [load_everything]


def _load_everything() -> None:
    """Runs the loader unless it has run or is running in this thread (a module it imports
    looking an op type up). Threads missing at once each run it: Python's import system
    runs each module once and makes the others wait for it, so each returns with every op
    type registered."""
    if not _LOAD_EVERYTHING or getattr(_loading, "active", False):
        return
    _loading.active = True
    try:
        _LOAD_EVERYTHING[0]()
    finally:
        _loading.active = False
    _LOAD_EVERYTHING.clear()


def register_op(op_type: str, infer: Callable, **facts) -> Callable:
    """Decorator registering `kernel` as the implementation of op type `op_type`, with the
    facts of `OpDef` given by keyword (bind, stateful, fresh_outputs, inplace...)."""

    def decorate(kernel: Callable) -> Callable:
        if op_type in _OPS:
            raise KeyError(f"Op type '{op_type}' is already registered")
        for name in ("ref_inputs", "shape_only_inputs", "sub_graphs"):
            if name in facts:
                facts[name] = tuple(facts[name])
        _OPS[op_type] = OpDef(op_type, kernel, infer, **facts)
        return kernel

    return decorate


def register_fusion(pattern, required: int, applies: Callable, kernel: Callable) -> None:
    """Declares a fused kernel (see `Fusion`); `pattern` is a sequence of op-type sets."""
    _FUSIONS.append(Fusion(tuple(frozenset(link) for link in pattern), required, applies, kernel))


def fusions_starting_with(op_type: str) -> list[Fusion]:
    return [fusion for fusion in _FUSIONS if op_type in fusion.pattern[0]]


def register_sharing(producer: str, consumer: str, applies, capture, consumer_kernel) -> None:
    """Declares work shared between two op types' kernels (see `Sharing`)."""
    _SHARINGS.append(Sharing(producer, consumer, applies, capture, consumer_kernel))


def sharings_for(consumer: str) -> list[Sharing]:
    return [sharing for sharing in _SHARINGS if sharing.consumer == consumer]


def always(op) -> bool:
    """A `forwards_input` for ops whose output is always their input (Identity)."""
    return True


def same_static_shape(op) -> bool:
    """A `forwards_input` for ops that only rearrange their input's elements: with equal
    static shapes, fully known, nothing changes."""
    source, target = op.inputs[0].shape.as_tuple(), op.outputs[0].shape.as_tuple()
    return source is not None and source == target and None not in source


def same_size_static_shape(op) -> bool:
    """`same_static_shape` for ops that also keep the number of elements: then one
    dimension unknown in both is equal too (a [batch, classes] reshaped to [-1, classes])."""
    source, target = op.inputs[0].shape.as_tuple(), op.outputs[0].shape.as_tuple()
    return source is not None and source == target and source.count(None) <= 1


def get_op_def(op_type: str) -> OpDef:
    op_def = _OPS.get(op_type)
    if op_def is None:
        _load_everything()
        op_def = _OPS.get(op_type)
    if op_def is None:
        raise KeyError(f"Op type not registered '{op_type}'")
    return op_def


def registered_op_types() -> list[str]:
    _load_everything()
    return sorted(_OPS)


class RegisterGradient:
    """Decorator registering the gradient function of an op type, as `tf.RegisterGradient`.

    The function is called as fn(op, *output_grads) and returns one gradient (a Tensor or
    None) per input of `op`.
    """

    def __init__(self, op_type: str) -> None:
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn: Callable) -> Callable:
        if self._op_type in _GRADIENTS:
            raise KeyError(f"Registering two gradient with name '{self._op_type}'!")
        _GRADIENTS[self._op_type] = fn
        return fn


def NotDifferentiable(op_type: str) -> None:  # noqa: N802 - TensorFlow's public name
    """Declares that ops of `op_type` have no gradient: nothing flows back through them."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    if op_type in _GRADIENTS:
        raise KeyError(f"Registering two gradient with name '{op_type}'!")
    _GRADIENTS[op_type] = None


NoGradient = NotDifferentiable


def has_gradient_entry(op_type: str) -> bool:
    if op_type not in _GRADIENTS:
        _load_everything()
    return op_type in _GRADIENTS


def is_differentiable(op_type: str) -> bool:
    return has_gradient_entry(op_type) and _GRADIENTS[op_type] is not None


def get_gradient_function(op) -> Callable | None:
    """The gradient function for `op`, None if declared not differentiable.

    Raises LookupError, as TensorFlow does, if the op type has no gradient entry at all.
    """
    if has_gradient_entry(op.type):
        return _GRADIENTS[op.type]
    raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type})")


@contextlib.contextmanager
def registration_scope() -> Iterator[None]:
    """Op types, gradients and fusions registered inside are forgotten on leaving: for
    tests and experiments that register ops of their own. Every op module is loaded first,
    so that none registers inside the scope and is forgotten."""
    _load_everything()
    ops, gradients, fusions = dict(_OPS), dict(_GRADIENTS), list(_FUSIONS)
    sharings = list(_SHARINGS)
    try:
        yield
    finally:
        _OPS.clear()
        _OPS.update(ops)
        _GRADIENTS.clear()
        _GRADIENTS.update(gradients)
        _FUSIONS[:] = fusions
        _SHARINGS[:] = sharings
