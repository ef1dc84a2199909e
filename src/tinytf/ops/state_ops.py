"""Ops that read and write variables: VariableV2, Assign, AssignAdd, AssignSub.

A VariableV2 op produces the variable's cell in the running session (a reference). Ops
that take the cell through a `ref_inputs` slot write it; all other consumers receive its
current array (see client.executor).
"""

from __future__ import annotations

import threading

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.runtime import read_cell
from tinytf.framework.shape_text import (
    dimension_in_both_mismatch,
    dims_text,
    rank_mismatch,
    shapes_text,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.variable_locks import honours_use_locking


def _variable_infer(inputs, attrs):
    return attrs["dtype"], attrs["shape"]


@register_op("VariableV2", infer=_variable_infer, bind=True, stateful=True, ref_output=True)
def _variable_kernel(op, session):
    cell = session.variable_cell(op)
    return lambda: cell


def variable_op(shape, dtype, name) -> Tensor:
    """The reference tensor of a new variable (what `tf.Variable` wraps)."""
    attrs = {"shape": TensorShape(shape), "dtype": dtypes.as_dtype(dtype)}
    return get_default_graph().create_op("VariableV2", [], attrs, name=name).outputs[0]


def _ref_infer(op_type: str):
    """The shape rule of an op writing `value` into the variable `ref`, as TF words it."""

    def infer(inputs, attrs):
        ref, value = inputs
        if ref.dtype is not value.dtype:
            raise TypeError(
                f"Input 'value' of '{op_type}' Op has type {value.dtype.name} "
                f"that does not match type {ref.dtype.name} of argument 'ref'."
            )
        if not attrs.get("validate_shape", True):
            return ref.dtype, value.shape
        ref_dims, value_dims = ref.shape.as_tuple(), value.shape.as_tuple()
        shapes = f"for '{op_type}' with input shapes: {shapes_text(inputs)}."
        if ref_dims is not None and value_dims is not None:
            if len(ref_dims) != len(value_dims):
                raise ValueError(f"{rank_mismatch(len(ref_dims), len(value_dims))} {shapes}")
            for index, (ref_dim, value_dim) in enumerate(zip(ref_dims, value_dims, strict=True)):
                if None not in (ref_dim, value_dim) and ref_dim != value_dim:
                    raise ValueError(
                        f"{dimension_in_both_mismatch(index, ref_dim, value_dim)}. "
                        f"Shapes are {dims_text(ref_dims)} and "
                        f"{dims_text(value_dims)}. {shapes}"
                    )
        return ref.dtype, ref.shape.merge_with(value.shape)

    return infer


@register_op("Assign", infer=_ref_infer("Assign"), bind=True, ref_inputs=(0,), ref_output=True)
@honours_use_locking
def _assign_kernel(op, session):
    validate_shape = op.get_attr("validate_shape")
    dtype = op.outputs[0].dtype.as_numpy_dtype

    def assign(cell, value):
        if validate_shape and cell.value is not None and cell.value.shape != np.shape(value):
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Assign requires shapes of both tensors to match. lhs shape= "
                f"{list(cell.value.shape)} rhs shape= {list(np.shape(value))}",
            )
        # A fresh array: readers earlier in this run keep the value they read.
        cell.value = np.array(value, dtype=dtype, copy=True)
        return cell

    return assign


def _update_in_place(op, session, update):
    def kernel(cell, value):
        array = read_cell(cell)
        if array.shape != np.shape(value):
            raise errors.InvalidArgumentError(
                None,
                op,
                f"{op.type} requires shapes of both tensors to match. lhs shape= "
                f"{list(array.shape)} rhs shape= {list(np.shape(value))}",
            )
        update(array, value, out=array)
        return cell

    return kernel


@register_op(
    "AssignAdd", infer=_ref_infer("AssignAdd"), bind=True, ref_inputs=(0,), ref_output=True
)
@honours_use_locking
def _assign_add_kernel(op, session):
    return _update_in_place(op, session, np.add)


