"""Unrolling a cell over a Python list of time steps: static_rnn, static_bidirectional_rnn.

With `sequence_length`, each row's outputs past its length are zeros and its state stays
the one it had at its length. TensorFlow skips finished steps with tf.cond; selecting
with tf.where gives the same values and gradients, so that is what tinytf builds.
"""

from __future__ import annotations

from tinytf.framework import dtypes, nest
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.ops import array_ops, comparison_ops, math_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.sequence_ops import reverse_sequence
from tinytf.rnn.cell_base import assert_like_rnncell


def infer_state_dtype(explicit_dtype, state):
    """`explicit_dtype`, else the one dtype every tensor of `state` has."""
    if explicit_dtype is not None:
        return dtypes.as_dtype(explicit_dtype)
    found = [tensor.dtype for tensor in nest.flatten(state)]
    if not found:
        raise ValueError(f"Unable to infer dtype from argument state={state}.")
    if any(dtype != found[0] for dtype in found):
        raise ValueError(
            f"Argument state={state} has tensors of different inferred dtypes. Unable to "
            f"infer a single representative dtype. Dtypes received: {found}"
        )
    return found[0]


def initial_state_for(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)


def zero_outputs(output_size, batch_size, static_batch, dtype):
    """Zeros [batch, s] for each size s in `output_size`: a finished row's output."""

    def zeros(size):
        size = as_shape(size).as_list()
        if isinstance(batch_size, int):
            dims = [batch_size] + size
        else:
            dims = array_ops.stack([batch_size] + size)
        output = array_ops.zeros(dims, dtype)
        output.set_shape(TensorShape([static_batch] + size))
        return output

    return nest.map_structure(zeros, output_size)


def copy_finished(time, sequence_length, zero_output, state, new_output, new_state):
    """The step's outputs and state, with the rows whose sequence has ended (time >=
    length) given zeros and their previous state instead."""
    finished = math_ops.greater_equal(time, sequence_length)

    def select(old, new):
        if new.shape.ndims == 0:
            return new
        chosen = comparison_ops.where(finished, old, new)
        chosen.set_shape(old.shape)
        return chosen

    nest.assert_same_structure(zero_output, new_output)
    nest.assert_same_structure(state, new_state)
    return (
        nest.map_structure(select, zero_output, new_output),
        nest.map_structure(select, state, new_state),
    )


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Applies `cell` to each of `inputs` (a list of [batch, depth] tensors) in turn.

    Returns (outputs, state): the list of the cell's outputs and the final state. The
    variables lie under `scope` (default "rnn"), shared by every step.
    """
    assert_like_rnncell("cell", cell)
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    outputs = []
    with vs.variable_scope(scope or "rnn") as varscope:
        first = nest.flatten(inputs[0])[0]
        first = convert_to_tensor(first)
        if first.shape.ndims != 1:
            fixed_batch = first.shape.with_rank_at_least(2)[0]
            for flat_input in nest.flatten(inputs):
                shape = convert_to_tensor(flat_input).shape.with_rank_at_least(2)
                fixed_batch.assert_is_compatible_with(shape[0])
                for index, size in enumerate(shape[1:].as_list()):
                    if size is None:
                        raise ValueError(
                            f"Input size (dimension {index} of input {flat_input}) must be "
                            "accessible via shape inference, but saw value None."
                        )
        else:
            fixed_batch = first.shape.with_rank_at_least(1)[0]
        static_batch = fixed_batch.value
        batch_size = static_batch if static_batch else array_ops.shape(first)[0]
        state = initial_state_for(cell, initial_state, batch_size, dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError(
                    f"Argument `sequence_length` must be a vector of length {batch_size}. "
                    f"Received sequence_length={sequence_length}."
                )
            zero_output = zero_outputs(
                cell.output_size, batch_size, static_batch, infer_state_dtype(dtype, state)
            )
            sequence_length = math_ops.cast(sequence_length, dtypes.int32)
        for time, step_input in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(step_input, state)
            if sequence_length is not None:
                output, new_state = copy_finished(
                    time, sequence_length, zero_output, state, output, new_state
                )
            state = new_state
            outputs.append(output)
        return outputs, state


def reverse_steps(steps, lengths):
    """A list of time steps reversed, each row only up to its length when given."""
    if lengths is None:
        return list(reversed(steps))
    flat_steps = [nest.flatten(step) for step in steps]
    flat_results = [[] for _ in steps]
    for sequence in zip(*flat_steps, strict=True):
        shape = TensorShape(None)
        for tensor in sequence:
            shape = shape.merge_with(tensor.shape)
        reversed_sequence = reverse_sequence(array_ops.stack(sequence), lengths, 0, 1)
        for result, tensor in zip(flat_results, array_ops.unstack(reversed_sequence), strict=True):
            tensor.set_shape(shape)
            result.append(tensor)
    return [
        nest.pack_sequence_as(step, flat) for step, flat in zip(steps, flat_results, strict=True)
    ]


def static_bidirectional_rnn(
    cell_fw,
    cell_bw,
    inputs,
    initial_state_fw=None,
    initial_state_bw=None,
    dtype=None,
    sequence_length=None,
    scope=None,
):
    """A forward and a backward static_rnn (scopes `bidirectional_rnn/fw` and `.../bw`).

    Returns (outputs, state_fw, state_bw); each output is [forward, backward] concatenated
    along the last axis, the backward one aligned with the input step it read.
    """
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(
                cell_fw, inputs, initial_state_fw, dtype, sequence_length, scope=fw_scope
            )
        with vs.variable_scope("bw") as bw_scope:
            reversed_inputs = reverse_steps(inputs, sequence_length)
            reversed_outputs, state_bw = static_rnn(
                cell_bw, reversed_inputs, initial_state_bw, dtype, sequence_length, scope=bw_scope
            )
    output_bw = reverse_steps(reversed_outputs, sequence_length)
    outputs = [
        nest.pack_sequence_as(
            fw,
            [
                array_ops.concat([a, b], 1)
                for a, b in zip(nest.flatten(fw), nest.flatten(bw), strict=True)
            ],
        )
        for fw, bw in zip(output_fw, output_bw, strict=True)
    ]
    return outputs, state_fw, state_bw
