"""Variable scopes and `get_variable`: variables shared by name, as in TF 1.x.

Each graph keeps one store (`graph._variable_scope_store`): the variables made by
`get_variable`, the current `VariableScope`, and how often each scope name was opened
(to make `default_name` scopes unique). Variable names come from the variable scope
only; the name scope that `variable_scope` also opens names the other ops.
"""

from __future__ import annotations

import contextlib
import functools

from tinytf.framework.graph import (
    GraphKeys,
    graph_of,
)
from tinytf.ops.variable_store import (
    AUTO_REUSE,
    VariableScope,
    graph_store,
)


def get_variable_scope() -> VariableScope:
    """The variable scope open in the default graph (the root scope has name "")."""
    return graph_store().current_scope


def get_variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=None,
    collections=None,
    caching_device=None,
    partitioner=None,
    validate_shape=True,
    use_resource=None,
    custom_getter=None,
    constraint=None,
    synchronization=None,
    aggregation=None,
):
    """The variable `scope/name`: created, or with reuse returned, as the scope says.

    `initializer` defaults to the scope's, then to glorot_uniform for floats and zeros for
    integers; it may also be a tensor or array (then `shape` must be left out). A new
    variable's `regularizer(variable)` loss joins GraphKeys.REGULARIZATION_LOSSES.
    """
    # `synchronization` and `aggregation` only matter to distribution strategies: ignored.
    return get_variable_scope().get_variable(graph_store(), **locals())


def get_local_variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=False,
    collections=None,
    **kwargs,
):
    """`get_variable` for a variable of GraphKeys.LOCAL_VARIABLES (never trainable)."""
    collections = [*(collections or []), GraphKeys.LOCAL_VARIABLES]
    return get_variable(
        name,
        shape=shape,
        dtype=dtype,
        initializer=initializer,
        regularizer=regularizer,
        trainable=False,
        collections=collections,
        **kwargs,
    )


def _chain_custom_getters(custom_getter, outer_getter):
    """A nested scope's custom getter runs inside its parent scope's."""
    if outer_getter is None:
        return custom_getter

    def chained(getter, *args, **kwargs):
        return outer_getter(functools.partial(custom_getter, getter), *args, **kwargs)

    return chained


@contextlib.contextmanager
def _pure_variable_scope(store, name_or_scope, reuse, defaults, old_name_scope=None):
    """Makes `name_or_scope` the current variable scope; opens no name scope."""
    outer = store.current_scope
    if isinstance(name_or_scope, VariableScope):
        name = name_or_scope.name
        scope = VariableScope(
            reuse or name_or_scope.reuse,
            name,
            name_or_scope.initializer,
            name_or_scope.regularizer,
            name_or_scope.caching_device,
            name_or_scope.partitioner,
            name_or_scope.custom_getter,
            name_or_scope.original_name_scope,
            name_or_scope.dtype,
            name_or_scope.use_resource,
            defaults["constraint"],
        )
        store.open_scope(name)
        saved_counts = dict(store.scope_counts)
    else:
        name = f"{outer.name}/{name_or_scope}" if outer.name else name_or_scope
        scope = VariableScope(
            reuse or outer.reuse,
            name,
            outer.initializer,
            outer.regularizer,
            outer.caching_device,
            outer.partitioner,
            outer.custom_getter,
            name_or_scope if old_name_scope is None else old_name_scope,
            outer.dtype,
            outer.use_resource,
            defaults["constraint"],
        )
        store.open_scope(name)
    if defaults["custom_getter"] is not None:
        defaults = {
            **defaults,
            "custom_getter": _chain_custom_getters(defaults["custom_getter"], scope.custom_getter),
        }
    for attribute, value in defaults.items():
        if value is not None:
            setattr(scope, f"_{attribute}", value)
    store.current_scope = scope
    try:
        yield scope
    finally:
        if store.current_scope is not scope:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(name_or_scope, VariableScope):
            store.scope_counts = saved_counts
        else:
            store.close_subscopes(name)
        store.current_scope = outer


class variable_scope:  # noqa: N801 - TensorFlow's name for this context manager
    """Opens a variable scope (and a name scope) for `get_variable`, as TF 1.x.

    `name_or_scope` is a name, or a VariableScope to re-enter: its variables keep their
    names while a new name scope (`scope_1/`) names the other ops. Without a name,
    `default_name` is made unique (`block`, `block_1`). `reuse` is inherited by
    sub-scopes; False means "inherit", True or AUTO_REUSE turn reuse on.
    """

    def __init__(
        self,
        name_or_scope,
        default_name=None,
        values=None,
        initializer=None,
        regularizer=None,
        caching_device=None,
        partitioner=None,
        custom_getter=None,
        reuse=None,
        dtype=None,
        use_resource=None,
        constraint=None,
        auxiliary_name_scope=True,
    ):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # a scope can't turn off reuse that its parent turned on
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(
                f"The auxiliary_name_scope must be `True` or `False`, while get "
                f"{auxiliary_name_scope}"
            )
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._defaults = {
            "initializer": initializer,
            "regularizer": regularizer,
            "caching_device": caching_device,
            "partitioner": partitioner,
            "custom_getter": custom_getter,
            "dtype": dtype,
            "use_resource": use_resource,
            "constraint": constraint,
        }
        self._graph = graph_of(values or [])
        self._exit_stacks: list[contextlib.ExitStack] = []

    def __enter__(self) -> VariableScope:
        with contextlib.ExitStack() as stack:
            stack.enter_context(self._graph.as_default())
            scope = self._enter(stack)
            self._exit_stacks.append(stack.pop_all())
        return scope

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self._exit_stacks.pop().__exit__(exc_type, exc_value, traceback)

    def _enter(self, stack: contextlib.ExitStack) -> VariableScope:
        graph, store = self._graph, graph_store(self._graph)
        name_or_scope = self._name_or_scope
        if self._auxiliary_name_scope:
            current_name_scope = None
        else:
            current = graph.get_name_scope()
            current_name_scope = graph.name_scope(f"{current}/" if current else "")
        if name_or_scope is None:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            opened = stack.enter_context(current_name_scope or graph.name_scope(self._default_name))
            unique_name = store.unique_scope_name(self._default_name)
            return stack.enter_context(
                _pure_variable_scope(
                    store, unique_name, self._reuse, self._defaults, old_name_scope=opened
                )
            )
        if isinstance(name_or_scope, str):
            short_name = name_or_scope
        elif isinstance(name_or_scope, VariableScope):
            short_name = name_or_scope.name.split("/")[-1]
        else:
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        old_name_scope = None
        if short_name or current_name_scope:
            opened = stack.enter_context(current_name_scope or graph.name_scope(short_name))
            old_name_scope = opened if isinstance(name_or_scope, str) else None
        return stack.enter_context(
            _pure_variable_scope(store, name_or_scope, self._reuse, self._defaults, old_name_scope)
        )
