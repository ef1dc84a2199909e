"""Grouping and ordering: no_op, group, tuple; and the control flow functions (their
ops live in cond_op and while_op)."""

from __future__ import annotations

import builtins
import functools

import numpy as np

from tinytf.framework.graph import Operation, Tensor, control_dependencies, get_default_graph
from tinytf.framework.graph import name_scope as _name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_util import constant_value
from tinytf.ops import (
    array_ops,
    assert_op,  # noqa: F401 - registers TensorFlow's Assert op, for imported graphs
    while_grad,  # noqa: F401 - registers the While op's gradient
    while_grad_grad,  # noqa: F401 - registers the gradient of the While op's gradient
)
from tinytf.ops.cond_op import cond as cond
from tinytf.ops.while_op import while_loop as while_loop


@register_op("NoOp", infer=lambda inputs, attrs: [], control_only=True)
def _no_op_kernel():
    return None


NotDifferentiable("NoOp")


def no_op(name=None) -> Operation:
    return get_default_graph().create_op("NoOp", [], name=name or "NoOp")


def _as_op(item) -> Operation:
    element = item._as_graph_element() if hasattr(item, "_as_graph_element") else item
    if isinstance(element, Tensor):
        return element.op
    if isinstance(element, Operation):
        return element
    raise TypeError(
        "'inputs' should be zero or more (nested) Tensors. Received "
        f"'{item!r}' with type '{type(item)}'."
    )


def _flatten(items):
    for item in items:
        if isinstance(item, (list, builtins.tuple)):
            yield from _flatten(item)
        elif item is not None:
            yield item


def group(*inputs, **kwargs) -> Operation:
    """An op that runs after all of `inputs` (nested lists of tensors or ops), and
    produces nothing."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError(f"Unknown keyword arguments: {', '.join(kwargs)}")
    ops = [_as_op(item) for item in _flatten(inputs)]
    with _name_scope(name, "group_deps", ops) as scope:
        with control_dependencies(ops):
            return no_op(name=scope)


def tuple(tensors, name=None, control_inputs=None) -> list:  # noqa: A001 - TF's name
    """Identities of `tensors` that are available only after all of them are computed."""
    with _name_scope(name, "tuple", tensors):
        gate = group(*[t for t in tensors if t is not None], *(control_inputs or []))
        with control_dependencies([gate]):
            return [
                array_ops.identity(t, name="control_dependency") if t is not None else None
                for t in tensors
            ]


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the first function whose predicate is true, else of `default`.

    As TensorFlow, nested tf.cond's in a "case" scope, the predicates tested in order.
    Differs: TensorFlow adds Assert ops that fail the run when `exclusive` and several
    predicates are true, or without `default` when none is; tinytf does not check this
    (without `default`, the last pair's function is the default).
    """
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    if not isinstance(pred_fn_pairs, (list, builtins.tuple)):
        raise TypeError("fns must be a list, tuple, or dict")
    for pair in pred_fn_pairs:
        if not isinstance(pair, builtins.tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in pred_fn_pairs must be a 2-tuple, got {pair!r}")
        pred, function = pair
        if not isinstance(pred, Tensor) or pred.dtype.name != "bool":
            raise TypeError(f"pred must be Tensor of type bool: {pred!r}")
        if not callable(function):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    if default is not None and not callable(default):
        raise TypeError("default must be callable.")
    pairs = list(pred_fn_pairs)
    if not pairs:
        if default is None:
            raise ValueError("pred_fn_pairs is empty and default is None")
        return default()
    with _name_scope(name, "case", [pred for pred, _ in pairs]):
        if default is None:
            *pairs, (_, default) = pairs
        function = default
        for pred, action in reversed(pairs):
            function = functools.partial(
                cond, pred, true_fn=action, false_fn=function, strict=strict
            )
        return function()


def smart_cond(pred, true_fn=None, false_fn=None, name=None):
    """`true_fn()` or `false_fn()` chosen now when `pred` is a Python bool or a constant,
    else tf.cond."""
    if isinstance(pred, Tensor):
        value = constant_value(pred)
        if value is None:
            return cond(pred, true_fn, false_fn, name=name)
        pred = bool(value)
    elif not isinstance(pred, (bool, np.bool_, int)):
        raise TypeError(f"`pred` must be a Tensor, or a Python bool, or 1 or 0. Found: {pred}")
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("`true_fn` and `false_fn` must be callable.")
    return true_fn() if pred else false_fn()
