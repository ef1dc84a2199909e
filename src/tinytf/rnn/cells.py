"""The built-in cells: BasicRNNCell, BasicLSTMCell, LSTMCell and GRUCell.

Variable names, shapes, gate order and initializers are TensorFlow's, so checkpoints
interoperate: one kernel [input_depth + state_depth, gates * units] multiplies the
concatenated [inputs, state] once per step (an LSTM's i, j, f, o gates side by side).
Kernels default to the variable scope's initializer (else glorot_uniform), biases to zero;
a GRU's gate bias starts at one.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.ops import array_ops, clip_ops, init_ops, math_ops, nn_ops
from tinytf.ops.constant_op import constant
from tinytf.rnn.cell_base import (
    LayerRNNCell,
    LSTMStateTuple,
    check_float_inputs,
    require_input_depth,
)

_ACTIVATIONS = {"tanh": math_ops.tanh, "sigmoid": math_ops.sigmoid, "relu": nn_ops.relu}


def _activation(activation):
    if activation is None:
        return math_ops.tanh
    if isinstance(activation, str):
        try:
            return _ACTIVATIONS[activation]
        except KeyError:
            raise ValueError(f"Unknown activation function: {activation}") from None
    return activation


def _check_dtype(cell, dtype) -> None:
    if dtype is not None and not dtypes.as_dtype(dtype).is_floating:
        raise ValueError(
            f"RNN cell only supports floating point inputs, but received dtype {dtype} "
            f"for {type(cell).__name__}"
        )


def _require_rank_2(cell, input_shape) -> None:
    rank = input_shape.ndims
    if rank is not None and rank != 2:
        raise ValueError(
            f"Input 0 of layer {cell.name} is incompatible with the layer: expected ndim=2, "
            f"found ndim={rank}. Full shape received: {input_shape}"
        )


class _GatedCell(LayerRNNCell):
    """What the built-in cells share: units, an activation, TF's constructor arguments."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_dtype(self, dtype)
        self._num_units = int(num_units)
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def _kernel_and_bias(self, input_shape, gates, prefix="", initializer=None, bias=None):
        depth = require_input_depth(input_shape)
        _check_dtype(self, self.dtype)
        kernel = self.add_weight(
            f"{prefix}kernel",
            shape=[depth + self._state_depth(), gates * self._num_units],
            initializer=initializer,
        )
        bias = self.add_weight(
            f"{prefix}bias",
            shape=[gates * self._num_units],
            initializer=bias or init_ops.zeros_initializer(dtype=self.dtype),
        )
        return kernel, bias

    def _state_depth(self) -> int:
        return self._num_units

    def _affine(self, inputs, state, kernel, bias):
        product = math_ops.matmul(array_ops.concat([inputs, state], 1), kernel)
        return nn_ops.bias_add(product, bias)


class BasicRNNCell(_GatedCell):
    """output = new_state = activation([inputs, state] @ kernel + bias)."""

    def build(self, input_shape):
        self._kernel, self._bias = self._kernel_and_bias(input_shape, 1)

    def call(self, inputs, state):
        check_float_inputs(type(self).__name__, inputs, state)
        output = self._activation(self._affine(inputs, state, self._kernel, self._bias))
        return output, output


class GRUCell(_GatedCell):
    """A gated recurrent unit: reset and update gates (`gates/`), then a candidate
    (`candidate/`) read through the reset gate; new h = u * h + (1 - u) * candidate."""

    def __init__(
        self,
        num_units,
        activation=None,
        reuse=None,
        kernel_initializer=None,
        bias_initializer=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, input_shape):
        gate_bias = self._bias_initializer or init_ops.constant_initializer(1.0, dtype=self.dtype)
        self._gate_kernel, self._gate_bias = self._kernel_and_bias(
            input_shape, 2, "gates/", self._kernel_initializer, gate_bias
        )
        self._candidate_kernel, self._candidate_bias = self._kernel_and_bias(
            input_shape, 1, "candidate/", self._kernel_initializer, self._bias_initializer
        )

    def call(self, inputs, state):
        check_float_inputs(type(self).__name__, inputs, state)
        gates = math_ops.sigmoid(self._affine(inputs, state, self._gate_kernel, self._gate_bias))
        reset, update = array_ops.split(value=gates, num_or_size_splits=2, axis=1)
        candidate = self._affine(
            inputs, reset * state, self._candidate_kernel, self._candidate_bias
        )
        candidate = self._activation(candidate)
        new_h = update * state + (1 - update) * candidate
        return new_h, new_h


