"""TensorFlow's DType objects, each a thin wrapper around a NumPy dtype."""

from __future__ import annotations

import builtins

import numpy as np


class DType:
    """A tensor element type, as `tf.DType`: `tf.float32.as_numpy_dtype is np.float32`."""

    __slots__ = ("_name", "_numpy_dtype", "_enum")

    def __init__(self, name: str, numpy_type: type, enum: int) -> None:
        self._name = name
        self._numpy_dtype = numpy_type
        self._enum = enum

    name = property(lambda self: self._name)
    as_numpy_dtype = property(lambda self: self._numpy_dtype)
    as_datatype_enum = property(lambda self: self._enum)
    base_dtype = property(lambda self: self)
    real_dtype = property(lambda self: self)

    @property
    def is_floating(self) -> bool:
        return issubclass(self._numpy_dtype, np.floating)

    @property
    def is_integer(self) -> bool:
        return issubclass(self._numpy_dtype, np.integer)

    @property
    def is_unsigned(self) -> bool:
        return issubclass(self._numpy_dtype, np.unsignedinteger)

    @property
    def is_bool(self) -> bool:
        return self._numpy_dtype is np.bool_

    @property
    def is_complex(self) -> bool:
        return False

    @property
    def is_numpy_compatible(self) -> bool:
        return True

    @property
    def size(self) -> int:
        return np.dtype(self._numpy_dtype).itemsize

    @property
    def min(self):
        """The lowest value: a NumPy scalar for floats, an int for integers."""
        if self.is_floating:
            return np.finfo(self._numpy_dtype).min
        if self.is_integer:
            return int(np.iinfo(self._numpy_dtype).min)
        raise TypeError(f"Cannot find minimum value of {self} with type {self}.")

    @property
    def max(self):
        """The highest value: a NumPy scalar for floats, an int for integers."""
        if self.is_floating:
            return np.finfo(self._numpy_dtype).max
        if self.is_integer:
            return int(np.iinfo(self._numpy_dtype).max)
        raise TypeError(f"Cannot find maximum value of {self} with type {self}.")

    def is_compatible_with(self, other) -> bool:
        return self is as_dtype(other)

    def __eq__(self, other) -> bool:
        if other is None:
            return False
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return self._enum

    def __repr__(self) -> str:
        return f"tf.{self._name}"

    def __str__(self) -> str:
        return f"<dtype: '{self._name}'>"

    def __reduce__(self):
        return as_dtype, (self._name,)


# Enum values are TensorFlow's DataType proto numbers (used by checkpoints and GraphDefs).
float16 = DType("float16", np.float16, 19)
float32 = DType("float32", np.float32, 1)
float64 = DType("float64", np.float64, 2)
int8 = DType("int8", np.int8, 6)
int16 = DType("int16", np.int16, 5)
int32 = DType("int32", np.int32, 3)
int64 = DType("int64", np.int64, 9)
uint8 = DType("uint8", np.uint8, 4)
uint16 = DType("uint16", np.uint16, 17)
uint32 = DType("uint32", np.uint32, 22)
uint64 = DType("uint64", np.uint64, 23)
bool = DType("bool", np.bool_, 10)  # noqa: A001 - TensorFlow's public name
string = DType("string", np.object_, 7)
half = float16
double = float64
# Handles to state the session keeps (queues, readers, iterators) and dataset values; not
# in _ALL, so NumPy's object dtype still means tf.string.
resource = DType("resource", np.object_, 20)
variant = DType("variant", np.object_, 21)

_ALL = (
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
    bool,
    string,
)
_BY_NAME = {d.name: d for d in _ALL} | {"half": float16, "double": float64, "float": float32}
_BY_NUMPY = {np.dtype(d.as_numpy_dtype): d for d in _ALL}
# Handles and variants only by name or enum: a GraphDef's TensorList is a variant.
_BY_ENUM = {d.as_datatype_enum: d for d in (*_ALL, resource, variant)}
_BY_NAME.update({"resource": resource, "variant": variant})
# As in TensorFlow, the Python types `int` and `str` are not dtypes (their width is unclear).
_BY_PYTHON = {float: float32, builtins.bool: bool, object: string}


def as_dtype(type_value) -> DType:
    """Converts a DType, NumPy dtype, name, enum or Python type to a DType."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        if type_value in _BY_NAME:
            return _BY_NAME[type_value]
    elif isinstance(type_value, int) and not isinstance(type_value, builtins.bool):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    elif isinstance(type_value, type) and type_value in _BY_PYTHON:
        return _BY_PYTHON[type_value]
    elif type_value is not None and type_value is not int and type_value is not str:
        try:
            numpy_dtype = np.dtype(type_value)
        except TypeError:
            numpy_dtype = None
        if numpy_dtype is not None:
            if numpy_dtype.kind in "US":
                return string
            if numpy_dtype in _BY_NUMPY:
                return _BY_NUMPY[numpy_dtype]
    raise TypeError(
        f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType."
    )
