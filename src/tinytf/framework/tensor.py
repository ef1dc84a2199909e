"""Tensor: a symbolic handle on an op's output, with TensorFlow's Python operators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tinytf.framework import dtypes, runtime
from tinytf.framework.tensor_shape import TensorShape, as_shape, merge_shapes

if TYPE_CHECKING:
    from tinytf.framework.operation import Operation


# What Tensor's Python operators build: ops/math_ops, which sits above the framework,
# installs its functions when imported (`define_operators`). The tinytf package imports it
# on first use: `set_operators_loader` gives the function that does.
_OPERATORS: dict = {}
_LOAD_OPERATORS: list = []


def set_operators_loader(load) -> None:
    """Makes `load()` the function that installs the operators, called on first use."""
    _LOAD_OPERATORS[:] = [load]


def _function(name: str):
    """The installed function `name`, installing the operators first if need be."""
    function = _OPERATORS.get(name)
    if function is None:
        if _LOAD_OPERATORS:
            _LOAD_OPERATORS[0]()
        function = _OPERATORS[name]
    return function


def define_operators(**functions) -> None:
    """Installs the functions Tensor's operators call: the binary ones as
    function(tensor, other, reflected), `getitem` as getitem(tensor, key), and `negative`,
    `absolute`, `invert` as function(tensor)."""
    _OPERATORS.update(functions)


def _operator(function_name: str, reflected: bool = False):
    """A Tensor operator method that calls the installed function `function_name`."""

    def method(self, other):
        return _function(function_name)(self, other, reflected)

    method.__name__ = function_name
    return method


# How a Graph or a Tensor draws itself in a notebook (`_repr_svg_`): the tinytf package
# installs tinytf.viz's drawing, which sits above the framework.
_notebook_drawing: list = []


def set_notebook_drawing(draw) -> None:
    """Makes `draw(graph_or_tensor)`, returning SVG text, the notebook's drawing."""
    _notebook_drawing[:] = [draw]


def notebook_svg(element) -> str | None:
    """The SVG a notebook shows for `element`, or None (plain text) without a drawing."""
    return _notebook_drawing[0](element) if _notebook_drawing else None


class TensorOperators:
    """Python operators for Tensor and Variable: `a + b` builds an "add" op, as in TF."""

    __slots__ = ()
    __array_priority__ = 100  # so that `ndarray + Tensor` defers to Tensor.__radd__

    def __getitem__(self, key):
        return _function("getitem")(self, key)

    __add__ = _operator("_add_operator")
    __radd__ = _operator("_add_operator", reflected=True)
    __sub__ = _operator("_sub_operator")
    __rsub__ = _operator("_sub_operator", reflected=True)
    __mul__ = _operator("_mul_operator")
    __rmul__ = _operator("_mul_operator", reflected=True)
    __truediv__ = _operator("_truediv_operator")
    __rtruediv__ = _operator("_truediv_operator", reflected=True)
    __floordiv__ = _operator("_floordiv_operator")
    __rfloordiv__ = _operator("_floordiv_operator", reflected=True)
    __mod__ = _operator("_mod_operator")
    __rmod__ = _operator("_mod_operator", reflected=True)
    __pow__ = _operator("_pow_operator")
    __rpow__ = _operator("_pow_operator", reflected=True)
    __matmul__ = _operator("_matmul_operator")
    __rmatmul__ = _operator("_matmul_operator", reflected=True)
    __lt__ = _operator("_less_operator")
    __le__ = _operator("_less_equal_operator")
    __gt__ = _operator("_greater_operator")
    __ge__ = _operator("_greater_equal_operator")
    __and__ = _operator("_and_operator")
    __rand__ = _operator("_and_operator", reflected=True)
    __or__ = _operator("_or_operator")
    __ror__ = _operator("_or_operator", reflected=True)
    __xor__ = _operator("_xor_operator")
    __rxor__ = _operator("_xor_operator", reflected=True)

    def __neg__(self):
        return _function("negative")(self)

    def __abs__(self):
        return _function("absolute")(self)

    def __invert__(self):
        return _function("invert")(self)


class Tensor(TensorOperators):
    """The `value_index`-th output of an Operation; a symbolic handle, never a value."""

    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_consumers", "__weakref__")

    def __init__(self, op: Operation, value_index: int, dtype, shape) -> None:
        self._op = op
        self._value_index = value_index
        self._dtype = dtypes.as_dtype(dtype)
        self._shape = as_shape(shape)
        self._consumers: list[Operation] = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    shape = property(lambda self: self._shape)
    device = property(lambda self: "")

    @property
    def name(self) -> str:
        return f"{self._op._name}:{self._value_index}"

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape) -> None:
        """Refines the static shape; raises ValueError if `shape` is incompatible."""
        self._shape = merge_shapes(self._shape, as_shape(shape))

    def consumers(self) -> list[Operation]:
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        return runtime.run_in_default_session(self, feed_dict, session, is_tensor=True)

    def _as_graph_element(self):
        return self

    def _repr_svg_(self):
        """In a notebook, a tensor shows the graph that computes it."""
        return notebook_svg(self)

    def __repr__(self) -> str:
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self) -> str:
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'

    def __bool__(self):
        raise TypeError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. Use `if t is "
            "not None:` instead of `if t:` to test if a tensor is defined, and use ops such "
            "as tf.where to choose values by the value of a tensor."
        )

    def __iter__(self):
        raise TypeError(
            "Iterating over a symbolic `tf.Tensor` is not allowed. To iterate "
            "over this tensor's first dimension use tf.unstack."
        )

    def __len__(self):
        raise TypeError(
            f"len is not well defined for a symbolic Tensor ({self.name}). "
            "Please call `x.shape` rather than `len(x)` for shape information."
        )

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic Tensor ({self.name}) to a numpy array."
        )

    # Tensors compare and hash by identity, as in TensorFlow 1.x graphs.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__
