"""The Optimizer base class of tf.train: gradients, slot variables and the train op."""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import (
    GraphKeys,
    Operation,
    Tensor,
    control_dependencies,
    get_default_graph,
    name_scope,
)
from tinytf.ops import array_ops, control_flow_ops, gradients_impl, state_ops
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.variables import Variable, trainable_variables

_VALID_DTYPES = (dtypes.float32, dtypes.float64, dtypes.float16)


class Optimizer:
    """Base class of the optimizers, as TF 1.x's `tf.train.Optimizer`.

    Subclasses create their slots in `_create_slots`, turn hyper-parameters into tensors
    in `_prepare`, and build one fused update op per variable in `_apply_dense`.

    Differences from TensorFlow: gradients are dense tensors (no IndexedSlices), and
    `use_locking`, `aggregation_method` and `colocate_gradients_with_ops` change nothing.
    Every update of a step reads the weights from before the step, as in TF.
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str) -> None:
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict[Variable, Variable]] = {}
        self._non_slot_dict: dict[tuple, Variable] = {}

    def get_name(self) -> str:
        return self._name

    def minimize(
        self,
        loss,
        global_step=None,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        name=None,
        grad_loss=None,
    ) -> Operation:
        """compute_gradients then apply_gradients: the op that takes one training step."""
        grads_and_vars = self.compute_gradients(
            loss,
            var_list=var_list,
            gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops,
            grad_loss=grad_loss,
        )
        if all(grad is None for grad, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do "
                "not support gradients, between variables "
                f"{[str(var) for _, var in grads_and_vars]} and loss {loss}."
            )
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(
        self,
        loss,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        grad_loss=None,
    ) -> list[tuple]:
        """[(gradient of `loss`, variable)] for `var_list` (default: trainable variables).

        A gradient is None where the variable does not affect the loss. A callable `loss`
        is called to build the loss.
        """
        if callable(loss) and get_default_graph().executes_eagerly:
            return self._compute_gradients_eagerly(loss, var_list, grad_loss)
        if callable(loss):
            loss = loss()
        if gate_gradients not in (self.GATE_NONE, self.GATE_OP, self.GATE_GRAPH):
            raise ValueError(
                "gate_gradients must be one of: Optimizer.GATE_NONE, "
                "Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not "
                f"{gate_gradients}"
            )
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = trainable_variables()
        else:
            var_list = list(_flatten(var_list))
        if not var_list:
            raise ValueError("No variables to optimize.")
        for var in var_list:
            if not isinstance(var, (Variable, Tensor)):
                raise NotImplementedError("Trying to optimize unsupported type ", var)
        targets = [var._ref() if isinstance(var, Variable) else var for var in var_list]
        grads = gradients_impl.gradients(
            loss,
            targets,
            grad_ys=grad_loss,
            gate_gradients=gate_gradients == self.GATE_OP,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops,
        )
        if gate_gradients == self.GATE_GRAPH:
            grads = control_flow_ops.tuple(grads)
        grads_and_vars = list(zip(grads, var_list, strict=True))
        self._assert_valid_dtypes([var for grad, var in grads_and_vars if grad is not None])
        return grads_and_vars

    def _compute_gradients_eagerly(self, loss, var_list, grad_loss) -> list[tuple]:
        """In eager mode: the loss function run under a gradient tape."""
        from tinytf.eager.backprop import GradientTape

        with GradientTape() as tape:
            if var_list is not None:
                tape.watch(var_list)
            loss_value = loss()
        var_list = list(var_list) if var_list is not None else list(tape.watched_variables())
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = tape.gradient(loss_value, var_list, output_gradients=grad_loss)
        return list(zip(grads, var_list, strict=True))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None) -> Operation:
        """The op applying each (gradient, variable) pair, then incrementing global_step.

        Pairs whose gradient is None are skipped. The op is added to the TRAIN_OP
        collection.
        """
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for grad, var in grads_and_vars:
            if grad is not None:
                try:
                    grad = convert_to_tensor(grad)
                except (TypeError, ValueError):
                    raise TypeError(
                        "Gradient must be convertible to a Tensor or "
                        f"IndexedSlices, or None: {grad}"
                    ) from None
            if not isinstance(var, Variable):
                raise NotImplementedError("Trying to update a Tensor ", var)
            converted.append((grad, var))
        var_list = [var for grad, var in converted if grad is not None]
        if not var_list:
            raise ValueError(
                f"No gradients provided for any variable: {[str(var) for _, var in converted]}."
            )
        self._create_slots(var_list)
        update_ops = []
        with name_scope(name, self._name) as scope:
            self._prepare()
            for grad, var in converted:
                if grad is None:
                    continue
                with name_scope("update_" + var.op.name):
                    update_ops.append(self._update_op(grad, var))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with control_dependencies([self._finish(update_ops, "update")]):
                    apply_updates = state_ops.assign_add(global_step, 1, name=scope).op
        train_ops = get_default_graph().get_collection_ref(GraphKeys.TRAIN_OP)
        if apply_updates not in train_ops:
            train_ops.append(apply_updates)
        return apply_updates

    def _update_op(self, grad: Tensor, var: Variable) -> Operation:
        update = self._apply_dense(grad, var)
        if var.constraint is None:
            return update
        with control_dependencies([update]):
            return var.assign(var.constraint(var)).op

    # Slots ----------------------------------------------------------------------------
    def get_slot(self, var, name: str):
        """The slot variable `name` (e.g. "m") created for `var`, or None."""
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self) -> list[str]:
        return sorted(self._slots)

    def variables(self) -> list[Variable]:
        """The optimizer's own variables (slots, beta powers) in the default graph, by name."""
        graph = get_default_graph()
        own = [v for (_, v_graph), v in self._non_slot_dict.items() if v_graph is graph]
        own += [
            slot for slots in self._slots.values() for slot in slots.values() if slot.graph is graph
        ]
        return sorted(own, key=lambda variable: variable.name)

    def _slot_dict(self, slot_name: str) -> dict:
        return self._slots.setdefault(slot_name, {})

    def _zeros_slot(self, var: Variable, slot_name: str, op_name: str) -> Variable:
        return self._get_or_make_slot(var, 0.0, slot_name, op_name)

    def _get_or_make_slot(
        self, var: Variable, fill_value: float, slot_name: str, op_name: str
    ) -> Variable:
        """The slot `slot_name` of `var`: a non-trainable variable named "<var>/<op_name>"
        (uniquified: "w/Adam_1"), of var's shape and dtype, filled with `fill_value`."""
        slots = self._slot_dict(slot_name)
        if var not in slots:
            slots[var] = create_slot(var, fill_value, op_name)
        return slots[var]

    def _create_non_slot_variable(self, initial_value, name: str, colocate_with) -> Variable:
        """A variable of the optimizer not tied to one variable (Adam's beta1_power)."""
        key = (name, colocate_with.graph)
        if key not in self._non_slot_dict:
            self._non_slot_dict[key] = Variable(initial_value, name=name, trainable=False)
        return self._non_slot_dict[key]

    def _get_non_slot_variable(self, name: str, graph=None):
        graph = graph or get_default_graph()
        # In a traced function the variables live in the eager graph around it.
        graph = getattr(graph, "outer_graph", graph)
        return self._non_slot_dict.get((name, graph))

    # Hooks for subclasses -------------------------------------------------------------
    def _create_slots(self, var_list: list) -> None:
        """Creates the slot variables of each variable in `var_list`."""

    def _prepare(self) -> None:
        """Creates the hyper-parameter tensors, in the optimizer's name scope."""

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        raise NotImplementedError()

    def _finish(self, update_ops: list, name_scope: str) -> Operation:
        return control_flow_ops.group(*update_ops, name=name_scope)

    @staticmethod
    def _call_if_callable(param):
        return param() if callable(param) else param

    def _assert_valid_dtypes(self, tensors) -> None:
        for tensor in tensors:
            dtype = tensor.dtype.base_dtype
            if dtype not in _VALID_DTYPES:
                raise ValueError(
                    f"Invalid type {dtype!r} for {tensor.name}, expected: {list(_VALID_DTYPES)}."
                )


