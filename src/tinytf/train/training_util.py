"""The global step: an int64 scalar variable "global_step" counting training steps."""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, Tensor, get_default_graph
from tinytf.ops.init_ops import zeros_initializer
from tinytf.ops.variable_scope import get_variable
from tinytf.ops.variables import Variable


def get_global_step(graph=None):
    """The graph's global step: the one entry of the GLOBAL_STEP collection, else the
    tensor "global_step:0", else None."""
    graph = graph or get_default_graph()
    candidates = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(candidates) > 1:
        return None  # TensorFlow only logs an error here
    if candidates:
        step = candidates[0]
    else:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    assert_global_step(step)
    return step


def create_global_step(graph=None) -> Variable:
    """Creates the global step with tf.get_variable (ValueError if the graph has one
    already)."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return get_variable(
            GraphKeys.GLOBAL_STEP,
            shape=[],
            dtype=dtypes.int64,
            initializer=zeros_initializer(),
            trainable=False,
            collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
        )


def get_or_create_global_step(graph=None):
    """The graph's global step, created first if there is none."""
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def assert_global_step(global_step_tensor) -> None:
    """TypeError unless `global_step_tensor` is an integer scalar variable or tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError(
            f'Existing "global_step" must be a Variable or Tensor: {global_step_tensor}.'
        )
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError(
            f'Existing "global_step" does not have integer type: {global_step_tensor.dtype}'
        )
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError(f'Existing "global_step" is not scalar: {shape}')


def global_step(sess, global_step_tensor) -> int:
    """The value of the global step in session `sess`, as a Python int."""
    return int(sess.run(global_step_tensor))
