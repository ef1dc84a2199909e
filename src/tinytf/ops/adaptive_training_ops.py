"""Variable updates that adapt each weight's step from running statistics of its gradients:
ApplyAdadelta, ApplyRMSProp (and centered), ApplyAdam. The shared machinery (inputs,
shape rules, work buffers) is in training_ops."""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor
from tinytf.framework.registry import NotDifferentiable
from tinytf.ops.training_ops import _apply, _read_all, _register_apply, _Workspace
from tinytf.ops.variable_locks import honours_use_locking

# Adadelta: accum = rho * accum + (1 - rho) * grad^2;
# update = sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * grad; var -= lr * update;
# accum_update = rho * accum_update + (1 - rho) * update^2.


def apply_adadelta(
    var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False, name=None
) -> Tensor:
    return _apply(
        "ApplyAdadelta",
        [var, accum, accum_update, lr, rho, epsilon, grad],
        {"use_locking": use_locking},
        name,
    )


@_register_apply("ApplyAdadelta")
@honours_use_locking
def _apply_adadelta_kernel(op, session):
    workspace = _Workspace()

    def apply_adadelta(var_cell, accum_cell, accum_update_cell, lr, rho, epsilon, grad):
        var, accum, accum_update = _read_all(op, [var_cell, accum_cell, accum_update_cell], grad)
        update, scratch = workspace.get(var, count=2)
        accum *= rho
        np.square(grad, out=scratch)
        scratch *= 1 - rho
        accum += scratch
        np.add(accum_update, epsilon, out=update)
        np.sqrt(update, out=update)
        np.add(accum, epsilon, out=scratch)
        np.sqrt(scratch, out=scratch)
        np.divide(update, scratch, out=update)
        update *= grad
        np.multiply(update, lr, out=scratch)
        var -= scratch
        accum_update *= rho
        np.square(update, out=update)
        update *= 1 - rho
        accum_update += update
        return var_cell

    return apply_adadelta


# RMSProp: ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + eps);
# var -= mom. The centered variant also tracks mg, the mean gradient, and divides by
# sqrt(ms - mg^2 + eps).


def apply_rms_prop(
    var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None
) -> Tensor:
    return _apply(
        "ApplyRMSProp",
        [var, ms, mom, lr, rho, momentum, epsilon, grad],
        {"use_locking": use_locking},
        name,
    )


def apply_centered_rms_prop(
    var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None
) -> Tensor:
    return _apply(
        "ApplyCenteredRMSProp",
        [var, mg, ms, mom, lr, rho, momentum, epsilon, grad],
        {"use_locking": use_locking},
        name,
    )


def _rms_prop_step(var, ms, mom, mg, lr, rho, momentum, epsilon, grad, step) -> None:
    np.square(grad, out=step)
    step -= ms
    step *= 1 - rho
    ms += step
    if mg is None:
        np.add(ms, epsilon, out=step)
    else:
        np.subtract(grad, mg, out=step)
        step *= 1 - rho
        mg += step
        np.square(mg, out=step)
        np.subtract(ms, step, out=step)
        step += epsilon
    np.sqrt(step, out=step)
    np.divide(grad, step, out=step)
    step *= lr
    mom *= momentum
    mom += step
    var -= mom


@_register_apply("ApplyRMSProp")
@honours_use_locking
def _apply_rms_prop_kernel(op, session):
    workspace = _Workspace()

    def apply_rms_prop(var_cell, ms_cell, mom_cell, lr, rho, momentum, epsilon, grad):
        var, ms, mom = _read_all(op, [var_cell, ms_cell, mom_cell], grad)
        (step,) = workspace.get(var)
        _rms_prop_step(var, ms, mom, None, lr, rho, momentum, epsilon, grad, step)
        return var_cell

    return apply_rms_prop


@_register_apply("ApplyCenteredRMSProp")
@honours_use_locking
def _apply_centered_rms_prop_kernel(op, session):
    workspace = _Workspace()

    def apply_centered_rms_prop(
        var_cell, mg_cell, ms_cell, mom_cell, lr, rho, momentum, epsilon, grad
    ):
        var, mg, ms, mom = _read_all(op, [var_cell, mg_cell, ms_cell, mom_cell], grad)
        (step,) = workspace.get(var)
        _rms_prop_step(var, ms, mom, mg, lr, rho, momentum, epsilon, grad, step)
        return var_cell

    return apply_centered_rms_prop


# Adam: lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); m += (grad - m) * (1 - beta1);
# v += (grad^2 - v) * (1 - beta2); var -= lr_t * m / (sqrt(v) + epsilon). With Nesterov,
# m in the last step becomes beta1 * m + (1 - beta1) * grad.


def apply_adam(
    var,
    m,
    v,
    beta1_power,
    beta2_power,
    lr,
    beta1,
    beta2,
    epsilon,
    grad,
    use_locking=False,
    use_nesterov=False,
    name=None,
) -> Tensor:
    return _apply(
        "ApplyAdam",
        [var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad],
        {"use_locking": use_locking, "use_nesterov": use_nesterov},
        name,
    )


@_register_apply("ApplyAdam")
@honours_use_locking
def _apply_adam_kernel(op, session):
    use_nesterov = op.get_attr("use_nesterov")
    workspace = _Workspace()

    def apply_adam(
        var_cell, m_cell, v_cell, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad
    ):
        var, m, v = var_cell.value, m_cell.value, v_cell.value
        if (
            var is None
            or m is None
            or v is None
            or not var.shape == m.shape == v.shape == getattr(grad, "shape", None)
        ):
            var, m, v = _read_all(op, [var_cell, m_cell, v_cell], grad)  # checks, raises
        # The hyper-parameters as NumPy scalars: the same float32 arithmetic as on 0-d
        # arrays, at a fraction of the cost per operation (six per variable and step).
        beta1_power, beta2_power, lr, beta1, beta2, epsilon = _scalars(
            beta1_power, beta2_power, lr, beta1, beta2, epsilon
        )
        buffers = workspace.get(var, count=2 if use_nesterov else 1)
        step = buffers[0]
        alpha = lr * np.sqrt(1 - beta2_power) / (1 - beta1_power)
        np.subtract(grad, m, out=step)
        step *= 1 - beta1
        m += step
        np.square(grad, out=step)
        step -= v
        step *= 1 - beta2
        v += step
        numerator = m
        if use_nesterov:
            numerator = buffers[1]
            np.multiply(grad, 1 - beta1, out=numerator)
            np.multiply(m, beta1, out=step)
            numerator += step
        np.sqrt(v, out=step)
        step += epsilon
        np.divide(numerator, step, out=step)
        step *= alpha
        var -= step
        return var_cell

    return apply_adam


def _scalars(*values) -> tuple:
    """0-d arrays as NumPy scalars of their dtype (other values unchanged)."""
    return tuple(value[()] if type(value) is np.ndarray else value for value in values)


for _op_type in ("ApplyAdadelta", "ApplyRMSProp", "ApplyCenteredRMSProp", "ApplyAdam"):
    NotDifferentiable(_op_type)
