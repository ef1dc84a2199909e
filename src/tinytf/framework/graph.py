"""Graph: the inert dataflow graph of Operations and Tensors. Values live in a Session.

Tensor (framework/tensor.py) and Operation (framework/operation.py) are re-exported here,
where the rest of the package imports them from.
"""

from __future__ import annotations

import contextlib
import re
import threading

from tinytf.framework import registry
from tinytf.framework.graph_keys import GraphKeys as GraphKeys
from tinytf.framework.graph_names import check_op_name, check_scope_name, element_by_name
from tinytf.framework.operation import Operation
from tinytf.framework.tensor import Tensor, notebook_svg
from tinytf.framework.tensor import TensorOperators as TensorOperators


class Graph:
    """A TensorFlow computation: operations, their names, and named collections."""

    # An eager graph (tinytf/eager) runs each op as it is built instead of keeping it.
    executes_eagerly = False

    def __init__(self) -> None:
        self._ops: list[Operation] = []
        self._ops_by_name: dict[str, Operation] = {}
        self._names_in_use: dict[str, int] = {}
        self._name_stack = ""
        self._control_dependencies: list[_ControlDependencies] = []
        # The sub-graphs (branches, loop bodies) being built: a new op joins the innermost.
        self._sub_graph_stack: list = []
        self._collections: dict[str, list] = {}
        self._finalized = False
        self._seed = None
        self._op_seeds_drawn = 0  # see random_seed.get_seed
        self._variable_scope_store = None
        self._lock = threading.RLock()

    def create_op(
        self, op_type: str, inputs, attrs=None, name=None, dtypes=None, control_inputs=()
    ) -> Operation:
        """Adds an op of `op_type`: infers its outputs with the registered shape rule."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        op_def = registry.get_op_def(op_type)
        inputs = list(inputs)
        for tensor in inputs:
            if not isinstance(tensor, Tensor):
                raise TypeError(f"Input to op '{op_type}' must be a Tensor, got {tensor!r}")
            if tensor.graph is not self:
                other = next((t for t in inputs if t.graph is self), None)
                raise ValueError(
                    f"{tensor} must be from the same graph as "
                    f"{other if other is not None else 'the ops it joins'} "
                    f"(graphs are {tensor.graph!r} and {self!r})."
                )
        attrs = dict(attrs or {})
        specs = op_def.infer(inputs, attrs)
        if isinstance(specs, tuple):
            specs = [specs]
        with self._lock:
            op_name = self._op_name(name or op_type)
            control = list(control_inputs) + self._control_inputs_for(inputs)
            control = [c for c in dict.fromkeys(control) if all(t.op is not c for t in inputs)]
            op = Operation(self, op_type, op_name, inputs, attrs, specs, control)
            self._ops.append(op)
            self._ops_by_name[op_name] = op
            for controller in self._control_dependencies:
                controller.created.add(op)
            if self._sub_graph_stack:
                self._sub_graph_stack[-1].ops.append(op)
        for tensor in inputs:
            tensor._consumers.append(op)
        return op

    def _control_inputs_for(self, inputs: list[Tensor]) -> list[Operation]:
        """The active control inputs for a new op, as TensorFlow chooses them: a context
        adds none to an op that already consumes an op created inside that context."""
        control = []
        for controller in self._control_dependencies:
            if not any(tensor.op in controller.created for tensor in inputs):
                control.extend(controller.ops)
        return control

    def _op_name(self, name: str) -> str:
        """A new op's full name; a name ending in "/" is a scope's name, used as it is.

        Checked as TensorFlow's builders check it (they open `name_scope(name)`), then as
        a node name, so no op of any builder carries a name TensorFlow would refuse.
        """
        if not isinstance(name, str):
            raise TypeError(f"An op's name is a string, not {type(name).__name__}: {name!r}")
        if name.endswith("/"):
            name = name[:-1]
            check_op_name(name)
            if name in self._ops_by_name:
                raise ValueError(f"Duplicate node name in graph: '{name}'")
            return name
        check_scope_name(name, in_scope=bool(self._name_stack))
        name = self.unique_name(name)
        check_op_name(name)
        return name

    def get_operations(self) -> list[Operation]:
        return list(self._ops)

    def get_operation_by_name(self, name: str) -> Operation:
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name: str) -> Tensor:
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor: bool = True, allow_operation: bool = True):
        """Resolves a Tensor, Operation, Variable or name to an element of this graph."""
        if hasattr(obj, "_as_graph_element") and not isinstance(obj, type):
            element = obj._as_graph_element()
            if element.graph is not self:
                kind = "Tensor" if isinstance(element, Tensor) else "Operation"
                raise ValueError(f"{kind} {element} is not an element of this graph.")
            if isinstance(element, Tensor) and allow_tensor:
                return element
            if isinstance(element, Operation) and allow_operation:
                return element
            kind = "Tensor" if isinstance(element, Tensor) else "Operation"
            wanted = "Tensor" if allow_tensor else "Operation"
            raise TypeError(f"Can not convert a {kind} into a {wanted}.")
        if not isinstance(obj, str):
            wanted = " or ".join(
                kind
                for kind, allowed in (("Tensor", allow_tensor), ("Operation", allow_operation))
                if allowed
            )
            raise TypeError(f"Can not convert a {type(obj).__name__} into a {wanted}.")
        return element_by_name(self._ops_by_name, obj, allow_tensor, allow_operation)

    def finalize(self) -> None:
        self._finalized = True

    finalized = property(lambda self: self._finalized)
    version = property(lambda self: len(self._ops))

    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, value) -> None:
        self._seed = value

    def local_tensor(self, tensor: Tensor) -> Tensor:
        """This graph's tensor for `tensor`: itself here; a traced function's capture."""
        return tensor

    def get_name_scope(self) -> str:
        return self._name_stack

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """`name` under the current scope, with `_1`, `_2`... appended if already used."""
        if self._name_stack:
            name = f"{self._name_stack}/{name}"
        key = name.lower()
        count = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = count + 1
        if count == 0:
            return name
        base_key = key
        while key in self._names_in_use:
            key = f"{base_key}_{count}"
            count += 1
        if mark_as_used:
            self._names_in_use[key] = 1
        return f"{name}_{count - 1}"

    @contextlib.contextmanager
    def name_scope(self, name):
        """Pushes a name scope; `None` or "" resets to the top, "a/" re-enters "a" as is."""
        if name:
            check_scope_name(name, in_scope=bool(self._name_stack))
            new_stack = name[:-1] if name.endswith("/") else self.unique_name(name)
        else:
            new_stack = ""
        old_stack = self._name_stack
        self._name_stack = new_stack
        try:
            yield f"{new_stack}/" if new_stack else ""
        finally:
            self._name_stack = old_stack

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after `control_inputs`; `None` clears them and, as
        in TensorFlow, leaves any branch or loop body being built (variables do this)."""
        if control_inputs is None:
            saved = self._control_dependencies, self._sub_graph_stack
            self._control_dependencies, self._sub_graph_stack = [], []
            try:
                yield
            finally:
                self._control_dependencies, self._sub_graph_stack = saved
            return
        ops = []
        for item in control_inputs:
            if hasattr(item, "_as_graph_element"):
                element = item._as_graph_element()
                ops.append(element.op if isinstance(element, Tensor) else element)
            else:
                raise TypeError(
                    f"Can not convert a {type(item).__name__} into a Tensor or Operation."
                )
        self._control_dependencies.append(_ControlDependencies(list(dict.fromkeys(ops))))
        try:
            yield
        finally:
            self._control_dependencies.pop()

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Devices are ignored: tinytf runs every op on the CPU through NumPy."""
        yield

    colocate_with = device

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        raise NotImplementedError(
            "tinytf does not implement Graph.gradient_override_map; "
            "register a new op type with tf.RegisterGradient instead."
        )

    def add_to_collection(self, name: str, value) -> None:
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value) -> None:
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name: str) -> list:
        return self._collections.setdefault(name, [])

    def get_collection(self, name: str, scope=None) -> list:
        """A copy of the collection; with `scope`, only items whose name matches it."""
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [item for item in items if hasattr(item, "name") and pattern.match(item.name)]

    def get_all_collection_keys(self) -> list[str]:
        return [key for key, items in self._collections.items() if items]

    def clear_collection(self, name: str) -> None:
        self._collections.pop(name, None)

    @contextlib.contextmanager
    def as_default(self):
        _default_graph_stack.append(self)
        try:
            yield self
        finally:
            _default_graph_stack.remove(self)

    def as_graph_def(self, from_version=None, add_shapes: bool = False):
        """This graph as a GraphDef protobuf."""
        from tinytf.framework import graph_def

        return graph_def.as_graph_def(self, add_shapes)

    def _repr_svg_(self):
        return notebook_svg(self)


class _ControlDependencies:
    """One `control_dependencies` context: its ops, and the ops created inside it."""

    __slots__ = ("ops", "created")

    def __init__(self, ops: list[Operation]) -> None:
        self.ops = ops
        self.created: set[Operation] = set()


_default_graph_stack: list[Graph] = []
_global_default_graph: list[Graph] = []


def get_default_graph() -> Graph:
    """The innermost `as_default()` graph, or the process-wide default graph."""
    if _default_graph_stack:
        return _default_graph_stack[-1]
    if not _global_default_graph:
        _global_default_graph.append(Graph())
    return _global_default_graph[0]


def reset_default_graph() -> None:
    """Replaces the process-wide default graph with a new, empty one."""
    if _default_graph_stack:
        raise AssertionError(
            "Do not use tf.reset_default_graph() to clear nested graphs. "
            "If you need a cleared graph, exit the nesting and create a "
            "new graph."
        )
    kind = type(_global_default_graph[0]) if _global_default_graph else Graph
    _global_default_graph[:] = [kind()]


def graph_of(values, default: Graph | None = None) -> Graph:
    """The one graph that the tensors/ops among `values` belong to (ValueError if two).

    Eager tensors and variables used while a function is traced belong to the traced graph,
    which captures them.
    """
    graph = first = None
    tracing = not get_default_graph().executes_eagerly
    for value in values:
        element = value._as_graph_element() if hasattr(value, "_as_graph_element") else None
        if element is None or isinstance(value, type):
            continue
        if tracing and element.graph.executes_eagerly:
            continue
        if graph is None:
            graph, first = element.graph, value
        elif element.graph is not graph:
            raise ValueError(
                f"{value} must be from the same graph as {first} (graphs are "
                f"{element.graph!r} and {graph!r})."
            )
    return graph or default or get_default_graph()


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """`tf.name_scope(name, default_name, values)`: yields the scope string "a/b/"."""
    graph = graph_of(values or [])
    scope_name = name if name is not None else default_name
    if name is None and default_name is None and values:
        raise ValueError("At least one of name (None) and default_name (None) must be set.")
    if scope_name is None:
        scope_name = ""
    if name is None and default_name is not None and default_name.endswith("/"):
        raise ValueError(f"default_name cannot end with '/': {default_name}")
    with graph.as_default(), graph.name_scope(scope_name) as scope:
        yield scope


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    return get_default_graph().device(device_name_or_function)


def add_to_collection(name, value) -> None:
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value) -> None:
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None) -> list:
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key) -> list:
    return get_default_graph().get_collection_ref(key)
