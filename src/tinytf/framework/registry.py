"""The op registry: each op type's kernel and shape rule, and each op type's gradient.

An op type (TensorFlow's string, e.g. "MatMul") is registered once with
`@register_op("MatMul", infer=...)` on its kernel. Its gradient is registered with the
public `RegisterGradient("MatMul")`, or `NotDifferentiable("Less")` where none exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpDef:
    """How to infer an op type's outputs and how to compute them.

    infer(inputs, attrs) returns (dtype, TensorShape) for a single-output op, or a list of
    such pairs. kernel(*input_values, **attrs) returns the output value (a tuple of values
    for several outputs). With `bind`, the kernel is instead a factory, kernel(op, session),
    called once when a plan is built and returning the callable the executor runs: it is how
    ops reach the session's variables and random streams (the graph itself holds no state),
    and how a kernel specialises itself to its attributes ahead of time.

    `stateful` ops (variables, random numbers) are never folded or merged by rewrites.
    Inputs listed in `ref_inputs` receive a variable's cell (a reference) instead of its
    value: such ops write variables, so the executor runs them after every pure op that
    is ready. A `ref_output` op (a variable) produces a cell that readers dereference.

    `sub_graphs` names the attributes that hold SubGraphs (a branch of tf.cond, the body
    of tf.while_loop): the executor compiles each into a plan of its own and binds the
    kernel as kernel(op, session, plans), plans mapping those names to compiled plans.
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
    sub_graphs: tuple = ()
    passes_refs: bool = False

    def ref_input_indices(self, op) -> tuple:
        """The inputs of `op` that receive a variable's cell rather than its value."""
        if not self.passes_refs:
            return self.ref_inputs
        return tuple(i for i, t in enumerate(op._inputs) if _OPS[t.op.type].ref_output)


_OPS: dict[str, OpDef] = {}
_GRADIENTS: dict[str, Callable | None] = {}


def register_op(
    op_type: str,
    infer: Callable,
    *,
    bind: bool = False,
    stateful: bool = False,
    ref_inputs: tuple = (),
    ref_output: bool = False,
    sub_graphs: tuple = (),
    passes_refs: bool = False,
) -> Callable:
    """Decorator registering `kernel` as the implementation of op type `op_type`."""

    def decorate(kernel: Callable) -> Callable:
        if op_type in _OPS:
            raise KeyError(f"Op type '{op_type}' is already registered")
        _OPS[op_type] = OpDef(
            op_type,
            kernel,
            infer,
            bind,
            stateful,
            tuple(ref_inputs),
            ref_output,
            tuple(sub_graphs),
            passes_refs,
        )
        return kernel

    return decorate


def get_op_def(op_type: str) -> OpDef:
    try:
        return _OPS[op_type]
    except KeyError:
        raise KeyError(f"Op type not registered '{op_type}'") from None


def registered_op_types() -> list[str]:
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
    return op_type in _GRADIENTS


def is_differentiable(op_type: str) -> bool:
    return _GRADIENTS.get(op_type) is not None


def get_gradient_function(op) -> Callable | None:
    """The gradient function for `op`, None if declared not differentiable.

    Raises LookupError, as TensorFlow does, if the op type has no gradient entry at all.
    """
    try:
        return _GRADIENTS[op.type]
    except KeyError:
        raise LookupError(
            f"No gradient defined for operation '{op.name}' (op type: {op.type})"
        ) from None
