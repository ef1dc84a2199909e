"""Recurrent networks against TensorFlow's compat.v1: each cell unrolled each way gives the
same variable names, outputs, states and gradients from the same weights; default
initializers draw the same numbers; LSTM and GRU models follow the same loss trajectory."""

import zlib

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

STEPS, BATCH, DEPTH = 5, 3, 3
RNG = np.random.default_rng(17)
INPUTS = RNG.normal(size=(BATCH, STEPS, DEPTH))
LENGTHS = np.array([5, 2, 0], dtype=np.int32)


def cells(tf):
    rnn = tf.nn.rnn_cell
    return {
        "BasicRNNCell": lambda: rnn.BasicRNNCell(4),
        "BasicRNNCell relu": lambda: rnn.BasicRNNCell(4, activation=tf.nn.relu),
        "BasicLSTMCell": lambda: rnn.BasicLSTMCell(4, forget_bias=0.5),
        "BasicLSTMCell concatenated state": lambda: rnn.BasicLSTMCell(4, state_is_tuple=False),
        "LSTMCell": lambda: rnn.LSTMCell(4),
        "LSTMCell peepholes, clips, projection": lambda: rnn.LSTMCell(
            4, use_peepholes=True, cell_clip=0.8, num_proj=3, proj_clip=0.5
        ),
        "LSTMCell concatenated state": lambda: rnn.LSTMCell(4, num_proj=2, state_is_tuple=False),
        "GRUCell": lambda: rnn.GRUCell(4),
        "MultiRNNCell": lambda: rnn.MultiRNNCell([rnn.BasicLSTMCell(4), rnn.GRUCell(3)]),
        "MultiRNNCell concatenated state": lambda: rnn.MultiRNNCell(
            [rnn.GRUCell(4), rnn.BasicRNNCell(3)], state_is_tuple=False
        ),
        "ResidualWrapper": lambda: rnn.ResidualWrapper(rnn.GRUCell(DEPTH)),
        "DropoutWrapper keeping all": lambda: rnn.DropoutWrapper(rnn.BasicLSTMCell(4)),
        "DeviceWrapper": lambda: rnn.DeviceWrapper(rnn.GRUCell(4), "/cpu:0"),
    }


CELL_NAMES = sorted(cells(ENGINES["tinytf"]))


def static(tf, cell, x, lengths):
    return tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=x.dtype)


def static_lengths(tf, cell, x, lengths):
    return tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=x.dtype, sequence_length=lengths)


def static_bidirectional(tf, cell, x, lengths):
    backward = cells(tf)["GRUCell"]()
    outputs, fw, bw = tf.nn.static_bidirectional_rnn(
        cell, backward, tf.unstack(x, axis=1), dtype=x.dtype, sequence_length=lengths
    )
    return outputs, (fw, bw)


def dynamic(tf, cell, x, lengths):
    return tf.nn.dynamic_rnn(cell, x, dtype=x.dtype)


def dynamic_lengths_time_major(tf, cell, x, lengths):
    time_major = tf.transpose(x, [1, 0, 2])
    return tf.nn.dynamic_rnn(cell, time_major, lengths, dtype=x.dtype, time_major=True)


def dynamic_initial_state(tf, cell, x, lengths):
    """A given initial state, and lengths all below the step count: the loop stops early."""
    state = cell.zero_state(BATCH, x.dtype)
    return tf.nn.dynamic_rnn(cell, x, tf.minimum(lengths, 3), initial_state=state, swap_memory=True)


def bidirectional_dynamic(tf, cell, x, lengths):
    backward = cells(tf)["BasicLSTMCell"]()
    outputs, states = tf.nn.bidirectional_dynamic_rnn(
        cell, backward, x, lengths, dtype=x.dtype, parallel_iterations=4
    )
    return outputs, states


UNROLLS = {
    "static_rnn": static,
    "static_rnn sequence_length": static_lengths,
    "static_bidirectional_rnn": static_bidirectional,
    "dynamic_rnn": dynamic,
    "dynamic_rnn sequence_length time_major": dynamic_lengths_time_major,
    "dynamic_rnn initial_state": dynamic_initial_state,
    "bidirectional_dynamic_rnn": bidirectional_dynamic,
}


def flat(structure):
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in flat(item)]
    return [structure]


def weights_for(name: str, shape) -> np.ndarray:
    """Each variable's value, drawn from its name so that both engines get the same."""
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    return 0.5 * rng.normal(size=shape)


def run(engine: str, cell_name: str, unroll) -> dict:
    tf = ENGINES[engine]
    with graph(tf):
        x = tf.placeholder(tf.float64, [BATCH, STEPS, DEPTH], name="x")
        lengths = tf.placeholder(tf.int32, [BATCH], name="lengths")
        outputs, state = unroll(tf, cells(tf)[cell_name](), x, lengths)
        results = flat(outputs) + flat(state)
        coefficients = [weights_for(f"c{i}", t.shape.as_list()) for i, t in enumerate(results)]
        loss = tf.add_n([tf.reduce_sum(t * c) for t, c in zip(results, coefficients, strict=True)])
        variables = sorted(tf.global_variables(), key=lambda v: v.name)
        grads = tf.gradients(loss, variables + [x])
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable in variables:
                variable.load(weights_for(variable.name, variable.shape.as_list()), session)
            values = session.run(results + grads, {x: INPUTS, lengths: LENGTHS})
    return {
        "names": [v.name for v in variables],
        "shapes": [v.shape.as_list() for v in variables],
        "values": values,
    }


