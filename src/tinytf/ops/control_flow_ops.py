"""Grouping and ordering: no_op, group, tuple; and the control flow functions (their
ops live in cond_op and while_op)."""

from __future__ import annotations

import builtins

from tinytf.framework.graph import Operation, Tensor, control_dependencies, get_default_graph
from tinytf.framework.graph import name_scope as _name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.ops import array_ops
from tinytf.ops.cond_op import cond as cond
from tinytf.ops.while_op import while_loop as while_loop


@register_op("NoOp", infer=lambda inputs, attrs: [])
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


def case(*args, **kwargs):
    raise NotImplementedError("tinytf does not implement tf.case: use tf.where instead.")
