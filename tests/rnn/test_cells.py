"""The cells: one step's values against NumPy, sizes, variables, zero states, wrappers."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.layers.base import _snake_case

RNG = np.random.default_rng(5)
X = RNG.normal(size=(2, 3))


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def step(cell, state=None, x=X, seed_weights=True):
    """One call of `cell` on X from `state` (default zeros); the values and the variables."""
    with tf.Graph().as_default():
        inputs = tf.constant(x)
        if state is None:
            state = cell.zero_state(x.shape[0], tf.float64)
        output, new_state = cell(inputs, state)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            weights = {}
            for variable in tf.global_variables():
                value = RNG.normal(size=variable.shape.as_list()) if seed_weights else None
                if value is not None:
                    variable.load(value, session)
                weights[variable.op.name] = session.run(variable)
            return session.run([output, new_state]), weights


def test_basic_lstm_cell_gates_are_i_j_f_o_in_one_kernel():
    c0, h0 = RNG.normal(size=(2, 4)), RNG.normal(size=(2, 4))
    cell = tf.nn.rnn_cell.BasicLSTMCell(4, forget_bias=0.7)
    (output, (c, h)), weights = step(cell, tf.nn.rnn_cell.LSTMStateTuple(c0, h0))
    kernel, bias = weights["basic_lstm_cell/kernel"], weights["basic_lstm_cell/bias"]
    assert kernel.shape == (3 + 4, 16) and bias.shape == (16,)
    i, j, f, o = np.split(np.concatenate([X, h0], 1) @ kernel + bias, 4, axis=1)
    expected_c = c0 * sigmoid(f + 0.7) + sigmoid(i) * np.tanh(j)
    expected_h = np.tanh(expected_c) * sigmoid(o)
    np.testing.assert_allclose(c, expected_c)
    np.testing.assert_allclose(h, expected_h)
    np.testing.assert_allclose(output, expected_h)


def test_gru_cell_reads_the_candidate_through_the_reset_gate():
    h0 = RNG.normal(size=(2, 4))
    (output, state), weights = step(tf.nn.rnn_cell.GRUCell(4), h0)
    gates = sigmoid(
        np.concatenate([X, h0], 1) @ weights["gru_cell/gates/kernel"]
        + weights["gru_cell/gates/bias"]
    )
    reset, update = gates[:, :4], gates[:, 4:]
    candidate = np.tanh(
        np.concatenate([X, reset * h0], 1) @ weights["gru_cell/candidate/kernel"]
        + weights["gru_cell/candidate/bias"]
    )
    np.testing.assert_allclose(output, update * h0 + (1 - update) * candidate)
    np.testing.assert_allclose(state, output)


def test_lstm_cell_peepholes_clip_and_projection():
    c0, m0 = RNG.normal(size=(2, 5)), RNG.normal(size=(2, 3))
    cell = tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True, cell_clip=0.3, num_proj=3, proj_clip=0.2)
    assert cell.state_size == (5, 3) and cell.output_size == 3
    (output, (c, m)), w = step(cell, (c0, m0))
    i, j, f, o = np.split(
        np.concatenate([X, m0], 1) @ w["lstm_cell/kernel"] + w["lstm_cell/bias"], 4, axis=1
    )
    expected_c = sigmoid(f + 1.0 + w["lstm_cell/w_f_diag"] * c0) * c0 + sigmoid(
        i + w["lstm_cell/w_i_diag"] * c0
    ) * np.tanh(j)
    expected_c = np.clip(expected_c, -0.3, 0.3)
    hidden = sigmoid(o + w["lstm_cell/w_o_diag"] * expected_c) * np.tanh(expected_c)
    expected_m = np.clip(hidden @ w["lstm_cell/projection/kernel"], -0.2, 0.2)
    np.testing.assert_allclose(c, expected_c)
    np.testing.assert_allclose(m, expected_m)
    np.testing.assert_allclose(output, expected_m)


def test_basic_rnn_cell_and_concatenated_lstm_state():
    h0 = RNG.normal(size=(2, 4))
    (output, state), w = step(tf.nn.rnn_cell.BasicRNNCell(4, activation=tf.nn.relu), h0)
    expected = np.maximum(
        np.concatenate([X, h0], 1) @ w["basic_rnn_cell/kernel"] + w["basic_rnn_cell/bias"], 0
    )
    np.testing.assert_allclose(output, expected)
    cell = tf.nn.rnn_cell.BasicLSTMCell(4, state_is_tuple=False)
    assert cell.state_size == 8
    (output, state), _ = step(cell)
    assert state.shape == (2, 8)
    np.testing.assert_allclose(state[:, 4:], output)


def test_default_initializers_glorot_kernels_zero_biases_gru_gate_bias_one():
    _, weights = step(tf.nn.rnn_cell.GRUCell(4), seed_weights=False)
    np.testing.assert_array_equal(weights["gru_cell/gates/bias"], np.ones(8))
    np.testing.assert_array_equal(weights["gru_cell/candidate/bias"], np.zeros(4))
    kernel = weights["gru_cell/gates/kernel"]
    assert 0 < np.abs(kernel).max() <= np.float32(np.sqrt(6 / (7 + 8)))  # float32 rounding
    _, weights = step(tf.nn.rnn_cell.BasicLSTMCell(4), seed_weights=False)
    np.testing.assert_array_equal(weights["basic_lstm_cell/bias"], np.zeros(16))


def test_zero_state_shapes_for_static_and_fed_batch_sizes():
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.GRUCell(2)])
    with tf.Graph().as_default():
        (c, h), g = cell.zero_state(3, tf.float32)
        assert c.shape.as_list() == [3, 4] and g.shape.as_list() == [3, 2]
        assert c.name.startswith("MultiRNNCellZeroState/BasicLSTMCellZeroState/")
        batch = tf.placeholder(tf.int32, [])
        (c, h), g = cell.zero_state(batch, tf.float32)
        assert c.shape.as_list() == [None, 4]
        with tf.Session() as session:
            assert session.run(g, {batch: 5}).shape == (5, 2)


def test_state_tuple_dtype_and_sizes():
    with tf.Graph().as_default():
        state = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([1, 2]), tf.zeros([1, 2]))
        assert state.dtype == tf.float32 and state.c is state[0]
        mixed = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([1, 2]), tf.zeros([1, 2], tf.float64))
        with pytest.raises(TypeError, match="Inconsistent dtypes"):
            mixed.dtype  # noqa: B018


def test_layer_names_keep_acronyms_whole_as_tensorflow():
    assert _snake_case("BasicLSTMCell") == "basic_lstm_cell"
    assert _snake_case("GRUCell") == "gru_cell"
    assert _snake_case("MultiRNNCell") == "multi_rnn_cell"
    assert _snake_case("BatchNormalization") == "batch_normalization"


class MinimalCell(tf.nn.rnn_cell.RNNCell):
    """A user's cell, in the style of TF 1.x tutorials: get_variable inside call."""

    state_size = property(lambda self: 2)
    output_size = property(lambda self: 2)

    def call(self, inputs, state):
        weight = tf.get_variable("weight", [inputs.shape[1].value + 2, 2], tf.float64)
        return tf.tanh(tf.matmul(tf.concat([inputs, state], 1), weight)), state + 1


