"""Eager execution: every op runs through its registered kernel the moment it is built.

`tf.enable_eager_execution()` makes an EagerGraph the default graph. Building an op there
does what a one-op plan would do (the same shape rule, the same kernel, the same bound
state for variables and random numbers) and hands back EagerTensors that hold the values.
Nothing is kept: an eager op lives as long as a tensor or a tape refers to it, so a
training loop does not grow a graph. Gradient tapes (tinytf/eager/backprop.py) record the
ops while they are open and replay the registered gradient functions over them, which build
eager ops in turn: each op's gradient is written once for both modes.
"""

from __future__ import annotations

import contextlib
import weakref

import numpy as np

from tinytf.client.session import Session
from tinytf.client.steps import kernel_error
from tinytf.framework import errors, registry
from tinytf.framework import graph as graph_module
from tinytf.framework.graph import Graph, GraphKeys, Operation, Tensor
from tinytf.framework.runtime import VariableCell, read_cell
from tinytf.framework.tensor_shape import TensorShape


class EagerTensor(Tensor):
    """A tensor with its value: `.numpy()`, `float(t)`, `bool(t)`, NumPy interop, printing."""

    __slots__ = ("_value",)

    def __init__(self, op: Operation, value_index: int, dtype, shape, value) -> None:
        super().__init__(op, value_index, dtype, shape)
        self._value = value

    def numpy(self) -> np.ndarray:
        """The value as a NumPy array (a variable's current value for a reference)."""
        value = self._value
        if isinstance(value, VariableCell):
            value = read_cell(value)
        return np.asarray(value)

    def __array__(self, dtype=None, copy=None):
        value = self.numpy()
        return value if dtype is None else value.astype(dtype)

    def __bool__(self) -> bool:
        return bool(self.numpy())

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __index__(self) -> int:
        return int(self.numpy())

    def __len__(self) -> int:
        if not self._shape.ndims:
            raise TypeError("Scalar tensor has no `len()`")
        return len(self.numpy())

    def __iter__(self):
        if not self._shape.ndims:
            raise TypeError("Cannot iterate over a scalar tensor.")
        from tinytf.ops import array_ops

        return iter(array_ops.unstack(self))

    def __hash__(self) -> int:
        return id(self)

    def eval(self, feed_dict=None, session=None):
        return self.numpy()

    def __repr__(self) -> str:
        value = self.numpy()
        text = repr(value.item()) if value.ndim == 0 else repr(value)
        return f"<tf.Tensor: shape={_shape_text(self)}, dtype={self._dtype.name}, numpy={text}>"

    def __str__(self) -> str:
        value = self.numpy()
        text = str(value.item()) if value.ndim == 0 else str(value)
        return f"tf.Tensor({text}, shape={_shape_text(self)}, dtype={self._dtype.name})"


def _shape_text(tensor: Tensor) -> str:
    """TensorFlow's eager shape text: a Python tuple, `(2,)`, `()`."""
    return str(tuple(tensor.shape.as_list()))


class EagerRuntime(Session):
    """The state eager kernels bind to: variables' cells and random streams, as a session
    holds them for plans. Streams are dropped with their ops: each eager random op is new."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph=graph)
        self._random_generators = weakref.WeakKeyDictionary()
        self._philox_streams = weakref.WeakKeyDictionary()

    def execute(self, op: Operation) -> list:
        """The values of `op`'s outputs, computed now by its kernel."""
        if op.type == "Const":
            return [op._attrs["value"]]
        if op.type == "NoOp":
            return []
        op_def = registry.get_op_def(op.type)
        values = [
            tensor._value if index in op_def.ref_inputs else _read(tensor._value)
            for index, tensor in enumerate(op._inputs)
        ]
        try:
            with np.errstate(all="ignore"):
                if op_def.bind:
                    result = op_def.kernel(op, self)(*values)
                else:
                    result = op_def.kernel(*values, **op._attrs)
        except errors.OpError:
            raise
        except Exception as exc:
            raise kernel_error(op, exc) from exc
        return list(result) if len(op._outputs) > 1 else [result]


def _read(value):
    return read_cell(value) if isinstance(value, VariableCell) else value