class BasicLSTMCell(_GatedCell):
    """An LSTM without peepholes or projection: i, j, f, o = split([inputs, h] @ kernel +
    bias); c' = c * sigmoid(f + forget_bias) + sigmoid(i) * tanh(j); h' = tanh(c') *
    sigmoid(o). The state is LSTMStateTuple(c, h), or [c, h] concatenated."""

    def __init__(
        self,
        num_units,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple

    @property
    def state_size(self):
        units = self._num_units
        return LSTMStateTuple(units, units) if self._state_is_tuple else 2 * units

    def build(self, input_shape):
        _require_rank_2(self, input_shape)
        self._kernel, self._bias = self._kernel_and_bias(input_shape, 4)

    def call(self, inputs, state):
        check_float_inputs(type(self).__name__, inputs, state)
        one = constant(1, dtype=dtypes.int32)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = array_ops.split(value=state, num_or_size_splits=2, axis=one)
        gate_inputs = self._affine(inputs, h, self._kernel, self._bias)
        i, j, f, o = array_ops.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias = constant(self._forget_bias, dtype=f.dtype)
        new_c = math_ops.add(
            math_ops.multiply(c, math_ops.sigmoid(math_ops.add(f, forget_bias))),
            math_ops.multiply(math_ops.sigmoid(i), self._activation(j)),
        )
        new_h = math_ops.multiply(self._activation(new_c), math_ops.sigmoid(o))
        if self._state_is_tuple:
            return new_h, LSTMStateTuple(new_c, new_h)
        return new_h, array_ops.concat([new_c, new_h], 1)


class LSTMCell(_GatedCell):
    """BasicLSTMCell plus optional peepholes (`w_f_diag`, `w_i_diag`, `w_o_diag`), a clip
    on the memory (`cell_clip`) and a projection of the output to `num_proj` units
    (`projection/kernel`, clipped by `proj_clip`). Shards (num_unit_shards...) are not
    supported."""

    def __init__(
        self,
        num_units,
        use_peepholes=False,
        cell_clip=None,
        initializer=None,
        num_proj=None,
        proj_clip=None,
        num_unit_shards=None,
        num_proj_shards=None,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError(
                "tinytf's LSTMCell does not shard its variables (num_unit_shards, "
                "num_proj_shards); leave them out."
            )
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        output = num_proj or self._num_units
        self._output_size = output
        self._state_size = (
            LSTMStateTuple(self._num_units, output) if state_is_tuple else self._num_units + output
        )

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def _state_depth(self) -> int:
        return self._num_units if self._num_proj is None else self._num_proj

    def build(self, input_shape):
        _require_rank_2(self, input_shape)
        self._kernel, self._bias = self._kernel_and_bias(
            input_shape, 4, initializer=self._initializer
        )
        if self._use_peepholes:
            self._w_f_diag, self._w_i_diag, self._w_o_diag = (
                self.add_weight(name, shape=[self._num_units], initializer=self._initializer)
                for name in ("w_f_diag", "w_i_diag", "w_o_diag")
            )
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight(
                "projection/kernel",
                shape=[self._num_units, self._num_proj],
                initializer=self._initializer,
            )

    def call(self, inputs, state):
        check_float_inputs(type(self).__name__, inputs, state)
        sigmoid = math_ops.sigmoid
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = array_ops.slice(state, [0, 0], [-1, self._num_units])
            m_prev = array_ops.slice(state, [0, self._num_units], [-1, self._state_depth()])
        if inputs.shape.with_rank(2)[1].value is None:
            raise ValueError(
                "Could not infer input size from inputs.get_shape()[-1]."
                f"Received input shape: {inputs.shape}"
            )
        lstm_matrix = self._affine(inputs, m_prev, self._kernel, self._bias)
        i, j, f, o = array_ops.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev + sigmoid(
                i + self._w_i_diag * c_prev
            ) * self._activation(j)
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = math_ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else array_ops.concat([c, m], 1)
        return m, new_state
