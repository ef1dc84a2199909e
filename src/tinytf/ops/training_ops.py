"""Fused optimizer updates (ApplyAdam, ApplyMomentum, ...) that rewrite variables in place.

Each op takes the variable and its slots by reference (`ref_inputs`), updates their
arrays in place with TensorFlow's formulas (tensorflow/core/kernels/training_ops.cc), and
outputs the variable. Scalar hyper-parameters arrive as 0-d arrays of the variable's
dtype, so float32 training stays in float32. A bound kernel keeps one or two work buffers
for its lifetime: a training step allocates no array of the variable's size.
"""

from __future__ import annotations

import threading

import numpy as np

from tinytf.framework import common_shapes, errors
from tinytf.framework.graph import Tensor, get_default_graph
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.runtime import read_cell
from tinytf.framework.shape_text import dimension_in_both_mismatch, rank_mismatch, rank_required
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import is_tensor_like
from tinytf.ops.variable_locks import honours_use_locking

# Input names of each op type, in TensorFlow's order. The first `_REF_COUNTS[op_type]`
# are variables; "grad" and "delta" have the variable's shape; the rest are scalars.
_INPUTS = {
    "ApplyGradientDescent": ("var", "alpha", "delta"),
    "ApplyMomentum": ("var", "accum", "lr", "grad", "momentum"),
    "ApplyAdagrad": ("var", "accum", "lr", "grad"),
    "ApplyAdadelta": ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"),
    "ApplyRMSProp": ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    "ApplyCenteredRMSProp": ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    "ApplyAdam": (
        "var",
        "m",
        "v",
        "beta1_power",
        "beta2_power",
        "lr",
        "beta1",
        "beta2",
        "epsilon",
        "grad",
    ),
}
_REF_COUNTS = {
    "ApplyGradientDescent": 1,
    "ApplyMomentum": 2,
    "ApplyAdagrad": 2,
    "ApplyAdadelta": 3,
    "ApplyRMSProp": 3,
    "ApplyCenteredRMSProp": 4,
    "ApplyAdam": 3,
}
_FULL_SIZE_INPUTS = ("grad", "delta")


def _apply_infer(op_type: str):
    """The shape rule of `op_type`: every input of the variable's dtype, slots and gradient
    of its shape, hyper-parameters scalar. Output: the variable."""
    names = _INPUTS[op_type]
    ref_count = _REF_COUNTS[op_type]

    def infer(inputs, attrs):
        var = inputs[0]
        common_shapes.check_same_dtype(op_type, inputs, names)
        for index, (name, tensor) in enumerate(zip(names, inputs, strict=True)):
            if index < ref_count or name in _FULL_SIZE_INPUTS:
                _check_same_shape(var.shape, tensor.shape, op_type)
            elif tensor.shape.ndims not in (None, 0):
                raise ValueError(
                    f"{rank_required(0, tensor.shape.ndims)} for input '{name}' of '{op_type}'."
                )
        return var.dtype, var.shape

    return infer


def _register_apply(op_type: str, **facts):
    """register_op for an Apply* kernel: bound once per op (it keeps its work buffers),
    taking the variable and its slots by reference and outputting the variable."""
    return register_op(
        op_type,
        infer=_apply_infer(op_type),
        bind=True,
        ref_inputs=tuple(range(_REF_COUNTS[op_type])),
        ref_output=True,
        **facts,
    )


def _check_same_shape(var_shape, other_shape, op_type: str) -> None:
    """TensorFlow's ValueError unless a slot or gradient can have the variable's shape."""
    var_dims, other_dims = var_shape.as_tuple(), other_shape.as_tuple()
    if var_dims is None or other_dims is None:
        return
    if len(var_dims) != len(other_dims):
        raise ValueError(f"{rank_mismatch(len(var_dims), len(other_dims))} for '{op_type}'.")
    for index, (size, other_size) in enumerate(zip(var_dims, other_dims, strict=True)):
        if size is not None and other_size is not None and size != other_size:
            raise ValueError(
                f"{dimension_in_both_mismatch(index, size, other_size)}. "
                f"Shapes are {list(var_dims)} and "
                f"{list(other_dims)}. for '{op_type}'."
            )


def _apply(op_type: str, inputs: list, attrs: dict, name) -> Tensor:
    refs = [getattr(ref, "_variable", ref) for ref in inputs[: _REF_COUNTS[op_type]]]
    for ref in refs:
        if not isinstance(ref, Tensor) or not ref.op.op_def.ref_output:
            raise TypeError(f"'{op_type}' updates variables in place: '{ref}' is not a variable.")
    # Python numbers and lists take the variable's dtype; tensors keep theirs.
    values = [
        convert_to_tensor(value)
        if is_tensor_like(value)
        else convert_to_tensor(value, dtype=refs[0].dtype)
        for value in inputs[len(refs) :]
    ]
    return (
        get_default_graph()
        .create_op(op_type, refs + values, attrs, name=name or op_type)
        .outputs[0]
    )