def create_slot(primary, initial_value, name: str) -> Variable:
    """A non-trainable variable "<primary>/<name>" for `primary` (a variable or a tensor),
    created at the top name scope, outside any control dependencies. `initial_value` is
    a tensor, or a number filling primary's shape."""
    graph = primary.graph
    slot_name = f"{primary.op.name}/{name}"
    with graph.as_default(), graph.name_scope(None):
        if isinstance(initial_value, (Tensor, Variable)):
            return Variable(
                initial_value,
                trainable=False,
                name=slot_name,
                validate_shape=initial_value.shape.is_fully_defined(),
            )
        return Variable(
            _filled_like(primary, initial_value),
            trainable=False,
            name=slot_name,
            dtype=primary.dtype.base_dtype,
            validate_shape=primary.shape.is_fully_defined(),
        )


def _filled_like(primary, fill_value: float):
    """The initializer of a slot filled with `fill_value`, named as TF names it."""
    dtype = primary.dtype.base_dtype
    initializer_name = {0: "zeros", 1: "ones"}.get(fill_value, "Const")

    def initial_value():
        if primary.shape.is_fully_defined():
            return constant(
                fill_value, dtype=dtype, shape=primary.shape.as_list(), name=initializer_name
            )
        return array_ops.fill(
            array_ops.shape(primary), constant(fill_value, dtype=dtype), name=initializer_name
        )

    return initial_value


def _flatten(structure):
    if isinstance(structure, (list, tuple)):
        for item in structure:
            yield from _flatten(item)
    elif isinstance(structure, dict):
        for key in sorted(structure):
            yield from _flatten(structure[key])
    else:
        yield structure
