"""static_rnn and static_bidirectional_rnn: backpropagation through time checked
numerically, sequence lengths, the backward direction, errors, gradient clipping."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.gradient_check import check_gradients

RNG = np.random.default_rng(9)
STEPS, BATCH, DEPTH, UNITS = 4, 2, 3, 3


def weights_as_inputs(cell_factory, unroll):
    """build(x, *weights) for check_gradients: the cell's variables are replaced by the
    fed tensors (a custom getter), so the check differentiates through them too."""

    def build(x, *weights):
        fed = iter(weights)

        def getter(_getter, name, *args, **kwargs):
            return next(fed)

        with tf.variable_scope("model", custom_getter=getter):
            return unroll(cell_factory(), tf.unstack(x, axis=1))

    return build


def stacked_outputs(cell, steps):
    outputs, _ = tf.nn.static_rnn(cell, steps, dtype=tf.float64, sequence_length=[STEPS, 2])
    return tf.stack(outputs)


def final_state(cell, steps):
    _, state = tf.nn.static_rnn(cell, steps, dtype=tf.float64, sequence_length=[1, 3])
    return tf.concat(list(state), 1) if isinstance(state, tuple) else state


LSTM_WEIGHTS = [(DEPTH + UNITS, 4 * UNITS), (4 * UNITS,)]
GRU_WEIGHTS = [(DEPTH + UNITS, 2 * UNITS), (2 * UNITS,), (DEPTH + UNITS, UNITS), (UNITS,)]


@pytest.mark.parametrize(
    "cell_factory, shapes",
    [
        (lambda: tf.nn.rnn_cell.BasicLSTMCell(UNITS), LSTM_WEIGHTS),
        (lambda: tf.nn.rnn_cell.GRUCell(UNITS), GRU_WEIGHTS),
        (lambda: tf.nn.rnn_cell.BasicRNNCell(UNITS), [(DEPTH + UNITS, UNITS), (UNITS,)]),
    ],
    ids=["lstm", "gru", "rnn"],
)
@pytest.mark.parametrize("unroll", [stacked_outputs, final_state], ids=["outputs", "state"])
def test_backpropagation_through_time_matches_central_differences(cell_factory, shapes, unroll):
    inputs = [RNG.normal(size=(BATCH, STEPS, DEPTH))]
    inputs += [0.5 * RNG.normal(size=shape) for shape in shapes]
    check_gradients(weights_as_inputs(cell_factory, unroll), inputs)


def run(fetches, feed=None):
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(fetches, feed)


def test_rows_past_their_length_output_zeros_and_keep_their_state():
    x = RNG.normal(size=(3, 5, 2))
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        steps = tf.unstack(tf.constant(x), axis=1)
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        full, full_state = tf.nn.static_rnn(cell, steps, dtype=tf.float64)
        cut, cut_state = tf.nn.static_rnn(
            cell, steps, dtype=tf.float64, sequence_length=tf.constant([5, 2, 0], tf.int64)
        )
        prefix, prefix_state = tf.nn.static_rnn(cell, steps[:2], dtype=tf.float64)
        full, cut, prefix, cut_state, prefix_state, full_state = run(
            [full, cut, prefix, cut_state, prefix_state, full_state]
        )
    np.testing.assert_allclose(cut[4][0], full[4][0])
    np.testing.assert_allclose(cut[1][1], prefix[1][1])
    assert np.all(np.array(cut)[2:, 1] == 0) and np.all(np.array(cut)[:, 2] == 0)
    np.testing.assert_allclose(cut_state.h[1], prefix_state.h[1])
    np.testing.assert_allclose(cut_state.c[0], full_state.c[0])
    assert np.all(cut_state.c[2] == 0)


def test_the_backward_direction_reads_each_row_reversed_up_to_its_length():
    x = RNG.normal(size=(2, 4, 2))
    lengths = [4, 2]
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        steps = tf.unstack(tf.constant(x), axis=1)
        forward, backward = tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3)
        outputs, _, state_bw = tf.nn.static_bidirectional_rnn(
            forward, backward, steps, dtype=tf.float64, sequence_length=lengths
        )
        names = sorted(v.op.name for v in tf.global_variables())
        reversed_row = tf.unstack(tf.constant(x[1:, 1::-1]), axis=1)
        with tf.variable_scope("bidirectional_rnn/bw", reuse=True):
            alone, alone_state = tf.nn.static_rnn(backward, reversed_row, dtype=tf.float64)
        outputs, state_bw, alone, alone_state = run([outputs, state_bw, alone, alone_state])
    assert names[0] == "bidirectional_rnn/bw/gru_cell/candidate/bias"
    assert names[4] == "bidirectional_rnn/fw/gru_cell/candidate/bias"
    assert outputs[0].shape == (2, 6)
    np.testing.assert_allclose(outputs[1][1, 3:], alone[0][0])
    np.testing.assert_allclose(outputs[0][1, 3:], alone[1][0])
    np.testing.assert_allclose(state_bw[1], alone_state[0])
    assert np.all(outputs[3][1] == 0)


def test_static_rnn_refuses_what_tensorflow_refuses():
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    with tf.Graph().as_default():
        x = tf.zeros([2, 3])
        with pytest.raises(TypeError, match="must be a sequence"):
            tf.nn.static_rnn(cell, x, dtype=tf.float32)
        with pytest.raises(ValueError, match="must not be empty"):
            tf.nn.static_rnn(cell, [], dtype=tf.float32)
        with pytest.raises(ValueError, match="`dtype` must be specified"):
            tf.nn.static_rnn(cell, [x])
        with pytest.raises(ValueError, match="must be accessible via shape inference"):
            tf.nn.static_rnn(cell, [tf.placeholder(tf.float32, [2, None])], dtype=tf.float32)
        with pytest.raises(TypeError, match="not an RNNCell"):
            tf.nn.static_rnn(lambda x, s: (x, s), [x], dtype=tf.float32)


def test_clipped_gradients_train_an_lstm_classifier():
    """The TF 1.x idiom: clip_by_global_norm over the recurrent weights, apply_gradients."""
    x_data = RNG.normal(size=(32, 6, 2)).astype(np.float32)
    labels = (x_data[:, :, 0].sum(axis=1) > 0).astype(np.int64)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 6, 2])
        outputs, _ = tf.contrib.rnn.static_rnn(
            tf.contrib.rnn.BasicLSTMCell(8), tf.unstack(x, axis=1), dtype=tf.float32
        )
        logits = tf.layers.dense(outputs[-1], 2)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        variables = tf.trainable_variables()
        grads, norm = tf.clip_by_global_norm(tf.gradients(loss, variables), 1.0)
        train = tf.train.AdamOptimizer(0.02).apply_gradients(zip(grads, variables, strict=True))
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            first = session.run(loss, {x: x_data})
            for _ in range(60):
                session.run(train, {x: x_data})
            clipped = session.run(tf.global_norm(grads), {x: x_data})
            assert session.run(loss, {x: x_data}) < 0.5 * first
    assert clipped <= 1.0 + 1e-5
