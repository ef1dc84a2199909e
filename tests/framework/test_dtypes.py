"""DType objects and `as_dtype`, as TensorFlow defines them."""

import numpy as np
import pytest

import tinytf as tf

#: name, NumPy type, floating, integer, unsigned, size in bytes
TABLE = [
    ("float16", np.float16, True, False, False, 2),
    ("float32", np.float32, True, False, False, 4),
    ("float64", np.float64, True, False, False, 8),
    ("int8", np.int8, False, True, False, 1),
    ("int16", np.int16, False, True, False, 2),
    ("int32", np.int32, False, True, False, 4),
    ("int64", np.int64, False, True, False, 8),
    ("uint8", np.uint8, False, True, True, 1),
    ("uint16", np.uint16, False, True, True, 2),
    ("bool", np.bool_, False, False, False, 1),
]


@pytest.mark.parametrize("name, numpy_type, floating, integer, unsigned, size", TABLE)
def test_dtype_properties(name, numpy_type, floating, integer, unsigned, size):
    dtype = getattr(tf, name)
    assert isinstance(dtype, tf.DType)
    assert dtype.name == name
    assert dtype.as_numpy_dtype is numpy_type
    assert (dtype.is_floating, dtype.is_integer, dtype.is_unsigned) == (floating, integer, unsigned)
    assert dtype.is_bool == (name == "bool")
    assert dtype.size == size
    assert dtype.base_dtype is dtype
    assert repr(dtype) == f"tf.{name}"
    assert str(dtype) == f"<dtype: '{name}'>"
    assert tf.as_dtype(name) is dtype
    assert tf.as_dtype(numpy_type) is dtype
    assert tf.as_dtype(np.dtype(numpy_type)) is dtype
    assert tf.as_dtype(dtype.as_datatype_enum) is dtype


@pytest.mark.parametrize("name", [row[0] for row in TABLE if row[2]])
def test_float_limits_are_numpy_scalars(name):
    dtype = getattr(tf, name)
    info = np.finfo(dtype.as_numpy_dtype)
    assert dtype.max == info.max and dtype.min == info.min
    assert type(dtype.max) is dtype.as_numpy_dtype


@pytest.mark.parametrize("name", [row[0] for row in TABLE if row[3]])
def test_integer_limits_are_ints(name):
    dtype = getattr(tf, name)
    info = np.iinfo(dtype.as_numpy_dtype)
    assert (dtype.max, dtype.min) == (int(info.max), int(info.min))
    assert type(dtype.max) is int


def test_bool_has_no_limits():
    with pytest.raises(TypeError, match="Cannot find maximum value of <dtype: 'bool'>"):
        tf.bool.max  # noqa: B018
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'bool'>"):
        tf.bool.min  # noqa: B018


def test_as_dtype_aliases_and_python_types():
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype("double") is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert tf.as_dtype(float) is tf.float32
    assert tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(1) is tf.float32 and tf.as_dtype(3) is tf.int32  # DataType enums
    assert tf.as_dtype(np.dtype("<U3")) is tf.string
    assert tf.float64 is tf.double and tf.float16 is tf.half


@pytest.mark.parametrize("value", ["nope", "int", int, str, object(), None])
def test_as_dtype_refuses(value):
    with pytest.raises(
        TypeError,
        match=r"Cannot convert the argument `type_value`: .* to a "
        "TensorFlow DType.",
    ):
        tf.as_dtype(value)


def test_equality_and_hash():
    assert tf.float32 == np.float32
    assert tf.float32 == "float32"
    assert tf.float32 != tf.float64
    assert tf.float32 != "nope"
    assert tf.float32 is not None and tf.float32 != None  # noqa: E711
    assert {tf.float32: 1}[tf.as_dtype("float32")] == 1
    assert tf.float32.is_compatible_with(tf.float32)
    assert not tf.float32.is_compatible_with(tf.int32)


def test_dtypes_module():
    assert tf.dtypes.float32 is tf.float32
    assert tf.dtypes.as_dtype("int32") is tf.int32


def test_pickles_to_the_same_object():
    import pickle

    assert pickle.loads(pickle.dumps(tf.int16)) is tf.int16


def test_handles_and_variants_by_enum_and_name_but_not_numpy():
    assert tf.as_dtype(21) is tf.as_dtype("variant") is tf.variant  # a GraphDef's TensorList
    assert tf.as_dtype(20) is tf.as_dtype("resource") is tf.resource
    assert tf.as_dtype(np.object_) is tf.string
