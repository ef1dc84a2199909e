"""TensorFlow's TensorList ops, for GraphDefs that carry values through a While as lists:
TensorFlow 2's control flow (tf.map_fn, tf.scan, dynamic_rnn and loop gradients made by
TensorFlow) and tinytf's own export of the values a While records (function_library).

A TensorList is a variant scalar in the graph; its value here is a `TensorList`, a Python
list of the elements (None for one reserved but not yet set) knowing its element dtype and
shape. The ops are functional, as TensorFlow's: one that changes a list returns a new one.
An element not yet set reads as zeros of the element shape, which must then be known.

tinytf's own tf.map_fn and dynamic_rnn never build these ops (their While records plain
Python lists, stacked by TensorListStack in while_op), and tinytf does not differentiate
them: an imported graph brings its gradient along (TensorFlow's, or tinytf's written as
TensorList reads), and tf.gradients through an imported TensorList raises LookupError
naming the op. Those TensorFlow does not differentiate either are NotDifferentiable.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value_as_shape


class TensorList(list):
    """The elements of a TensorList, with its element dtype and element shape (a tuple with
    None for an unknown dimension, or None for an unknown rank)."""

    __slots__ = ("element_dtype", "element_shape", "max_num_elements")

    def __init__(self, elements, element_dtype, element_shape, max_num_elements=-1) -> None:
        super().__init__(elements)
        self.element_dtype = element_dtype
        self.element_shape = element_shape
        self.max_num_elements = max_num_elements

    def copy_with(self, elements) -> TensorList:
        return TensorList(elements, self.element_dtype, self.element_shape, self.max_num_elements)


def shape_of(value) -> tuple | None:
    """An element_shape input's value as a shape: -1 (a scalar) is an unknown rank, -1 in a
    vector an unknown dimension."""
    value = np.asarray(value)
    if value.ndim == 0:
        return None
    return tuple(None if d < 0 else int(d) for d in value)


def _shape_text(shape) -> str:
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _merged(shape, other, op):
    """The shape both `shape` and `other` describe (TensorFlow's PartialTensorShape merge)."""
    if shape is None:
        return other
    if other is None:
        return shape
    if len(shape) != len(other) or any(
        a is not None and b is not None and a != b for a, b in zip(shape, other, strict=False)
    ):
        raise errors.InvalidArgumentError(
            None,
            op,
            f"PartialTensorShape: Incompatible shapes during merge: {_shape_text(shape)} vs. "
            f"{_shape_text(other)} (node '{op.name}')",
        )
    return tuple(a if a is not None else b for a, b in zip(shape, other, strict=True))


def _zeros(values: TensorList, element_shape, op, reading: str):
    """The value of an element not yet set: zeros of the element shape, which the list, the
    op's element_shape and the elements already set must fix."""
    shape = _merged(values.element_shape, element_shape, op)
    for element in values:
        if element is not None:
            shape = _merged(shape, np.shape(element), op)
            break
    if shape is None or None in shape:
        raise errors.InvalidArgumentError(
            None, op, f"{reading}: {_shape_text(shape)} (node '{op.name}')"
        )
    return np.zeros(shape, values.element_dtype.as_numpy_dtype)


def _element(values: TensorList, index: int, element_shape, op):
    element = values[index]
    if element is None:
        reading = "Trying to read an uninitialized tensor but element_shape is not fully defined"
        return _zeros(values, element_shape, op, reading)
    return element


def _check_index(values: TensorList, index, op, verb: str) -> int:
    index = int(index)
    if not 0 <= index < len(values):
        raise errors.InvalidArgumentError(
            None,
            op,
            f"Trying to {verb} element {index} in a list with {len(values)} elements. "
            f"(node '{op.name}')",
        )
    return index


def _check_element(values: TensorList, tensor, op) -> None:
    """TensorFlow's checks of a tensor put in a list: its dtype and shape."""
    if isinstance(tensor, list):  # a list of lists (a nested loop's records): a variant
        tensor_dtype, shape = dtypes.variant, ()
    else:
        tensor_dtype, shape = dtypes.as_dtype(np.asarray(tensor).dtype), np.shape(tensor)
    if tensor_dtype is not values.element_dtype:
        raise errors.InvalidArgumentError(
            None,
            op,
            f"Invalid data types; op elements {tensor_dtype.name} but list elements "
            f"{values.element_dtype.name} (node '{op.name}')",
        )
    expected = values.element_shape
    if expected is not None and (
        len(shape) != len(expected)
        or any(b is not None and a != b for a, b in zip(shape, expected, strict=True))
    ):
        raise errors.InvalidArgumentError(
            None,
            op,
            "Tried to append a tensor with incompatible shape to a list. Op element shape: "
            f"{_shape_text(shape)} list shape: {_shape_text(expected)} (node '{op.name}')",
        )


def _handle(inputs, attrs):
    return dtypes.variant, TensorShape([])


def _element_type(inputs, attrs, shape_input: int):
    """The element dtype and, from the element_shape input when known, the element shape."""
    shape = TensorShape(None)  # -1, a scalar: an unknown rank
    if inputs[shape_input].shape.ndims != 0:
        shape = constant_value_as_shape(inputs[shape_input])
    return dtypes.as_dtype(attrs["element_dtype"]), shape


@register_op("EmptyTensorList", infer=_handle, bind=True)
def _empty_kernel(op, session):
    dtype = dtypes.as_dtype(op._attrs["element_dtype"])

    def empty(element_shape, max_num_elements):
        return TensorList([], dtype, shape_of(element_shape), int(max_num_elements))

    return empty


@register_op("TensorListReserve", infer=_handle, bind=True)
def _reserve_kernel(op, session):
    dtype = dtypes.as_dtype(op._attrs["element_dtype"])

    def reserve(element_shape, count):
        if count < 0:
            raise errors.InvalidArgumentError(
                None,
                op,
                "The num_elements to reserve must be a non negative number, but got "
                f"{int(count)} (node '{op.name}')",
            )
        return TensorList([None] * int(count), dtype, shape_of(element_shape))

    return reserve


@register_op("TensorListFromTensor", infer=_handle, bind=True)
def _from_tensor_kernel(op, session):
    dtype = dtypes.as_dtype(op._attrs["element_dtype"])

    def from_tensor(tensor, element_shape):
        tensor = np.asarray(tensor)
        if tensor.ndim == 0:
            raise errors.InvalidArgumentError(
                None, op, f"Tensor must be at least a vector, but saw shape: [] (node '{op.name}')"
            )
        _merged(shape_of(element_shape), tensor.shape[1:], op)  # only checks, as TensorFlow
        return TensorList(list(tensor), dtype, shape_of(element_shape))

    return from_tensor


@register_op("TensorListPushBack", infer=_handle, bind=True)
def _push_back_kernel(op, session):
    def push_back(values, tensor):
        _check_element(values, tensor, op)
        if 0 <= values.max_num_elements <= len(values):
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Tried to push item into a full list list size: {len(values)} "
                f"max_num_elements: {values.max_num_elements} (node '{op.name}')",
            )
        return values.copy_with([*values, tensor])

    return push_back


