"""Cells made of cells: MultiRNNCell stacks them; DropoutWrapper, ResidualWrapper and
DeviceWrapper change what one cell reads or returns, adding no variable scope of their own
(the wrapped cell's variables keep the names they would have unwrapped)."""

from __future__ import annotations

import hashlib
import itertools
import numbers

from tinytf.framework import nest
from tinytf.framework.graph import device, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops import array_ops, math_ops, nn_impl, random_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.rnn.cell_base import LSTMStateTuple, RNNCell, assert_like_rnncell


class _CellWeights:
    """The weights of a cell made of cells are its cells' weights."""

    def _cells(self) -> list:
        raise NotImplementedError

    def _gather(self, attribute) -> list:
        return [w for cell in self._cells() for w in getattr(cell, attribute, [])]

    @property
    def trainable_weights(self):
        return self._gather("trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self):
        frozen = [] if self.trainable else self._gather("trainable_weights")
        return frozen + self._gather("non_trainable_weights")

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights


class MultiRNNCell(_CellWeights, RNNCell):
    """Cells applied in turn, each reading the one before's output; cell i's variables lie
    in `multi_rnn_cell/cell_i/`. The state is a tuple of the cells' states (or all of them
    concatenated if `state_is_tuple` is False)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but received: {cells}.")
        self._cells_list = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_nested(c.state_size) for c in self._cells_list):
            raise ValueError(
                "Some cells return tuples of states, but the flag state_is_tuple is not set. "
                f"State sizes are: {[c.state_size for c in self._cells_list]}"
            )

    def _cells(self) -> list:
        return self._cells_list

    @property
    def state_size(self):
        sizes = [cell.state_size for cell in self._cells_list]
        return tuple(sizes) if self._state_is_tuple else sum(sizes)

    @property
    def output_size(self):
        return self._cells_list[-1].output_size

    def zero_state(self, batch_size, dtype):
        if not self._state_is_tuple:
            return super().zero_state(batch_size, dtype)
        with name_scope(f"{type(self).__name__}ZeroState"):
            return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells_list)

    def call(self, inputs, state):
        position = 0
        new_states = []
        for index, cell in enumerate(self._cells_list):
            with vs.variable_scope(f"cell_{index}"):
                if self._state_is_tuple:
                    if not nest.is_nested(state):
                        raise ValueError(
                            f"Expected state to be a tuple of length {len(self.state_size)}, "
                            f"but received: {state}"
                        )
                    cell_state = state[index]
                else:
                    cell_state = array_ops.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                inputs, cell_state = cell(inputs, cell_state)
                new_states.append(cell_state)
        if self._state_is_tuple:
            return inputs, tuple(new_states)
        return inputs, array_ops.concat(new_states, 1)


class _Wrapper(_CellWeights, RNNCell):
    """A cell around `cell`: the same sizes and zero state; calling it calls `cell`."""

    def __init__(self, cell, **kwargs):
        super().__init__(**kwargs)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    def _cells(self) -> list:
        return [self.cell]

    @property
    def wrapped_cell(self):
        return self.cell

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def output_size(self):
        return self.cell.output_size

    def zero_state(self, batch_size, dtype):
        with name_scope(f"{type(self).__name__}ZeroState"):
            return self.cell.zero_state(batch_size, dtype)


def _keep_lstm_memory(substate):
    """The default state filter: every state but an LSTM's memory `c` is dropped out."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


class DropoutWrapper(_Wrapper):
    """Dropout on the cell's inputs, outputs and (all but an LSTM's `c`) new states.

    With `variational_recurrent`, one mask per run is drawn (needs `dtype`, and
    `input_size` if inputs are dropped) and reused at every step. Seeds derive from
    `seed` as TensorFlow's do, so both draw the same masks.
    """

    def __init__(
        self,
        cell,
        input_keep_prob=1.0,
        output_keep_prob=1.0,
        state_keep_prob=1.0,
        variational_recurrent=False,
        input_size=None,
        dtype=None,
        seed=None,
        dropout_state_filter_visitor=None,
        **kwargs,
    ):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError(
                "dropout_state_filter_visitor must be callable. "
                f"Received: {dropout_state_filter_visitor}"
            )
        self._state_filter = dropout_state_filter_visitor or _keep_lstm_memory
        self._seed = seed
        self._variational_recurrent = variational_recurrent
        with name_scope("DropoutWrapperInit"):
            for attribute, probability in (
                ("input", input_keep_prob),
                ("state", state_keep_prob),
                ("output", output_keep_prob),
            ):
                tensor = convert_to_tensor(probability)
                value = constant_value(tensor)
                if value is not None:
                    if not 0 <= value <= 1:
                        raise ValueError(
                            f"Parameter {attribute}_keep_prob must be between 0 and 1. "
                            f"Received {float(value)}"
                        )
                    setattr(self, f"_{attribute}_keep_prob", float(value))
                else:
                    setattr(self, f"_{attribute}_keep_prob", tensor)
        self._noise = {"input": None, "state": None, "output": None}
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            if _drops(self._input_keep_prob):
                if input_size is None:
                    raise ValueError(
                        "When variational_recurrent=True and input_keep_prob < 1.0 or is "
                        "unknown, input_size must be provided"
                    )
                self._noise["input"] = self._batch_noise(input_size, "input", dtype)
            self._noise["state"] = self._batch_noise(cell.state_size, "state", dtype)
            self._noise["output"] = self._batch_noise(cell.output_size, "output", dtype)

    def _batch_noise(self, sizes, salt, dtype):
        flat = [
            random_ops.random_uniform(
                [1] + TensorShape(size).as_list(), seed=self._seed_for(salt, index), dtype=dtype
            )
            for index, size in enumerate(nest.flatten(sizes))
        ]
        return nest.pack_sequence_as(sizes, flat)

    def _seed_for(self, salt, index):
        """TensorFlow's per-tensor seed: the md5 of the seed and a salt."""
        if self._seed is None:
            return None
        digest = hashlib.md5(f"{self._seed}{salt}_{index}".encode()).hexdigest()
        return int(digest[:8], 16) & 0x7FFFFFFF

    def _drop(self, value, salt, index, keep_prob, noise):
        if noise is None:
            return nn_impl.dropout(value, rate=1.0 - keep_prob, seed=self._seed_for(salt, index))
        kept = math_ops.floor(keep_prob + noise)
        dropped = math_ops.divide(value, keep_prob) * kept
        dropped.set_shape(value.shape)
        return dropped

    def _drop_all(self, values, salt, keep_prob):
        noise = self._noise[salt]
        flat_noise = nest.flatten(noise) if noise is not None else itertools.repeat(None)
        flat = [
            self._drop(value, salt, index, keep_prob, mask)
            for index, (value, mask) in enumerate(
                zip(nest.flatten(values), flat_noise, strict=False)
            )
        ]
        return nest.pack_sequence_as(values, flat)

    def _drop_state(self, state, keep_prob):
        """Drops the parts of `state` the filter picks; indices count every part it names."""
        counter = itertools.count()
        noise = self._noise["state"]
        flat_noise = iter(nest.flatten(noise)) if noise is not None else None

        def part(value, chosen):
            index = next(counter)
            mask = next(flat_noise) if flat_noise is not None else None
            if isinstance(chosen, bool) and not chosen:
                return value
            return self._drop(value, "state", index, keep_prob, mask)

        def visit(value):
            chosen = self._state_filter(value)
            if not isinstance(chosen, bool):
                children = list(value)
                flags = nest.flatten(chosen)
                return nest.pack_sequence_as(
                    value, [part(child, flag) for child, flag in zip(children, flags, strict=True)]
                )
            if chosen and nest.is_nested(value):
                return nest.pack_sequence_as(value, [visit(child) for child in value])
            return part(value, chosen)

        return visit(state)

    def __call__(self, inputs, state, scope=None):
        if _drops(self._input_keep_prob):
            inputs = self._drop_all(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if _drops(self._state_keep_prob):
            new_state = self._drop_state(new_state, self._state_keep_prob)
        if _drops(self._output_keep_prob):
            output = self._drop_all(output, "output", self._output_keep_prob)
        return output, new_state


def _drops(keep_prob) -> bool:
    return not isinstance(keep_prob, numbers.Real) or keep_prob < 1


class ResidualWrapper(_Wrapper):
    """output = inputs + the cell's output (or `residual_fn(inputs, output)`)."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self.cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        nest.assert_same_structure(inputs, outputs)

        def add(inputs, output):
            inputs.shape.assert_is_compatible_with(output.shape)
            return inputs + output

        return nest.map_structure(add, inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
    """Builds the cell's step under `tf.device(device)` (tinytf runs on the CPU)."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def zero_state(self, batch_size, dtype):
        with name_scope(f"{type(self).__name__}ZeroState"), device(self._device):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        with device(self._device):
            return self.cell(inputs, state, scope=scope)
