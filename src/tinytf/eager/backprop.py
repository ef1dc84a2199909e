"""tf.GradientTape: records eager ops, then runs their registered gradient functions backwards.

The backward pass is graph mode's (`gradients_impl._backprop_op`) over the ops the tape
saw, in reverse order of execution: the same gradient functions, which build eager ops and
so compute at once. A tape open around another's gradient call records those ops too, which
is how nested tapes give second derivatives.
"""

from __future__ import annotations

import collections
import contextlib

from tinytf.eager.context import EagerTensor, executing_eagerly
from tinytf.framework import graph as graph_module
from tinytf.framework import nest
from tinytf.framework.runtime import VariableCell
from tinytf.ops import array_ops, gradients_impl
from tinytf.ops.variables import Variable


class UnconnectedGradients:
    NONE = "none"
    ZERO = "zero"


class GradientTape:
    """Records operations executed inside it for automatic differentiation, as TF's."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True) -> None:
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._ops: list = []
        self._watched: dict = {}  # id(tensor) -> tensor
        self._variables: dict = {}  # id(ref tensor) -> Variable
        self._recording = False
        self._used = False

    def __enter__(self) -> GradientTape:
        # In a graph (a traced function) there is nothing to record: gradient() then builds
        # the gradient ops as tf.gradients does.
        if executing_eagerly():
            graph_module.get_default_graph().tapes.append(self)
            self._recording = True
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._recording:
            graph_module.get_default_graph().tapes.remove(self)
            self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops run inside this block are not recorded."""
        if not self._recording:
            raise ValueError("Tape must be recording to stop recording.")
        self._stop()
        try:
            yield
        finally:
            graph_module.get_default_graph().tapes.append(self)
            self._recording = True

    def reset(self) -> None:
        """Forgets everything recorded so far."""
        self._ops.clear()
        self._watched.clear()
        self._variables.clear()

    def watch(self, tensor) -> None:
        """Traces gradients back to `tensor` (a tensor, a variable, or a nest of them)."""
        for element in nest.flatten(tensor):
            if isinstance(element, Variable):
                self._variables[id(element._variable)] = element
                element = element._variable
            self._watched[id(element)] = element

    def watched_variables(self) -> tuple:
        return tuple(self._variables.values())

    def _record(self, op) -> None:
        if self._watch_accessed_variables:
            for tensor in op._inputs:
                variable = _trainable_variable_of(tensor)
                if variable is not None and id(tensor) not in self._watched:
                    self._variables[id(tensor)] = variable
                    self._watched[id(tensor)] = tensor
        self._ops.append(op)

    def gradient(
        self,
        target,
        sources,
        output_gradients=None,
        unconnected_gradients=UnconnectedGradients.NONE,
    ):
        """The gradients of `target` with respect to `sources`, shaped as `sources`."""
        if self._used and not self._persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )
        self._used = True
        if not executing_eagerly():
            return self._graph_gradient(target, sources, output_gradients, unconnected_gradients)
        targets = [
            array_ops.identity(t) if isinstance(t, Variable) else t for t in nest.flatten(target)
        ]
        source_list = nest.flatten(sources)
        source_tensors = [s._variable if isinstance(s, Variable) else s for s in source_list]
        grads = collections.defaultdict(list)
        heads = output_gradients if output_gradients is not None else [None] * len(targets)
        # Inside the tape's block the gradient ops are recorded too, as in TensorFlow: a
        # persistent tape can then differentiate its own gradients.
        for index, (tensor, head) in enumerate(zip(targets, nest.flatten(heads), strict=True)):
            grads[tensor].append(gradients_impl._initial_gradient(tensor, head, index))
        for op in reversed(self._relevant_ops(source_tensors)):
            gradients_impl._backprop_op(op, grads)
        results = [self._result(grads, s, unconnected_gradients) for s in source_tensors]
        if not self._persistent and not self._recording:
            self._ops.clear()
        return nest.pack_sequence_as(sources, results)

    def _graph_gradient(self, target, sources, output_gradients, unconnected_gradients):
        source_list = nest.flatten(sources)
        results = gradients_impl.gradients(
            nest.flatten(target),
            [s._ref() if isinstance(s, Variable) else s for s in source_list],
            grad_ys=None if output_gradients is None else nest.flatten(output_gradients),
            unconnected_gradients=unconnected_gradients,
        )
        return nest.pack_sequence_as(sources, results)

    def _relevant_ops(self, sources: list) -> list:
        """The recorded ops that a watched source reaches, in execution order."""
        reached = {id(s) for s in sources if id(s) in self._watched}
        relevant = []
        for op in self._ops:
            if any(id(t) in reached for t in op._inputs):
                relevant.append(op)
                reached.update(id(t) for t in op._outputs)
        return relevant

    def _result(self, grads, source, unconnected_gradients):
        summed = gradients_impl._sum_gradients(grads.get(source, []))
        if summed is None and unconnected_gradients == UnconnectedGradients.ZERO:
            return array_ops.zeros_like(source)
        return summed


def _trainable_variable_of(tensor):
    """The trainable Variable whose reference `tensor` is, else None."""
    if not isinstance(tensor._value, VariableCell):
        return None
    return tensor.graph.trainable_variable_of(tensor)


__all__ = ["EagerTensor", "GradientTape", "UnconnectedGradients"]