@pytest.mark.parametrize("unroll", sorted(UNROLLS))
@pytest.mark.parametrize("cell", CELL_NAMES)
def test_unrolled_cell_matches_tensorflow(cell, unroll):
    ours = run("tinytf", cell, UNROLLS[unroll])
    theirs = run("tensorflow", cell, UNROLLS[unroll])
    assert ours["names"] == theirs["names"]
    assert ours["shapes"] == theirs["shapes"]
    assert len(ours["values"]) == len(theirs["values"])
    for mine, reference in zip(ours["values"], theirs["values"], strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-10)
    record("programs")


INITIALIZED = {
    "BasicLSTMCell": lambda rnn: rnn.BasicLSTMCell(5),
    "GRUCell": lambda rnn: rnn.GRUCell(5),
    "LSTMCell": lambda rnn: rnn.LSTMCell(5, use_peepholes=True, num_proj=3),
    "BasicRNNCell": lambda rnn: rnn.BasicRNNCell(5),
}


def initial_values(engine: str, cell_name: str) -> dict:
    tf = ENGINES[engine]
    with graph(tf):
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [2, 4, 3])
        tf.nn.static_rnn(
            INITIALIZED[cell_name](tf.nn.rnn_cell), tf.unstack(x, axis=1), dtype=x.dtype
        )
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            return {v.name: session.run(v) for v in tf.global_variables()}


@pytest.mark.parametrize("cell", sorted(INITIALIZED))
def test_default_initializers_match_tensorflows(cell):
    """Biases are exact; kernels are glorot-uniform draws. TensorFlow 2.21's legacy cells
    draw them from unseeded Keras streams (two runs differ), so the draws are compared by
    their range, the one thing both engines share."""
    ours, theirs = initial_values("tinytf", cell), initial_values("tensorflow", cell)
    assert sorted(ours) == sorted(theirs)
    for name, reference in theirs.items():
        mine = ours[name]
        assert mine.shape == reference.shape, name
        if np.all(reference == reference.flat[0]):
            np.testing.assert_array_equal(mine, reference, err_msg=name)
            continue
        fans = sum(reference.shape) if reference.ndim == 2 else 2 * reference.size
        limit = np.sqrt(6 / fans)
        for values in (mine, reference):
            assert np.abs(values).max() <= limit, name
            if values.size >= 20:
                assert np.abs(values).max() > 0.8 * limit, name
    record("programs")


def seeded_dropout(engine: str):
    tf = ENGINES[engine]
    with graph(tf):
        tf.set_random_seed(11)
        x = tf.placeholder(tf.float32, [BATCH, STEPS, DEPTH])
        cell = tf.nn.rnn_cell.DropoutWrapper(
            tf.nn.rnn_cell.BasicLSTMCell(4),
            input_keep_prob=0.7,
            output_keep_prob=0.8,
            state_keep_prob=0.6,
            seed=5,
        )
        outputs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable in tf.global_variables():
                variable.load(weights_for(variable.name, variable.shape.as_list()), session)
            return session.run(outputs + list(state), {x: INPUTS})


def test_seeded_dropout_wrapper_drops_what_tensorflow_drops():
    for mine, reference in zip(seeded_dropout("tinytf"), seeded_dropout("tensorflow"), strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-5, atol=1e-6)
    record("programs")


TRAIN_STEPS, TRAIN_BATCH, TIME = 100, 16, 6
SEQUENCES = RNG.normal(size=(64, TIME, DEPTH)).astype(np.float32)
TOKENS = RNG.integers(0, 10, size=(64, TIME))
SEQUENCE_CLASSES = (SEQUENCES[:, :, 0].sum(axis=1) > 0).astype(np.int64) + 2 * (
    TOKENS[:, -1] > 4
).astype(np.int64)


def lstm_on_features(tf, features, tokens):
    return tf.unstack(features, axis=1), tf.nn.rnn_cell.BasicLSTMCell(8)


def gru_on_embeddings(tf, features, tokens):
    """Tokens read through an embedding table split in two shards (partition "div")."""
    shards = [tf.get_variable(f"embedding_{i}", [5, DEPTH]) for i in range(2)]
    embedded = tf.nn.embedding_lookup(shards, tokens, partition_strategy="div")
    return tf.unstack(embedded, axis=1), tf.nn.rnn_cell.GRUCell(8)


def unroll_static(tf, steps, cell):
    outputs, _ = tf.nn.static_rnn(cell, steps, dtype=tf.float32)
    return outputs[-1]


