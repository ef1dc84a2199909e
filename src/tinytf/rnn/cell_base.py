"""`RNNCell`, the base class of every cell: a layer mapping (inputs, state) to (output, state).

As in TF 1.x, a cell is a `tf.layers.Layer`: its variables live in its own scope under the
caller's (`rnn/basic_lstm_cell/kernel`), created on the first call and shared by later
calls. Subclass `RNNCell` and give `state_size`, `output_size` and `call(inputs, state)`.
"""

from __future__ import annotations

import collections

from tinytf.framework import dtypes, nest
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.framework.tensor_util import constant_value
from tinytf.layers.base import Layer
from tinytf.ops import array_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM's state: the memory `c` and the output `h`, in that order."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent dtypes for internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def assert_like_rnncell(cell_name, cell) -> None:
    """TypeError naming what `cell` lacks to be used as an RNN cell."""
    checks = [
        (hasattr(cell, "output_size"), "'output_size' property is missing"),
        (hasattr(cell, "state_size"), "'state_size' property is missing"),
        (
            hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"),
            "either 'zero_state' or 'get_initial_state' method is required",
        ),
        (callable(cell), "is not callable"),
    ]
    errors = [message for passed, message in checks if not passed]
    if errors:
        raise TypeError(
            f"The argument {cell_name!r} ({cell}) is not an RNNCell: {', '.join(errors)}."
        )


def zero_state_tensors(state_size, batch_size, dtype):
    """Zeros shaped [batch_size] + s for each size s in the (nested) `state_size`."""
    static_batch = batch_size if not isinstance(batch_size, Tensor) else constant_value(batch_size)

    def zeros_for(size):
        size = as_shape(size).as_list()
        if isinstance(batch_size, Tensor):
            dims = array_ops.concat([array_ops.reshape(batch_size, [1]), size], 0)
            zeros = array_ops.zeros(dims, dtype=dtype)
        else:
            zeros = array_ops.zeros([batch_size] + size, dtype=dtype)
        zeros.set_shape(TensorShape([None if static_batch is None else int(static_batch)] + size))
        return zeros

    return nest.map_structure(zeros_for, state_size)


class RNNCell(Layer):
    """An RNN cell: `cell(inputs, state)` returns `(output, new_state)`.

    `state_size` (an int, a TensorShape or a nested tuple of them) and `output_size` say
    the sizes of one batch row. A subclass may create variables with `tf.get_variable` in
    `call`; they are found in the cell's scope and listed in its `trainable_weights`.
    """

    def __call__(self, inputs, state, scope=None):
        outer = scope if scope is not None else vs.get_variable_scope()
        with vs.variable_scope(
            outer, custom_getter=self._track_variable, auxiliary_name_scope=scope is not None
        ) as entered:
            return super().__call__(inputs, state, scope=entered if scope is not None else None)

    def _track_variable(self, getter, *args, **kwargs):
        variable = getter(*args, **kwargs)
        weights = self._trainable_weights if variable.trainable else self._non_trainable_weights
        if all(variable is not known for known in weights):
            weights.append(variable)
        return variable

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """The zero state for `inputs`' batch size and dtype, or for those given."""
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            if batch_size is not None:
                static = (
                    constant_value(batch_size) if isinstance(batch_size, Tensor) else batch_size
                )
                if inputs.shape[0].value != static:
                    raise ValueError(
                        "batch size from input tensor is different from the input param. "
                        f"Input tensor batch: {inputs.shape[0].value}, batch_size: {batch_size}"
                    )
            if dtype is not None and inputs.dtype != dtype:
                raise ValueError(
                    "dtype from input tensor is different from the input param. "
                    f"Input tensor dtype: {inputs.dtype}, dtype: {dtype}"
                )
            batch_size = inputs.shape[0].value or array_ops.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(
                "batch_size and dtype cannot be None while constructing initial state: "
                f"batch_size={batch_size}, dtype={dtype}"
            )
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s), [batch_size, s] for each size s in `state_size`."""
        with name_scope(f"{type(self).__name__}ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtypes.as_dtype(dtype))


class LayerRNNCell(RNNCell):
    """A cell that creates its variables in `build` with `add_weight`, as the built-in ones."""

    def __call__(self, inputs, state, scope=None, *args, **kwargs):
        return Layer.__call__(self, inputs, state, *args, scope=scope, **kwargs)


def check_float_inputs(cell_name, *tensors) -> None:
    """Cells compute sigmoids and tanhs: their inputs and states must be floating point."""
    for tensor in nest.flatten(list(tensors)):
        dtype = getattr(tensor, "dtype", None)
        dtype = None if dtype is None else dtypes.as_dtype(dtype)
        if dtype is not None and not (dtype.is_floating or dtype.is_complex):
            raise ValueError(
                f"RNN cell only supports floating point inputs, but received {cell_name} "
                f"input {tensor} with dtype {dtype}"
            )


def require_input_depth(input_shape) -> int:
    """The inputs' last dimension, which sizes the kernel: it must be known."""
    input_shape = TensorShape(input_shape)
    depth = input_shape[-1].value if input_shape.ndims else None
    if depth is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, received shape: {input_shape}")
    return depth
