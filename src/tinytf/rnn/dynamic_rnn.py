"""Unrolling a cell with tf.while_loop: dynamic_rnn and bidirectional_dynamic_rnn.

TensorFlow's loop writes each step's output to a TensorArray; tinytf's While op records
the output at each step (while_op.record, the mechanism tf.map_fn uses) and the steps'
outputs are stacked after the loop, so a step costs no copy of the outputs so far, and
the loop keeps nothing when no one reads the outputs. Steps past the longest
`sequence_length` are not run: their outputs are zeros, as TensorFlow's unwritten
TensorArray elements.
"""

from __future__ import annotations

from tinytf.framework import dtypes, nest
from tinytf.framework.graph import get_default_graph, name_scope
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.ops import array_ops, linalg_ops, math_ops, while_op
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.sequence_ops import reverse_sequence
from tinytf.ops.while_op import while_loop
from tinytf.rnn.cell_base import assert_like_rnncell
from tinytf.rnn.static_rnn import copy_finished, infer_state_dtype, zero_outputs


def transpose_batch_time(x):
    """[batch, time, ...] to [time, batch, ...] and back, keeping the static shape."""
    x = convert_to_tensor(x)
    shape = x.shape
    if shape.ndims is not None and shape.ndims < 2:
        return x
    if shape.ndims is None:
        perm = array_ops.concat([[1, 0], array_ops.range(2, array_ops.rank(x))], axis=0)
        return linalg_ops.transpose(x, perm)
    return linalg_ops.transpose(x, [1, 0] + list(range(2, shape.ndims)))


def _batch_size(flat_input):
    """The static batch size of time-major inputs if known, else a scalar tensor."""
    for tensor in flat_input:
        shape = tensor.shape
        if shape.ndims is None:
            continue
        if shape.ndims < 2:
            raise ValueError(
                f"Input tensor should have rank >= 2. Received input={tensor} of rank {shape.ndims}"
            )
        if shape[1].value is not None:
            return shape[1].value
    return array_ops.shape(flat_input[0])[1]


def dynamic_rnn(
    cell,
    inputs,
    sequence_length=None,
    initial_state=None,
    dtype=None,
    parallel_iterations=None,
    swap_memory=False,
    time_major=False,
    scope=None,
):
    """Runs `cell` over inputs [batch, time, depth] ([time, batch, depth] if `time_major`)
    in a tf.while_loop. Returns (outputs, state): outputs shaped as the inputs with the
    cell's output depth, and the final state.

    With `sequence_length`, a row's outputs past its length are zeros and its state stays
    the one it had at its length. `parallel_iterations` and `swap_memory` are accepted and
    ignored (steps run one after another, in memory).
    """
    assert_like_rnncell("cell", cell)
    with vs.variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:
            flat_input = [transpose_batch_time(x) for x in flat_input]
        if sequence_length is not None:
            sequence_length = math_ops.cast(sequence_length, dtypes.int32)
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError(
                    "Argument `sequence_length` must be a vector of length batch_size, but "
                    f"saw shape: {sequence_length.shape}"
                )
            sequence_length = array_ops.identity(sequence_length, name="sequence_length")
        batch_size = _batch_size(flat_input)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError("If there is no initial_state, you must give a dtype.")
            state = cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
        time_major_inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(
            cell, time_major_inputs, state, sequence_length, dtype
        )
        if not time_major:
            outputs = nest.map_structure(transpose_batch_time, outputs)
        return outputs, final_state


def _static_sizes(flat_input):
    """The inputs' common static (time steps, batch size), each None if unknown."""
    shapes = [x.shape.with_rank_at_least(3) for x in flat_input]
    time_steps, batch = shapes[0][0].value, shapes[0][1].value
    for shape in shapes:
        if not shape[2:].is_fully_defined():
            raise ValueError(
                "Input size (depth of inputs) must be accessible via shape inference, but saw "
                "value None."
            )
        if shape[0].value != time_steps:
            raise ValueError(
                "Time steps is not the same for all the elements in the input in a batch."
            )
        if shape[1].value != batch:
            raise ValueError("Batch_size is not the same for all the elements in the input.")
    return time_steps, batch