@register_op(
    "TensorListPopBack",
    infer=lambda inputs, attrs: [_handle(inputs, attrs), _element_type(inputs, attrs, 1)],
    bind=True,
)
def _pop_back_kernel(op, session):
    def pop_back(values, element_shape):
        if not values:
            raise errors.InvalidArgumentError(
                None, op, f"Trying to pop from an empty list. (node '{op.name}')"
            )
        last = _element(values, len(values) - 1, shape_of(element_shape), op)
        return values.copy_with(values[:-1]), last

    return pop_back


@register_op(
    "TensorListGetItem", infer=lambda inputs, attrs: _element_type(inputs, attrs, 2), bind=True
)
def _get_item_kernel(op, session):
    def get_item(values, index, element_shape):
        index = _check_index(values, index, op, "access")
        return _element(values, index, shape_of(element_shape), op)

    return get_item


@register_op("TensorListSetItem", infer=_handle, bind=True)
def _set_item_kernel(op, session):
    resize = bool(op._attrs.get("resize_if_index_out_of_bounds", False))

    def set_item(values, index, item):
        elements = list(values)
        if resize and int(index) >= len(elements):
            elements += [None] * (int(index) + 1 - len(elements))
        index = _check_index(elements, index, op, "modify") if not resize else int(index)
        _check_element(values, item, op)
        elements[index] = item
        return values.copy_with(elements)

    return set_item