class EagerGraph(Graph):
    """The default graph in eager mode: ops run when built and are not kept."""

    executes_eagerly = True

    def __init__(self) -> None:
        super().__init__()
        self.runtime = EagerRuntime(self)
        self.tapes: list = []
        self._trainable_index: dict = {}  # id(reference tensor) -> Variable
        self._trainable_index_key = None  # which collection list, at which length

    def create_op(
        self, op_type: str, inputs, attrs=None, name=None, dtypes=None, control_inputs=()
    ) -> Operation:
        op_def = registry.get_op_def(op_type)
        inputs = [_eager_input(tensor, op_type) for tensor in inputs]
        attrs = dict(attrs or {})
        try:
            specs = op_def.infer(inputs, attrs)
        except ValueError as exc:  # shapes are values here: TF's kernel raises this
            raise errors.InvalidArgumentError(None, None, f"{exc} [Op:{op_type}]") from exc
        if isinstance(specs, tuple):
            specs = [specs]
        op = Operation(self, op_type, self._eager_name(name or op_type), inputs, attrs, (), ())
        # Kernels may read their outputs' dtypes, so the tensors exist before the values.
        op._outputs = [
            EagerTensor(op, index, dtype, shape, None) for index, (dtype, shape) in enumerate(specs)
        ]
        values = self.runtime.execute(op)
        for tensor, value in zip(op._outputs, values, strict=True):
            tensor._value = value
            # The shape rule's shape serves unless the value says more (a reference keeps
            # the variable's declared shape).
            if not isinstance(value, VariableCell) and tensor._shape._dims != np.shape(value):
                tensor._shape = TensorShape(np.shape(value))
        for tape in self.tapes:
            tape._record(op)
        return op

    def trainable_variable_of(self, reference: Tensor):
        """The trainable Variable whose reference tensor `reference` is, else None: a
        dictionary lookup, kept in step with the TRAINABLE_VARIABLES collection."""
        trainable = self._collections.get(GraphKeys.TRAINABLE_VARIABLES, ())
        if self._trainable_index_key != (id(trainable), len(trainable)):
            self._trainable_index = {
                id(variable._variable): variable
                for variable in reversed(trainable)
                if hasattr(variable, "_variable")
            }
            self._trainable_index_key = (id(trainable), len(trainable))
        variable = self._trainable_index.get(id(reference))
        return variable if variable is not None and variable._variable is reference else None

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """`name` under the current scope: eager names are neither made unique nor kept."""
        return f"{self._name_stack}/{name}" if self._name_stack else name

    def _eager_name(self, name: str) -> str:
        """Names only label eager ops, so they are not made unique (nor kept), as in TF."""
        if name.endswith("/"):
            return name[:-1]
        return f"{self._name_stack}/{name}" if self._name_stack else name

    def control_dependencies(self, control_inputs):
        """Eager ops run in program order, so control dependencies have nothing to add."""
        return super().control_dependencies(None)


def _eager_input(tensor, op_type: str) -> EagerTensor:
    if not isinstance(tensor, EagerTensor):
        raise TypeError(
            f"An op outside of the function building code is being passed a graph tensor "
            f"({tensor!r}) as input to eager op '{op_type}'."
        )
    return tensor


def enable_eager_execution(config=None, device_policy=None, execution_mode=None) -> None:
    """Makes ops run as they are built, from here on (TensorFlow's message if too late)."""
    if executing_eagerly():
        return
    if graph_module.get_default_graph().get_operations() or graph_module._default_graph_stack:
        raise ValueError("tf.enable_eager_execution must be called at program startup.")
    graph_module._global_default_graph[:] = [EagerGraph()]


@contextlib.contextmanager
def eager_mode():
    """Ops built inside run eagerly, as in TensorFlow's `context.eager_mode()`: the graphs
    in use are set aside and come back after, so one program can show both modes."""
    saved_global = list(graph_module._global_default_graph)
    saved_stack = list(graph_module._default_graph_stack)
    graph_module._default_graph_stack[:] = []
    graph_module._global_default_graph[:] = [EagerGraph()]
    try:
        yield
    finally:
        graph_module._global_default_graph[:] = saved_global
        graph_module._default_graph_stack[:] = saved_stack


def executing_eagerly() -> bool:
    """Whether ops built now run at once (eager mode, outside a traced function)."""
    return graph_module.get_default_graph().executes_eagerly
