"""Exponential moving averages of variables (`tf.train.ExponentialMovingAverage`)."""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, Operation, get_default_graph, name_scope
from tinytf.ops import control_flow_ops, math_ops, state_ops
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.variables import (
    Variable,
    global_variables,
    moving_average_variables,
    trainable_variables,
)
from tinytf.train.optimizer import create_slot

_AVERAGEABLE_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64)


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (variable - value) * (1 - decay): the op updating a moving average.

    With `zero_debias`, the average is kept in a "biased" variable and divided by
    1 - decay^t, so that it does not lean towards its zero start.
    """
    with name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        one_minus_decay = convert_to_tensor(1.0 - decay, name="decay")
        if one_minus_decay.dtype != variable.dtype.base_dtype:
            one_minus_decay = math_ops.cast(one_minus_decay, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debiased_update(variable, value, one_minus_decay, scope)
        return state_ops.assign_sub(variable, (variable - value) * one_minus_decay, name=scope)


def _zero_debiased_update(unbiased, value, one_minus_decay, scope: str):
    prefix = unbiased.op.name
    biased = _zero_variable(f"{prefix}/biased", unbiased.shape, unbiased.dtype)
    local_step = _zero_variable(f"{prefix}/local_step", [], unbiased.dtype)
    update_biased = state_ops.assign_sub(biased, (biased - value) * one_minus_decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - math_ops.pow(1.0 - one_minus_decay, update_local_step)
    return state_ops.assign(unbiased, update_biased / bias_factor, name=scope)


def _zero_variable(name: str, shape, dtype) -> Variable:
    graph = get_default_graph()
    with graph.name_scope(None):
        return Variable(
            lambda: constant(0, dtype=dtype, shape=shape, name="zeros"),
            trainable=False,
            name=name,
            dtype=dtype,
        )


class ExponentialMovingAverage:
    """Keeps a shadow copy of variables that follows them with a decaying average.

    `apply(var_list)` creates, for each variable "w", a shadow variable
    "w/ExponentialMovingAverage" and returns the op that updates all of them:
    shadow -= (1 - decay) * (shadow - w). With `num_updates`, the decay used is
    min(decay, (1 + num_updates) / (10 + num_updates)), so averages move fast at first.

    A shadow starts at its variable's initial value. (TensorFlow starts it from the
    variable's current value when the variable is already initialised, through a tf.cond
    that tinytf does not have.)
    """

    def __init__(
        self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"
    ) -> None:
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict = {}

    name = property(lambda self: self._name)

    def apply(self, var_list=None) -> Operation:
        """The op updating the averages of `var_list` (default: the trainable variables).

        Variables are averaged from their initial value and added to the
        MOVING_AVERAGE_VARIABLES collection; tensors are averaged from zero (debiased if
        `zero_debias`).
        """
        var_list = trainable_variables() if var_list is None else list(var_list)
        zero_debiased = set()
        for var in var_list:
            if var.dtype.base_dtype not in _AVERAGEABLE_DTYPES:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var in self._averages:
                continue
            if isinstance(var, Variable):
                average = create_slot(var, var.initial_value, self._name)
                get_default_graph().add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
            else:
                average = create_slot(var, 0.0, self._name)
                if self._zero_debias:
                    zero_debiased.add(average)
            self._averages[var] = average
        with name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, dtype=dtypes.float32, name="decay")
            if self._num_updates is not None:
                num_updates = math_ops.cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [
                assign_moving_average(
                    self._averages[var], var, decay, self._averages[var] in zero_debiased
                )
                for var in var_list
            ]
            return control_flow_ops.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None if `apply` did not average it."""
        return self._averages.get(var)

    def average_name(self, var) -> str:
        """The name of `var`'s shadow variable, also before `apply` creates it."""
        if var in self._averages:
            return self._averages[var].op.name
        return get_default_graph().unique_name(f"{var.op.name}/{self._name}", mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None) -> dict:
        """{checkpoint name: variable}, mapping each averaged variable to its shadow's
        name: a Saver built from it restores the averages into the model's variables."""
        if moving_avg_variables is None:
            moving_avg_variables = trainable_variables() + moving_average_variables()
        averaged = list(dict.fromkeys(moving_avg_variables))
        name_map = {self.average_name(var): var for var in averaged}
        averaged_names = {var.name for var in averaged}
        for var in global_variables():
            if var.name not in averaged_names and var.op.name not in name_map:
                name_map[var.op.name] = var
        return name_map