def test_a_subclassed_cell_creates_its_variables_once_in_its_scope():
    with tf.Graph().as_default():
        cell = MinimalCell()
        outputs, state = tf.nn.static_rnn(cell, [tf.constant(X)] * 3, dtype=tf.float64)
        assert [v.op.name for v in tf.global_variables()] == ["rnn/minimal_cell/weight"]
        assert cell.trainable_weights == tf.global_variables()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            np.testing.assert_array_equal(session.run(state), np.full((2, 2), 3.0))


def test_cells_refuse_what_tensorflow_refuses():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known"):
            tf.nn.rnn_cell.GRUCell(2)(tf.placeholder(tf.float32, [2, None]), tf.zeros([2, 2]))
        with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
            tf.nn.rnn_cell.BasicLSTMCell(2)(tf.zeros([2, 3, 4]), (tf.zeros([2, 2]),) * 2)
        with pytest.raises(ValueError, match="only supports floating point"):
            tf.nn.rnn_cell.BasicRNNCell(2)(tf.zeros([2, 3], tf.int32), tf.zeros([2, 2], tf.int32))
        with pytest.raises(ValueError, match="Must specify at least one cell"):
            tf.nn.rnn_cell.MultiRNNCell([])
        with pytest.raises(ValueError, match="state_is_tuple is not set"):
            tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2)], state_is_tuple=False)
        with pytest.raises(TypeError, match="is not an RNNCell: 'output_size' property is missing"):
            tf.nn.rnn_cell.DropoutWrapper(object())
        with pytest.raises(ValueError, match="input_keep_prob must be between 0 and 1"):
            tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), input_keep_prob=1.5)
        with pytest.raises(NotImplementedError, match="does not shard"):
            tf.nn.rnn_cell.LSTMCell(2, num_unit_shards=2)


def test_multi_rnn_cell_scopes_each_cell_and_lists_all_weights():
    cells = [tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.BasicLSTMCell(3)]
    stack = tf.contrib.rnn.MultiRNNCell(cells)
    (output, state), weights = step(stack)
    assert sorted(weights) == [
        "multi_rnn_cell/cell_0/basic_lstm_cell/bias",
        "multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
        "multi_rnn_cell/cell_1/basic_lstm_cell/bias",
        "multi_rnn_cell/cell_1/basic_lstm_cell/kernel",
    ]
    assert len(stack.trainable_weights) == 4 and stack.weights == stack.trainable_variables
    np.testing.assert_allclose(output, state[1].h)


def test_wrappers_add_no_scope_residual_adds_dropout_spares_lstm_memory():
    h0 = RNG.normal(size=(2, 3))
    (plain, _), weights = step(tf.nn.rnn_cell.GRUCell(3), h0)
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(3))
        output, _ = cell(tf.constant(X), tf.constant(h0))
        assert [v.op.name for v in cell.trainable_weights] == [
            "gru_cell/gates/kernel",
            "gru_cell/gates/bias",
            "gru_cell/candidate/kernel",
            "gru_cell/candidate/bias",
        ]
        with tf.Session() as session:
            for variable in tf.global_variables():
                variable.load(weights[variable.op.name], session)
            np.testing.assert_allclose(session.run(output), X + plain)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        lstm = tf.nn.rnn_cell.BasicLSTMCell(3)
        wrapped = tf.nn.rnn_cell.DropoutWrapper(lstm, state_keep_prob=0.5, output_keep_prob=0.5)
        output, (c, h) = wrapped(tf.constant(X), lstm.zero_state(2, tf.float64))
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            c_value, h_value, out = session.run([c, h, output])
        assert np.all(c_value != 0) and np.any(h_value == 0) and np.any(out == 0)