class _Workspace(threading.local):
    """Work buffers shaped like the variable, kept between runs of one bound kernel.

    Each thread has its own: sessions may run the same training step concurrently.
    """

    def __init__(self) -> None:
        self.buffers: list[np.ndarray] = []

    def get(self, like: np.ndarray, count: int = 1) -> list[np.ndarray]:
        if not self.buffers or self.buffers[0].shape != like.shape:
            self.buffers = [np.empty_like(like) for _ in range(count)]
        return self.buffers


def _read_all(op, cells, grad) -> list[np.ndarray]:
    """The arrays of the variable and its slots, checked against the gradient's shape."""
    arrays = [read_cell(cell) for cell in cells]
    names = _INPUTS[op.type]
    for name, array in zip(names[1:], arrays[1:], strict=False):
        if array.shape != arrays[0].shape:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"var and {name} do not have the same shape"
                f"{list(arrays[0].shape)} {list(array.shape)}",
            )
    if np.shape(grad) != arrays[0].shape:
        raise errors.InvalidArgumentError(
            None,
            op,
            f"var and grad do not have the same shape{list(arrays[0].shape)} "
            f"{list(np.shape(grad))}",
        )
    return arrays


# Plain gradient descent: var -= alpha * delta.


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None) -> Tensor:
    return _apply("ApplyGradientDescent", [var, alpha, delta], {"use_locking": use_locking}, name)


def _apply_gradient_descent_into_delta_kernel(op, session):
    # The same update, computed in delta's buffer when the plan no longer needs it: one
    # buffer of the variable's size less to bring into the cache.
    def apply_gradient_descent_into_delta(var_cell, alpha, delta):
        var = var_cell.value
        if var is None or var.shape != getattr(delta, "shape", None):
            (var,) = _read_all(op, [var_cell], delta)
        var -= np.multiply(delta, alpha, out=delta)
        return var_cell

    return apply_gradient_descent_into_delta


@_register_apply(
    "ApplyGradientDescent",
    inplace=(2, honours_use_locking(_apply_gradient_descent_into_delta_kernel)),
)
@honours_use_locking
def _apply_gradient_descent_kernel(op, session):
    workspace = _Workspace()

    def apply_gradient_descent(var_cell, alpha, delta):
        var = var_cell.value
        if var is None or var.shape != getattr(delta, "shape", None):
            (var,) = _read_all(op, [var_cell], delta)  # raises TensorFlow's error
        (step,) = workspace.get(var)
        np.multiply(delta, alpha, out=step)
        var -= step
        return var_cell

    return apply_gradient_descent


# Momentum: accum = accum * momentum + grad; var -= lr * accum, or with Nesterov
# var -= grad * lr + accum * momentum * lr.


def apply_momentum(
    var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False, name=None
) -> Tensor:
    return _apply(
        "ApplyMomentum",
        [var, accum, lr, grad, momentum],
        {"use_locking": use_locking, "use_nesterov": use_nesterov},
        name,
    )


@_register_apply("ApplyMomentum")
@honours_use_locking
def _apply_momentum_kernel(op, session):
    use_nesterov = op.get_attr("use_nesterov")
    workspace = _Workspace()

    def apply_momentum(var_cell, accum_cell, lr, grad, momentum):
        var, accum = _read_all(op, [var_cell, accum_cell], grad)
        (step,) = workspace.get(var)
        accum *= momentum
        accum += grad
        if use_nesterov:
            np.multiply(accum, momentum, out=step)
            step += grad
            step *= lr
        else:
            np.multiply(accum, lr, out=step)
        var -= step
        return var_cell

    return apply_momentum


# Adagrad: accum += grad^2; var -= lr * grad / sqrt(accum).


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None) -> Tensor:
    return _apply(
        "ApplyAdagrad",
        [var, accum, lr, grad],
        {"use_locking": use_locking, "update_slots": update_slots},
        name,
    )


@_register_apply("ApplyAdagrad")
@honours_use_locking
def _apply_adagrad_kernel(op, session):
    update_slots = op.get_attr("update_slots")
    workspace = _Workspace()

    def apply_adagrad(var_cell, accum_cell, lr, grad):
        var, accum = _read_all(op, [var_cell, accum_cell], grad)
        (step,) = workspace.get(var)
        if update_slots:
            np.square(grad, out=step)
            accum += step
        np.sqrt(accum, out=step)
        np.divide(grad, step, out=step)
        step *= lr
        var -= step
        return var_cell

    return apply_adagrad


for _op_type in ("ApplyGradientDescent", "ApplyMomentum", "ApplyAdagrad"):
    NotDifferentiable(_op_type)