@register_op("TensorListResize", infer=_handle, bind=True)
def _resize_kernel(op, session):
    def resize(values, size):
        size = int(size)
        if size < 0:
            raise errors.InvalidArgumentError(
                None, op, f"TensorListSlice expects size to be non-negative. (node '{op.name}')"
            )
        return values.copy_with([*values[:size], *[None] * (size - len(values))])

    return resize


@register_op("TensorListLength", infer=lambda inputs, attrs: (dtypes.int32, TensorShape([])))
def _length_kernel(values):
    return np.array(len(values), np.int32)


def _element_shape_infer(inputs, attrs):
    return dtypes.as_dtype(attrs.get("shape_type", dtypes.int32)), TensorShape(None)


@register_op("TensorListElementShape", infer=_element_shape_infer, bind=True)
def _element_shape_kernel(op, session):
    numpy_type = dtypes.as_dtype(op._attrs.get("shape_type", dtypes.int32)).as_numpy_dtype

    def element_shape(values):
        shape = values.element_shape
        if shape is None:
            return np.array(-1, numpy_type)
        return np.array([-1 if d is None else d for d in shape], numpy_type)

    return element_shape


def _stacked_infer(shape_input: int):
    def infer(inputs, attrs):
        dtype, shape = _element_type(inputs, attrs, shape_input)
        return dtype, TensorShape([None]).concatenate(shape)

    return infer


@register_op("TensorListGather", infer=_stacked_infer(2), bind=True)
def _gather_kernel(op, session):
    def gather(values, indices, element_shape):
        shape = shape_of(element_shape)
        picked = [
            _element(values, _check_index(values, i, op, "access"), shape, op)
            for i in np.ravel(indices)
        ]
        return stacked(values.copy_with(picked), shape, op)

    return gather


# TensorListStack(handle, element_shape), the form TensorFlow writes (while_op registers
# the op: tinytf's own form stacks the values a While recorded).
stack_infer = _stacked_infer(1)


def stack_kernel(op):
    count = int(op._attrs.get("num_elements", -1))

    def stack(values, element_shape):
        if count != -1 and len(values) != count:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Operation expected a list with {count} elements but got a list with "
                f"{len(values)} elements. (node '{op.name}')",
            )
        return stacked(values, shape_of(element_shape), op)

    return stack


def stacked(values: TensorList, element_shape, op):
    """The elements of `values` stacked on a new first axis; `element_shape` (a tuple, or
    None) with the list's shapes an empty stack and elements not set."""
    element_shape = _merged(values.element_shape, element_shape, op)
    if any(element is None for element in values):
        reading = (
            "Tried to stack list which only contains uninitialized tensors and has a "
            "non-fully-defined element_shape"
        )
        zeros = _zeros(values, element_shape, op, reading)
        values = [zeros if element is None else element for element in values]
    if len(values):
        return np.stack(values)
    if element_shape is None or None in element_shape:
        raise errors.InvalidArgumentError(
            None,
            op,
            "Tried to stack elements of an empty list with non-fully-defined element_shape: "
            f"{_shape_text(element_shape)} (node '{op.name}')",
        )
    return np.zeros((0, *element_shape), values.element_dtype.as_numpy_dtype)


def refuse_gradient(op, *grads):
    """TensorList ops have no gradient in tinytf (see the module's docstring)."""
    raise LookupError(
        f"No gradient defined for operation '{op.name}' (op type: {op.type}): tinytf does "
        "not differentiate through TensorLists (a While imported from TensorFlow's control "
        "flow); import the graph with its gradient already built."
    )


# TensorFlow differentiates these (tinytf refuses, above); the others carry no gradient.
REFUSED_GRADIENTS = (
    "TensorListFromTensor",
    "TensorListPushBack",
    "TensorListPopBack",
    "TensorListGetItem",
    "TensorListSetItem",
    "TensorListResize",
    "TensorListGather",
)
for _op_type in REFUSED_GRADIENTS:
    RegisterGradient(_op_type)(refuse_gradient)
for _op_type in (
    "EmptyTensorList",
    "TensorListReserve",
    "TensorListLength",
    "TensorListElementShape",
):
    NotDifferentiable(_op_type)