@register_op(
    "AssignSub", infer=_ref_infer("AssignSub"), bind=True, ref_inputs=(0,), ref_output=True
)
@honours_use_locking
def _assign_sub_kernel(op, session):
    return _update_in_place(op, session, np.subtract)


@register_op(
    "IsVariableInitialized",
    infer=lambda inputs, attrs: (dtypes.bool, TensorShape([])),
    ref_inputs=(0,),
)
def _is_variable_initialized_kernel(cell):
    return np.array(cell.value is not None)


for _op_type in ("VariableV2", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized"):
    NotDifferentiable(_op_type)


def _ref_of(ref):
    if hasattr(ref, "_variable"):
        return ref._variable
    if isinstance(ref, Tensor) and ref.op.type in (
        "VariableV2",
        "Assign",
        "AssignAdd",
        "AssignSub",
    ):
        return ref
    raise TypeError(f"'{ref}' is not a variable: only variables can be assigned to.")


def _write(op_type: str, ref, value, name, attrs=None) -> Tensor:
    ref = _ref_of(ref)
    with name_scope(name, op_type, [ref, value]) as scope:
        if not isinstance(value, Tensor) and not hasattr(value, "_as_graph_element"):
            try:
                value = convert_to_tensor(value, dtype=ref.dtype, name="value")
            except TypeError as error:
                raise TypeError(
                    f"Expected {ref.dtype.name} passed to parameter 'value' of op "
                    f"'{op_type}', got {value!r} of type '{type(value).__name__}' "
                    f"instead. Error: {error}"
                ) from None
        value = convert_to_tensor(value, name="value")
        return get_default_graph().create_op(op_type, [ref, value], attrs, name=scope).outputs[0]


def assign(ref, value, validate_shape=None, use_locking=None, name=None) -> Tensor:
    """Writes `value` into the variable `ref`; returns the variable after the write.

    As TensorFlow's Assign op, it locks the variable unless `use_locking` is False.
    """
    attrs = {
        "validate_shape": True if validate_shape is None else bool(validate_shape),
        "use_locking": True if use_locking is None else bool(use_locking),
    }
    return _write("Assign", ref, value, name, attrs)


def assign_add(ref, value, use_locking=None, name=None) -> Tensor:
    """`ref += value`; with `use_locking`, concurrent updates of `ref` never interleave."""
    return _write("AssignAdd", ref, value, name, {"use_locking": bool(use_locking)})


def assign_sub(ref, value, use_locking=None, name=None) -> Tensor:
    """`ref -= value`; with `use_locking`, concurrent updates of `ref` never interleave."""
    return _write("AssignSub", ref, value, name, {"use_locking": bool(use_locking)})


def is_variable_initialized(variable) -> Tensor:
    ref = _ref_of(variable)
    return (
        get_default_graph()
        .create_op("IsVariableInitialized", [ref], name="IsVariableInitialized")
        .outputs[0]
    )


@register_op(
    "CountUpTo",
    infer=lambda inputs, attrs: (inputs[0].dtype, TensorShape([])),
    bind=True,
    ref_inputs=(0,),
    stateful=True,
)
def _count_up_to_kernel(op, session):
    limit = op.get_attr("limit")

    def count_up_to(cell):
        # Queue runner threads count epochs at once: the read and the write are one step.
        with _counting:
            before = read_cell(cell)
            if before >= limit:
                raise errors.OutOfRangeError(None, op, f"Reached limit of {limit}")
            cell.value = before + 1
            return np.array(before)

    return count_up_to


NotDifferentiable("CountUpTo")
_counting = threading.Lock()


def count_up_to(ref, limit, name=None) -> Tensor:
    """`tf.count_up_to`: the variable's value before adding one; OutOfRangeError once it
    has reached `limit`."""
    ref = _ref_of(ref)
    if not ref.dtype.is_integer:
        raise TypeError(
            f"Value passed to parameter 'ref' has DataType {ref.dtype.name} not in "
            "list of allowed values: int32, int64"
        )
    return (
        get_default_graph()
        .create_op("CountUpTo", [ref], {"limit": int(limit)}, name=name or "CountUpTo")
        .outputs[0]
    )
