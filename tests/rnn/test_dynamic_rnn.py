"""dynamic_rnn and bidirectional_dynamic_rnn: backpropagation through the while loop
checked numerically, agreement with static_rnn, time-major inputs, errors."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.gradient_check import check_gradients
from tests.rnn.test_static_rnn import GRU_WEIGHTS, LSTM_WEIGHTS, weights_as_inputs
from tinytf.client import executor
from tinytf.framework import nest

RNG = np.random.default_rng(12)
STEPS, BATCH, DEPTH, UNITS = 4, 2, 3, 3


def dynamic_outputs(cell, steps):
    outputs, _ = tf.nn.dynamic_rnn(
        cell, tf.stack(steps, axis=1), sequence_length=[STEPS, 2], dtype=tf.float64
    )
    return outputs


def dynamic_state(cell, steps):
    _, state = tf.nn.dynamic_rnn(
        cell, tf.stack(steps, axis=0), sequence_length=[1, 3], dtype=tf.float64, time_major=True
    )
    return tf.concat(list(state), 1) if isinstance(state, tuple) else state


@pytest.mark.parametrize(
    "cell_factory, shapes",
    [
        (lambda: tf.nn.rnn_cell.BasicLSTMCell(UNITS), LSTM_WEIGHTS),
        (lambda: tf.nn.rnn_cell.GRUCell(UNITS), GRU_WEIGHTS),
    ],
    ids=["lstm", "gru"],
)
@pytest.mark.parametrize("unroll", [dynamic_outputs, dynamic_state], ids=["outputs", "state"])
def test_backpropagation_through_the_loop_matches_central_differences(cell_factory, shapes, unroll):
    inputs = [RNG.normal(size=(BATCH, STEPS, DEPTH))]
    inputs += [0.5 * RNG.normal(size=shape) for shape in shapes]
    check_gradients(weights_as_inputs(cell_factory, unroll), inputs)


def test_dynamic_and_static_unrolling_share_variables_and_agree():
    x = RNG.normal(size=(3, 5, 2))
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        inputs = tf.placeholder(tf.float64, [None, 5, 2])
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(3)])
        outputs, state = tf.nn.dynamic_rnn(
            cell, inputs, sequence_length=[5, 3, 1], dtype=tf.float64
        )
        assert outputs.shape.as_list() == [None, 5, 3] and outputs.name == "rnn/transpose_1:0"
        assert state[1].shape.as_list() == [None, 3]
        with tf.variable_scope("rnn", reuse=True):
            static, static_state = tf.nn.static_rnn(
                cell, tf.unstack(inputs, axis=1), sequence_length=[5, 3, 1], dtype=tf.float64
            )
        assert len(tf.global_variables()) == 8
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            values = session.run([outputs, state, static, static_state], {inputs: x})
    outputs, state, static, static_state = values
    np.testing.assert_allclose(outputs, np.stack(static, axis=1))
    np.testing.assert_allclose(state[1], static_state[1])
    assert np.all(outputs[2, 1:] == 0)


def test_bidirectional_outputs_align_with_the_steps_they_read():
    x = RNG.normal(size=(2, 4, 3))
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        forward, backward = tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2)
        (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            forward, backward, tf.constant(x), dtype=tf.float64
        )
        with tf.variable_scope("bidirectional_rnn/bw", reuse=True):
            alone, _ = tf.nn.dynamic_rnn(backward, tf.constant(x[:, ::-1]), dtype=tf.float64)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            out_bw, state_bw, alone = session.run([out_bw, state_bw, alone])
    np.testing.assert_allclose(out_bw, alone[:, ::-1])
    np.testing.assert_allclose(state_bw, alone[:, -1])


def test_dynamic_rnn_refuses_what_tensorflow_refuses():
    cell = tf.nn.rnn_cell.GRUCell(2)
    with tf.Graph().as_default():
        x = tf.zeros([2, 3, 4])
        with pytest.raises(ValueError, match="you must give a dtype"):
            tf.nn.dynamic_rnn(cell, x)
        with pytest.raises(ValueError, match="must be a vector of length batch_size"):
            tf.nn.dynamic_rnn(cell, x, sequence_length=[[1, 2]], dtype=tf.float32)
        with pytest.raises(ValueError, match=r"Input size \(depth of inputs\) must be accessible"):
            tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [2, 3, None]), dtype=tf.float32)
        with pytest.raises(ValueError, match="Time steps is not the same"):
            tf.nn.dynamic_rnn(cell, (x, tf.zeros([2, 4, 1])), dtype=tf.float32)
        with pytest.raises(TypeError, match="not an RNNCell"):
            tf.nn.dynamic_rnn("cell", x, dtype=tf.float32)


def test_the_loop_records_outputs_and_carries_only_time_and_state():
    x = RNG.normal(size=(BATCH, STEPS, DEPTH)).astype(np.float32)
    inputs = tf.placeholder(tf.float32, [None, STEPS, DEPTH])
    outputs, state = tf.nn.dynamic_rnn(
        tf.nn.rnn_cell.BasicLSTMCell(UNITS), inputs, dtype=tf.float32
    )
    (loop,) = [op for op in tf.get_default_graph().get_operations() if op.type == "While"]
    assert loop.get_attr("num_loop_vars") == 4  # iteration counter, time, c, h
    assert "rnn/TensorArrayStack/TensorArrayGatherV3" in outputs.op.inputs[0].name
    loss = tf.reduce_sum(outputs * outputs) + tf.reduce_sum(state.c)
    grads = tf.gradients(loss, [inputs, *tf.trainable_variables()])
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        values, last, dx = session.run([outputs, state.h, grads[0]], {inputs: x})
        source = list(session._plans.values())[-1].source
    # The gradient loop keeps each step's slice of the inputs' gradient and scatters them
    # once after the loop, rather than adding a scatter of each into a sum every step.
    gradient_body = source[source.index("# sub-plan 'rnn/while/While_grad/body'") :]
    assert "# UnsortedSegmentSum '" not in gradient_body
    assert values.shape == (BATCH, STEPS, UNITS) and values.dtype == np.float32
    np.testing.assert_array_equal(values[:, -1], last)
    assert dx.shape == x.shape and np.all(dx != 0)


def test_outputs_and_gradients_are_bit_identical_with_and_without_plan_optimizations():
    x = RNG.normal(size=(BATCH, STEPS, DEPTH)).astype(np.float32)
    inputs = tf.placeholder(tf.float32, [None, STEPS, DEPTH])
    with tf.variable_scope("rnn", initializer=tf.random_normal_initializer(seed=3)):
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        outputs, state = tf.nn.dynamic_rnn(
            cell, inputs, sequence_length=[STEPS, 2], dtype=tf.float32
        )
    loss = tf.reduce_sum(tf.sin(outputs)) + tf.reduce_sum(state.h * state.c)
    only_weights = tf.gradients(loss, tf.trainable_variables())
    every_input = tf.gradients(loss, [inputs, *tf.trainable_variables()])
    for fetches in ([outputs, state], only_weights, every_input):
        runs = []
        for optimize in (False, True):
            with executor.optimizations(optimize):
                session = tf.Session()
                session.run(tf.global_variables_initializer())
                runs.append(nest.flatten(session.run(fetches, {inputs: x})))
        for plain, optimized in zip(*runs, strict=True):
            assert plain.dtype == np.float32 and plain.tobytes() == optimized.tobytes()


def test_zero_steps_give_empty_outputs_or_tensorflows_error_for_an_unknown_batch():
    known = tf.placeholder(tf.float32, [2, None, DEPTH])
    unknown = tf.placeholder(tf.float32, [None, None, DEPTH])
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(UNITS), known, dtype=tf.float32)
    others, _ = tf.nn.dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(UNITS), unknown, dtype=tf.float32, scope="other"
    )
    empty = np.zeros((2, 0, DEPTH), np.float32)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        values = session.run(outputs, {known: empty})
        with pytest.raises(tf.errors.UnimplementedError, match=r"element shape \[\?,3\]") as error:
            session.run(others, {unknown: empty})
    assert values.shape == (2, 0, UNITS) and values.dtype == np.float32
    assert error.value.op.name == "other/TensorArrayStack/TensorArrayGatherV3"


def test_eager_dynamic_rnn_stacks_the_steps_it_ran_in_python():
    from tinytf.eager.context import eager_mode

    x = RNG.normal(size=(BATCH, STEPS, DEPTH)).astype(np.float32)
    with eager_mode():
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        outputs, state = tf.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
        weights = [w.numpy() for w in cell.weights]
    assert np.asarray(outputs).shape == (BATCH, STEPS, UNITS)
    np.testing.assert_array_equal(np.asarray(outputs)[:, -1], np.asarray(state.h))
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        graph_outputs, _ = tf.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable, value in zip(cell.weights, weights, strict=True):
                variable.load(value, session)
            expected = session.run(graph_outputs)
    np.testing.assert_allclose(np.asarray(outputs), expected, rtol=1e-6, atol=1e-7)
