"""tf.function and tf.contrib.eager.defun: a Python function traced into a graph and a plan.

The first call with a new input signature (each tensor argument's dtype and shape, the
values of the other arguments) runs the Python function once with placeholders in a fresh
FuncGraph: its ops are recorded, not run. Each call then feeds the arguments to a session
on that graph, whose cached plan is the compiled straight-line code of the whole function
(`concrete.plan_source()` prints it). Eager tensors the function reads become constants of
the graph; eager variables it reads or updates become references to the same cells, and
variables it creates (an optimizer's slots) are created eagerly, once, as TensorFlow's
`init_scope` does.
"""

from __future__ import annotations

import functools

import numpy as np

from tinytf.client.session import Session
from tinytf.eager.context import EagerTensor
from tinytf.framework import graph as graph_module
from tinytf.framework import nest, registry
from tinytf.framework.graph import Graph, Operation, Tensor
from tinytf.framework.runtime import VariableCell
from tinytf.ops import constant_op, placeholder_ops
from tinytf.ops.variables import Variable


class FuncGraph(Graph):
    """The graph a function is traced into; tensors of the eager graph are captured."""

    def __init__(self, name: str, outer_graph: Graph) -> None:
        super().__init__()
        self.name = name
        self.outer_graph = outer_graph
        self.captured_cells: dict[Operation, VariableCell] = {}
        self._captures: dict[int, Tensor] = {}

    def create_op(
        self, op_type: str, inputs, attrs=None, name=None, dtypes=None, control_inputs=()
    ) -> Operation:
        inputs = [self.capture(t) if isinstance(t, EagerTensor) else t for t in inputs]
        return super().create_op(op_type, inputs, attrs, name, dtypes, control_inputs)

    def local_tensor(self, tensor: Tensor) -> Tensor:
        return self.capture(tensor) if isinstance(tensor, EagerTensor) else tensor

    def capture(self, tensor: EagerTensor) -> Tensor:
        """This graph's stand-in for an eager tensor: the same variable, or its value."""
        key = id(tensor)
        if key not in self._captures:
            with self.name_scope(None):
                if isinstance(tensor._value, VariableCell):
                    attrs = dict(tensor.op._attrs)
                    op = super().create_op("VariableV2", [], attrs, name=tensor.op.name)
                    self.captured_cells[op] = tensor._value
                    self._captures[key] = op.outputs[0]
                else:
                    self._captures[key] = constant_op.constant(tensor.numpy(), name="captured")
        return self._captures[key]


class _FunctionSession(Session):
    """Runs a FuncGraph: captured variables are the eager variables' own cells."""

    def variable_cell(self, variable_op: Operation) -> VariableCell:
        cell = self._graph.captured_cells.get(variable_op)
        return cell if cell is not None else super().variable_cell(variable_op)


class ConcreteFunction:
    """One trace of a function: its graph, its placeholders and outputs, and its session."""

    def __init__(self, python_function, args, kwargs, name: str) -> None:
        outer = graph_module.get_default_graph()
        self.graph = FuncGraph(name, outer)
        self._placeholders: list[Tensor] = []
        with self.graph.as_default():
            traced_args, traced_kwargs = _replace_tensors((args, kwargs), self._placeholder)
            outputs = python_function(*traced_args, **traced_kwargs)
        self.structured_outputs = outputs
        # Updates run whether or not an output depends on them, in program order, as
        # TensorFlow's automatic control dependencies make them.
        effects = [op for op in self.graph.get_operations() if _writes_state(op)]
        leaves = nest.flatten(outputs)
        self._leaf_count = len(leaves)
        self._fetched = [index for index, leaf in enumerate(leaves) if leaf is not None]
        # A flat tuple of tensors is the session's fastest cached call.
        fetches = [_fetchable(leaves[index]) for index in self._fetched]
        self._fetches = tuple(fetches + effects)
        self._session = _FunctionSession(graph=self.graph)

    def _placeholder(self, value) -> Tensor:
        array = value.numpy() if isinstance(value, (EagerTensor, Variable)) else value
        dtype = value.dtype if isinstance(value, (Tensor, Variable)) else array.dtype
        placeholder = placeholder_ops.placeholder(
            dtype, np.shape(array), name=f"arg{len(self._placeholders)}"
        )
        self._placeholders.append(placeholder)
        return placeholder

    def __call__(self, *args, **kwargs):
        values = []
        _replace_tensors((args, kwargs), lambda value: values.append(_numpy(value)))
        feed = dict(zip(self._placeholders, values, strict=True))
        values = self._session.run(self._fetches, feed)
        results = [None] * self._leaf_count
        for index, value in zip(self._fetched, values, strict=False):
            results[index] = _as_eager(value)
        return nest.pack_sequence_as(self.structured_outputs, results)

    def plan_source(self) -> str:
        """The Python source of the plan that runs this function."""
        return next(iter(self._session._plans.values())).source


class Function:
    """A Python function that runs as traced graphs, one per input signature."""

    def __init__(self, python_function, input_signature=None, name=None) -> None:
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        self._concrete: dict[tuple, ConcreteFunction] = {}
        functools.update_wrapper(self, python_function)

    def __call__(self, *args, **kwargs):
        if not graph_module.get_default_graph().executes_eagerly:
            return self._python_function(*args, **kwargs)  # inside a graph: its ops inline
        return self.get_concrete_function(*args, **kwargs)(*args, **kwargs)

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        """The trace for these arguments' signature, traced now if it is new."""
        key = _signature((args, kwargs))
        if key not in self._concrete:
            self._concrete[key] = ConcreteFunction(self._python_function, args, kwargs, self._name)
        return self._concrete[key]

    @property
    def python_function(self):
        return self._python_function

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)


def function(func=None, input_signature=None, autograph=True, experimental_relax_shapes=False):
    """`tf.function`: usable as `@tf.function` or `@tf.function(...)`."""
    if func is None:
        return lambda f: Function(f, input_signature)
    return Function(func, input_signature)


def defun(func=None, input_signature=None, autograph=True, experimental_autograph_options=None):
    """`tf.contrib.eager.defun`, TF 1.x's name for a traced function."""
    return function(func, input_signature)


def _is_tensor_argument(value) -> bool:
    return isinstance(value, (EagerTensor, np.ndarray)) and not isinstance(value, Variable)


def _replace_tensors(structure, replace):
    """`structure` with each tensor argument replaced by replace(argument)."""
    return nest.map_structure(
        lambda value: replace(value) if _is_tensor_argument(value) else value, structure
    )


def _signature(structure):
    """A hashable key: tensors by dtype and shape, other values as they are."""
    if isinstance(structure, (list, tuple)):
        return (type(structure).__name__, *(_signature(element) for element in structure))
    if isinstance(structure, dict):
        return ("dict", *((key, _signature(structure[key])) for key in sorted(structure)))
    if _is_tensor_argument(structure):
        array = _numpy(structure)
        return ("tensor", array.dtype.str, array.shape)
    if isinstance(structure, Variable):
        return ("variable", id(structure))
    return ("value", structure)


def _numpy(value) -> np.ndarray:
    return value.numpy() if isinstance(value, EagerTensor) else np.asarray(value)


def _writes_state(op: Operation) -> bool:
    return bool(registry.get_op_def(op.type).ref_inputs)


def _fetchable(output):
    if isinstance(output, Variable):
        return output.read_value()
    return output


def _as_eager(value):
    if value is None:
        return None
    return constant_op.constant(value)