def _dynamic_rnn_loop(cell, inputs, initial_state, sequence_length, dtype):
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    static_steps, static_batch = _static_sizes(flat_input)
    with name_scope("dynamic_rnn"):
        shape = array_ops.shape(flat_input[0])
        time_steps = static_steps if static_steps is not None else shape[0]
        batch_size = static_batch if static_batch is not None else shape[1]
        output_dtype = infer_state_dtype(dtype, initial_state)
        if sequence_length is not None:
            zero_output = zero_outputs(cell.output_size, batch_size, static_batch, output_dtype)
            longest = math_ops.reduce_max(sequence_length)
            loop_bound = math_ops.minimum(time_steps, math_ops.maximum(1, longest))
        else:
            loop_bound = time_steps
        time = constant(0, dtype=dtypes.int32, name="time")
        sizes = [as_shape(size).as_list() for size in flat_output_size]
    step_outputs = []  # the body's flat output, recorded by the While at each step

    def step(time, state):
        step_input = []
        for x in flat_input:
            row = array_ops.gather(x, time)
            row.set_shape(x.shape[1:])
            step_input.append(row)
        output, new_state = cell(nest.pack_sequence_as(inputs, step_input), state)
        nest.assert_same_structure(state, new_state)
        if sequence_length is not None:
            output, new_state = copy_finished(
                time, sequence_length, zero_output, state, output, new_state
            )
        step_outputs.extend(nest.flatten(output))
        return time + 1, new_state

    invariants = (TensorShape([]), nest.map_structure(lambda t: t.shape, initial_state))
    final_time, final_state = while_loop(
        lambda time, *_: time < loop_bound,
        step,
        (time, initial_state),
        shape_invariants=invariants,
        maximum_iterations=time_steps,
    )
    flat_outputs = []
    for rows, size in zip(_stacked(step_outputs, len(sizes), final_time), sizes, strict=True):
        if sequence_length is not None:
            missing = time_steps - array_ops.shape(rows)[0]
            rows = array_ops.pad(rows, [[0, missing]] + [[0, 0]] * (1 + len(size)))
        rows.set_shape([static_steps, static_batch] + size)
        flat_outputs.append(rows)
    return nest.pack_sequence_as(cell.output_size, flat_outputs), final_state


def _stacked(step_outputs: list, count: int, final_time) -> list:
    """The `count` flat outputs of every step, each stacked on a new first axis: recorded
    by the While op (whose body built `step_outputs` once), or, in eager mode, where the
    loop ran in Python and `step_outputs` holds each step's values, stacked as they are."""
    if get_default_graph().executes_eagerly:
        return [array_ops.stack(step_outputs[k::count]) for k in range(count)]
    loop = final_time.op._inputs[0].op  # the While op behind the loop's Exit
    return [
        while_op.stack_recorded(while_op.record(loop, output), output.shape)
        for output in step_outputs
    ]


def bidirectional_dynamic_rnn(
    cell_fw,
    cell_bw,
    inputs,
    sequence_length=None,
    initial_state_fw=None,
    initial_state_bw=None,
    dtype=None,
    parallel_iterations=None,
    swap_memory=False,
    time_major=False,
    scope=None,
):
    """A forward and a backward dynamic_rnn (scopes `bidirectional_rnn/fw` and `.../bw`).

    Returns ((output_fw, output_bw), (state_fw, state_bw)); the backward outputs are
    aligned with the input steps they read (each row reversed up to its length).
    """
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def reverse(tensor):
        if sequence_length is None:
            return array_ops.reverse(tensor, axis=[time_axis])
        return reverse_sequence(tensor, sequence_length, seq_axis=time_axis, batch_axis=batch_axis)

    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw,
                inputs,
                sequence_length=sequence_length,
                initial_state=initial_state_fw,
                dtype=dtype,
                time_major=time_major,
                scope=fw_scope,
            )
        with vs.variable_scope("bw") as bw_scope:
            reversed_output, state_bw = dynamic_rnn(
                cell_bw,
                nest.map_structure(reverse, inputs),
                sequence_length=sequence_length,
                initial_state=initial_state_bw,
                dtype=dtype,
                time_major=time_major,
                scope=bw_scope,
            )
    output_bw = nest.map_structure(reverse, reversed_output)
    return (output_fw, output_bw), (state_fw, state_bw)
