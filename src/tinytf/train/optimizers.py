"""TF 1.x's optimizers: gradient descent, Momentum, Adagrad, Adadelta, RMSProp and Adam.

Each one names its hyper-parameter tensors, creates its slots and applies one fused
update op per variable (see ops.training_ops for the formulas). As in TensorFlow, Python
numbers become float32 tensors and are cast to each variable's dtype.
"""

from __future__ import annotations

from tinytf.framework.graph import control_dependencies, get_default_graph
from tinytf.ops import adaptive_training_ops, control_flow_ops, training_ops
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_ops import cast
from tinytf.train.optimizer import Optimizer


def _as_dtype_of(tensor, var):
    return cast(tensor, var.dtype.base_dtype)


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * gradient."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(
            self._call_if_callable(self._learning_rate), name="learning_rate"
        )

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, _as_dtype_of(self._learning_rate_tensor, var), grad, use_locking=self._use_locking
        ).op


class MomentumOptimizer(Optimizer):
    """accumulation = momentum * accumulation + gradient;
    var -= learning_rate * accumulation (or the Nesterov look-ahead step)."""

    def __init__(
        self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False
    ) -> None:
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list) -> None:
        for var in var_list:
            self._zeros_slot(var, "momentum", self._name)

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(
            self._call_if_callable(self._learning_rate), name="learning_rate"
        )
        self._momentum_tensor = convert_to_tensor(
            self._call_if_callable(self._momentum), name="momentum"
        )

    def _apply_dense(self, grad, var):
        return training_ops.apply_momentum(
            var,
            self.get_slot(var, "momentum"),
            _as_dtype_of(self._learning_rate_tensor, var),
            grad,
            _as_dtype_of(self._momentum_tensor, var),
            use_locking=self._use_locking,
            use_nesterov=self._use_nesterov,
        ).op


class AdagradOptimizer(Optimizer):
    """accumulator += gradient^2; var -= learning_rate * gradient / sqrt(accumulator)."""

    def __init__(
        self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"
    ) -> None:
        if initial_accumulator_value <= 0.0:
            raise ValueError(
                f"initial_accumulator_value must be positive: {initial_accumulator_value}"
            )
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list) -> None:
        for var in var_list:
            self._get_or_make_slot(var, self._initial_accumulator_value, "accumulator", self._name)

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(
            self._call_if_callable(self._learning_rate), name="learning_rate"
        )

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad(
            var,
            self.get_slot(var, "accumulator"),
            _as_dtype_of(self._learning_rate_tensor, var),
            grad,
            use_locking=self._use_locking,
        ).op


class AdadeltaOptimizer(Optimizer):
    """Adadelta: steps scaled by the ratio of running RMS of updates and of gradients."""

    def __init__(
        self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"
    ) -> None:
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon

    def _create_slots(self, var_list) -> None:
        for var in var_list:
            self._zeros_slot(var, "accum", self._name)
            self._zeros_slot(var, "accum_update", self._name)

    def _prepare(self) -> None:
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="lr")
        self._rho_t = convert_to_tensor(self._call_if_callable(self._rho), name="rho")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        return adaptive_training_ops.apply_adadelta(
            var,
            self.get_slot(var, "accum"),
            self.get_slot(var, "accum_update"),
            _as_dtype_of(self._lr_t, var),
            _as_dtype_of(self._rho_t, var),
            _as_dtype_of(self._epsilon_t, var),
            grad,
            use_locking=self._use_locking,
        ).op


class RMSPropOptimizer(Optimizer):
    """RMSProp: gradients divided by a running RMS of their past values (slot "rms",
    which starts at one), with optional momentum and centering (slot "mg")."""

    def __init__(
        self,
        learning_rate,
        decay=0.9,
        momentum=0.0,
        epsilon=1e-10,
        use_locking=False,
        centered=False,
        name="RMSProp",
    ) -> None:
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered

    def _create_slots(self, var_list) -> None:
        for var in var_list:
            self._get_or_make_slot(var, 1.0, "rms", self._name)
            if self._centered:
                self._zeros_slot(var, "mg", self._name)
            self._zeros_slot(var, "momentum", self._name)

    def _prepare(self) -> None:
        hyper = self._call_if_callable
        self._learning_rate_tensor = convert_to_tensor(
            hyper(self._learning_rate), name="learning_rate"
        )
        self._decay_tensor = convert_to_tensor(hyper(self._decay), name="decay")
        self._momentum_tensor = convert_to_tensor(hyper(self._momentum), name="momentum")
        self._epsilon_tensor = convert_to_tensor(hyper(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        hyper_parameters = [
            _as_dtype_of(tensor, var)
            for tensor in (
                self._learning_rate_tensor,
                self._decay_tensor,
                self._momentum_tensor,
                self._epsilon_tensor,
            )
        ]
        rms, momentum = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            return adaptive_training_ops.apply_centered_rms_prop(
                var,
                self.get_slot(var, "mg"),
                rms,
                momentum,
                *hyper_parameters,
                grad,
                use_locking=self._use_locking,
            ).op
        return adaptive_training_ops.apply_rms_prop(
            var, rms, momentum, *hyper_parameters, grad, use_locking=self._use_locking
        ).op


class AdamOptimizer(Optimizer):
    """Adam (Kingma and Ba, 2015) in TensorFlow's form: the bias corrections are folded
    into the step size through the non-slot variables beta1_power and beta2_power."""

    def __init__(
        self,
        learning_rate=0.001,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        use_locking=False,
        name="Adam",
    ) -> None:
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon

    def _get_beta_accumulators(self):
        graph = get_default_graph()
        return (
            self._get_non_slot_variable("beta1_power", graph=graph),
            self._get_non_slot_variable("beta2_power", graph=graph),
        )

    def _create_slots(self, var_list) -> None:
        # The beta powers live beside the variable that sorts first by name, as in TF.
        first_var = min(var_list, key=lambda var: var.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for var in var_list:
            self._zeros_slot(var, "m", self._name)
            self._zeros_slot(var, "v", self._name)

    def _prepare(self) -> None:
        hyper = self._call_if_callable
        self._lr_t = convert_to_tensor(hyper(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(hyper(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(hyper(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(hyper(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        scalars = [
            _as_dtype_of(tensor, var)
            for tensor in (
                beta1_power,
                beta2_power,
                self._lr_t,
                self._beta1_t,
                self._beta2_t,
                self._epsilon_t,
            )
        ]
        return adaptive_training_ops.apply_adam(
            var,
            self.get_slot(var, "m"),
            self.get_slot(var, "v"),
            *scalars,
            grad,
            use_locking=self._use_locking,
        ).op

    def _finish(self, update_ops, name_scope):
        with control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = beta1_power.assign(
                beta1_power * self._beta1_t, use_locking=self._use_locking
            )
            update_beta2 = beta2_power.assign(
                beta2_power * self._beta2_t, use_locking=self._use_locking
            )
        return control_flow_ops.group(*update_ops, update_beta1, update_beta2, name=name_scope)
