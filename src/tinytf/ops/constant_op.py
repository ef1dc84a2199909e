"""Constants and conversion of Python and NumPy values to tensors, with TF's dtype rules."""

from __future__ import annotations

import numbers

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, get_default_graph
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape


def _const_infer(inputs, attrs):
    value = attrs["value"]
    return dtypes.as_dtype(value.dtype), TensorShape(value.shape)


@register_op("Const", infer=_const_infer, constant_attr="value")
def _const_kernel(*, value):
    return value


NotDifferentiable("Const")


def _python_dtype(value):
    """TF's default dtype for a Python value: floats float32, ints int32 (int64 if big)."""
    if value is None:
        raise ValueError("None values not supported.")
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return dtypes.float32
    if array.dtype.kind in "iu":
        if array.size and (array.max() > 2**31 - 1 or array.min() < -(2**31)):
            return dtypes.int64
        return dtypes.int32
    if array.dtype.kind == "b":
        return dtypes.bool
    if array.dtype.kind in "US" or (
        array.dtype.kind == "O" and all(isinstance(item, (str, bytes)) for item in array.flat)
    ):
        return dtypes.string
    raise TypeError(
        f"Failed to convert elements of {value} to Tensor. Consider casting "
        "elements to a supported type."
    )


def string_array(value) -> np.ndarray:
    """A tf.string value: an object array of bytes, text encoded as UTF-8 (as TF does)."""
    array = np.array(value, dtype=object)
    for index, item in enumerate(array.flat):
        if isinstance(item, str):
            array.flat[index] = item.encode("utf-8")
    return array


def to_numpy(value, dtype=None) -> np.ndarray:
    """`value` as an array of `dtype` (or TF's default dtype); TypeError if it can't be."""
    is_numpy = isinstance(value, (np.ndarray, np.generic))
    if dtype is None:
        if is_numpy:
            # A copy: the constant is frozen, and the caller's array must stay writable.
            array = np.array(value)
            return array if array.dtype.kind not in "US" else string_array(array)
        dtype = _python_dtype(value)
    dtype = dtypes.as_dtype(dtype)
    if value is None:
        raise ValueError("None values not supported.")
    array = np.asarray(value)
    if dtype is dtypes.string:
        return string_array(value)
    if array.size == 0 and not is_numpy:  # an empty list has no element type to check
        return np.zeros(array.shape, dtype=dtype.as_numpy_dtype)
    mismatch = TypeError(
        f"Expected {dtype.name}, but got {value!r} of type '{type(value).__name__}'."
    )
    if array.dtype.kind in "USO":
        raise mismatch
    if dtype.is_integer and array.dtype.kind in "fc":
        # Unlike TensorFlow, which truncates NumPy floats silently, only whole ones pass.
        if not is_numpy or not np.all(np.mod(array, 1) == 0):
            raise mismatch
    if dtype.is_bool and array.dtype.kind != "b":
        raise mismatch
    if dtype.is_integer and array.dtype.kind in "iu" and array.size:
        info = np.iinfo(dtype.as_numpy_dtype)
        if array.max() > info.max or array.min() < info.min:
            raise TypeError(f"Value {value!r} out of range for dtype {dtype.name}.")
    return np.array(array, dtype=dtype.as_numpy_dtype)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False) -> Tensor:
    """`tf.constant`: a scalar `value` with a `shape` fills that shape."""
    array = to_numpy(value, dtype)
    if shape is not None:
        shape = tuple(TensorShape(shape).as_list())
        if array.shape != shape:
            if verify_shape:
                raise TypeError(f"Expected Tensor's shape: {shape}, but got {array.shape}.")
            if array.size == 1:
                array = np.full(shape, array.reshape(()), dtype=array.dtype)
            elif array.size == int(np.prod(shape)):
                array = array.reshape(shape)
            elif 0 < array.size < int(np.prod(shape)):
                # TF 1.x fills the rest of the shape with the value's last element.
                flat = array.reshape(-1)
                padding = np.full(int(np.prod(shape)) - flat.size, flat[-1], flat.dtype)
                array = np.concatenate([flat, padding]).reshape(shape)
            else:
                raise ValueError(
                    f"Too many elements provided. Takes at most "
                    f"{int(np.prod(shape))}, but got {array.size}."
                    if array.size > np.prod(shape)
                    else f"Expected {int(np.prod(shape))} elements for shape "
                    f"{shape}, got {array.size}."
                )
    array.setflags(write=False)
    op = get_default_graph().create_op("Const", [], {"value": array}, name=name)
    return op.outputs[0]


def _contains_tensor(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def convert_to_tensor(
    value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None
) -> Tensor:
    """A Tensor for `value`: tensors and variables pass through, nested lists of tensors
    are packed, anything else becomes a constant."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if hasattr(value, "_as_tensor"):  # a variable converts to its read value
        value = value._as_tensor()
    elif not isinstance(value, Tensor) and hasattr(value, "_as_graph_element"):
        value = value._as_graph_element()
        if not isinstance(value, Tensor):
            raise TypeError(f"can't convert {type(value).__name__} '{value.name}' to Tensor")
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            raise ValueError(
                f"Tensor conversion requested dtype {dtype.name} for Tensor "
                f"with dtype {value.dtype.name}: {value!r}"
            )
        return value
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        from tinytf.ops import array_ops

        return array_ops._autopack(value, dtype, name or "packed")
    preferred = preferred_dtype or dtype_hint
    if dtype is None and preferred is not None:
        try:
            return constant(value, preferred, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype, name=name or "Const")


def is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)