SEQUENCE_MODELS = {"LSTM": lstm_on_features, "GRU on embeddings": gru_on_embeddings}


def unroll_dynamic(tf, steps, cell):
    outputs, _ = tf.nn.dynamic_rnn(cell, tf.stack(steps, axis=1), dtype=tf.float32)
    return outputs[:, -1]


SEQUENCE_UNROLLS = {"static_rnn": unroll_static, "dynamic_rnn": unroll_dynamic}


def loss_trajectory(engine: str, model: str, unroll: str) -> np.ndarray:
    """The loss before each of 100 Adam steps on clipped gradients (clip_by_global_norm)."""
    tf = ENGINES[engine]
    with graph(tf):
        features = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="features")
        tokens = tf.placeholder(tf.int32, [None, TIME], name="tokens")
        labels = tf.placeholder(tf.int64, [None], name="labels")
        steps, cell = SEQUENCE_MODELS[model](tf, features, tokens)
        logits = tf.layers.dense(SEQUENCE_UNROLLS[unroll](tf, steps, cell), 4, name="logits")
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        variables = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(loss, variables), 1.0)
        train = tf.train.AdamOptimizer(0.02).apply_gradients(zip(grads, variables, strict=True))
        losses = []
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable in variables:
                value = weights_for(variable.name, variable.shape.as_list())
                variable.load(value.astype(np.float32), session)
            for step in range(TRAIN_STEPS):
                rows = slice(step * TRAIN_BATCH % 64, step * TRAIN_BATCH % 64 + TRAIN_BATCH)
                feed = {
                    features: SEQUENCES[rows],
                    tokens: TOKENS[rows],
                    labels: SEQUENCE_CLASSES[rows],
                }
                losses.append(session.run([loss, train], feed)[0])
    return np.array(losses)


@pytest.mark.parametrize("unroll", sorted(SEQUENCE_UNROLLS))
@pytest.mark.parametrize("model", sorted(SEQUENCE_MODELS))
def test_recurrent_loss_trajectory_matches_tensorflow(model, unroll):
    ours = loss_trajectory("tinytf", model, unroll)
    theirs = loss_trajectory("tensorflow", model, unroll)
    assert theirs[-4:].mean() < 0.7 * theirs[:4].mean(), "the model must learn something"
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    record("programs")


def embedding_rows(engine: str, strategy: str):
    tf = ENGINES[engine]
    with graph(tf):
        shards = [
            tf.placeholder(tf.float64, [rows, 2], name=f"shard_{i}")
            for i, rows in enumerate((3, 2, 2))
        ]
        rows = tf.nn.embedding_lookup(shards, [[6, 0], [4, 4], [1, 5]], partition_strategy=strategy)
        loss = tf.reduce_sum(rows * weights_for("rows", [3, 2, 2]))
        grads = [tf.convert_to_tensor(g) for g in tf.gradients(loss, shards)]
        feed = {s: weights_for(s.name, s.shape.as_list()) for s in shards}
        with tf.Session() as session:
            return session.run([rows] + grads, feed)


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_embedding_lookup_over_uneven_shards_matches_tensorflow(strategy):
    for mine, reference in zip(
        embedding_rows("tinytf", strategy), embedding_rows("tensorflow", strategy), strict=True
    ):
        np.testing.assert_allclose(mine, reference, rtol=1e-12)
    record("programs")


def subclassed_cell(engine: str):
    """A user's RNNCell subclass creating its variable with tf.get_variable in `call`, run
    by dynamic_rnn from an LSTMStateTuple initial state."""
    tf = ENGINES[engine]

    class PeepholeFreeLSTM(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: tf.nn.rnn_cell.LSTMStateTuple(4, 4))
        output_size = property(lambda self: 4)

        def call(self, inputs, state):
            c, h = state
            kernel = tf.get_variable("kernel", [DEPTH + 4, 16], tf.float64)
            i, j, f, o = tf.split(tf.matmul(tf.concat([inputs, h], 1), kernel), 4, axis=1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(j)
            h = tf.sigmoid(o) * tf.tanh(c)
            return h, tf.nn.rnn_cell.LSTMStateTuple(c, h)

    with graph(tf):
        x = tf.placeholder(tf.float64, [BATCH, STEPS, DEPTH])
        start = tf.nn.rnn_cell.LSTMStateTuple(
            tf.constant(weights_for("c", [BATCH, 4])), tf.constant(weights_for("h", [BATCH, 4]))
        )
        outputs, state = tf.nn.dynamic_rnn(PeepholeFreeLSTM(), x, initial_state=start)
        variables = tf.global_variables()
        grads = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state.c), variables + [x])
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable in variables:
                variable.load(weights_for(variable.name, variable.shape.as_list()), session)
            values = session.run([outputs, state.c, state.h] + grads, {x: INPUTS})
    return [v.name for v in variables], values


def test_a_subclassed_cell_matches_tensorflow():
    our_names, ours = subclassed_cell("tinytf")
    their_names, theirs = subclassed_cell("tensorflow")
    assert our_names == their_names
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-10)
    record("programs")
