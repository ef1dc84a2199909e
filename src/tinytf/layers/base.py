"""`tf.layers.Layer`: a callable that creates its variables on first call, in its own scope.

As in TF 1.x, a layer named by the caller (`name="foo"` in the functional form) uses the
variable scope `foo` exactly; an unnamed one gets a unique scope (`dense`, `dense_1`...).
Calling a built layer again shares its variables and re-enters its name scope.
"""

from __future__ import annotations

import re
import weakref

import numpy as np

from tinytf.framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from tinytf.framework.tensor_util import constant_value
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor

_layer_name_counts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _snake_case(name: str) -> str:
    # Keras's rule: a capital starting a lowercase run or following a lowercase letter
    # starts a word, so Conv2D is conv2d and MaxPooling2D is max_pooling2d.
    words = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", words).lower()


def _unique_layer_name(base_name: str) -> str:
    """`base_name`, then `base_name_1`, `base_name_2`... for each new layer in a graph."""
    counts = _layer_name_counts.setdefault(get_default_graph(), {})
    count = counts.get(base_name, 0)
    counts[base_name] = count + 1
    return base_name if count == 0 else f"{base_name}_{count}"


def static_training(training):
    """True or False if `training` is known while building the graph, else None."""
    if isinstance(training, (bool, np.bool_)):
        return bool(training)
    if isinstance(training, Tensor) or hasattr(training, "_as_graph_element"):
        value = constant_value(training) if isinstance(training, Tensor) else None
        return None if value is None else bool(value)
    return bool(training)


class Layer:
    """Base class: subclasses implement `build(input_shape)` and `call(inputs, ...)`.

    `build` creates variables with `add_weight`; `call` computes the outputs. Updates
    (such as batch norm's moving averages) go to `updates` and the UPDATE_OPS collection;
    regularization losses to `losses` and REGULARIZATION_LOSSES.
    """

    def __init__(
        self,
        trainable=True,
        name=None,
        dtype=None,
        activity_regularizer=None,
        _scope=None,
        _reuse=None,
        **kwargs,
    ):
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {', '.join(sorted(kwargs))}")
        self.trainable = trainable
        self.built = False
        self.dtype = dtype
        self.activity_regularizer = activity_regularizer
        self._reuse = _reuse
        self._base_name = name or _snake_case(type(self).__name__)
        self._name = name or _unique_layer_name(self._base_name)
        self._scope = None
        if _scope is not None:
            with vs.variable_scope(_scope) as captured:
                self._scope = captured
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._updates: list = []
        self._losses: list = []

    name = property(lambda self: self._name)
    scope_name = property(lambda self: self._scope.name if self._scope else None)
    trainable_weights = property(lambda self: list(self._trainable_weights))
    non_trainable_weights = property(lambda self: list(self._non_trainable_weights))
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights
    updates = property(lambda self: list(self._updates))
    losses = property(lambda self: list(self._losses))

    def build(self, input_shape) -> None:
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        self._set_scope(kwargs.pop("scope", None))
        reuse = True if self.built else self._reuse
        with vs.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            with name_scope(scope.original_name_scope):
                inputs = convert_to_tensor(inputs, name="inputs")
                if not self.built:
                    if self.dtype is None:
                        self.dtype = inputs.dtype.base_dtype
                    self.build(inputs.shape)
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if self.activity_regularizer is not None:
                    with name_scope("ActivityRegularizer"):
                        self._add_loss(self.activity_regularizer(outputs))
        return outputs

    apply = __call__

    def _set_scope(self, scope=None) -> None:
        """Chooses the layer's variable scope once: its own name, or a unique default."""
        if self._scope is not None:
            return
        if self._reuse:
            with vs.variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with vs.variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    def add_weight(
        self,
        name,
        shape,
        dtype=None,
        initializer=None,
        regularizer=None,
        trainable=True,
        constraint=None,
    ):
        """A variable `scope/name` from `get_variable`; its regularizer loss is recorded."""
        graph = get_default_graph()
        losses_before = len(graph.get_collection(GraphKeys.REGULARIZATION_LOSSES))
        variable = vs.get_variable(
            name,
            shape=shape,
            dtype=dtype or self.dtype,
            initializer=initializer,
            regularizer=regularizer,
            trainable=trainable and self.trainable,
            constraint=constraint,
        )
        self._losses.extend(graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)[losses_before:])
        if trainable and self.trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    add_variable = add_weight

    def add_update(self, updates) -> None:
        """Records update ops and adds them to the UPDATE_OPS collection, as TF 1.x."""
        updates = updates if isinstance(updates, (list, tuple)) else [updates]
        for update in updates:
            op = update.op if isinstance(update, Tensor) else update
            self._updates.append(op)
            get_default_graph().add_to_collection(GraphKeys.UPDATE_OPS, op)

    def _add_loss(self, loss) -> None:
        if loss is not None:
            self._losses.append(loss)
            get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)


def functional_layer(layer_class, arguments: dict, call_arguments=()):
    """`layer_class` built from a functional form's `arguments` (its `locals()`) and called
    on `arguments["inputs"]`, with the arguments named in `call_arguments` (`training`);
    `name` names the layer's scope, `reuse` shares its variables."""
    settings = dict(arguments)
    inputs, name, reuse = settings.pop("inputs"), settings.pop("name"), settings.pop("reuse")
    call_settings = {key: settings.pop(key) for key in call_arguments}
    layer = layer_class(name=name, _scope=name, _reuse=reuse, **settings)
    return layer(inputs, **call_settings)
