"""Graphs whose export writes TensorLists (a While recording values: dynamic_rnn, map_fn,
scan, a loop's gradient) or Switch and Merge (a cond assigning a variable) import back into
tinytf, from a .meta file and from a GraphDef, and compute what the saved graph computed:
the same values, and after one training step the same variables."""

import os

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(3)
SEQUENCES = RNG.standard_normal((2, 5, 3)).astype(np.float32)


def rnn_forward():
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return [outputs, state.c, state.h], [{x: SEQUENCES}], None


def rnn_training():
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    cell = tf.nn.rnn_cell.GRUCell(4)
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs - 0.5))
    return [loss], [{x: SEQUENCES}], tf.train.AdamOptimizer(0.1).minimize(loss)


def bidirectional_rnn_with_lengths():
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    lengths = tf.constant([5, 2], name="lengths")
    cells = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True), tf.nn.rnn_cell.BasicRNNCell(2)
    (forward, backward), _ = tf.nn.bidirectional_dynamic_rnn(
        *cells, x, sequence_length=lengths, dtype=tf.float32
    )
    loss = tf.reduce_sum(forward) + tf.reduce_sum(tf.square(backward))
    return (
        [forward, backward],
        [{x: SEQUENCES}],
        tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss),
    )


def nested_loop_gradient():
    """A map_fn over a scan: the outer loop records the inner loop's records."""
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    totals = tf.map_fn(lambda rows: tf.scan(lambda a, row: a * 0.5 + row * v, rows), x)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.sin(totals)))
    return [totals], [{x: SEQUENCES}], train


def map_fn_rows():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    scale = tf.Variable([1.0, 2.0, 3.0], name="scale")
    rows = tf.map_fn(lambda row: tf.reduce_sum(tf.sin(row) * scale), x)
    return [rows], [{x: SEQUENCES[0]}], None


def scan_running_total():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    decay = tf.Variable(0.5, name="decay")
    return [tf.scan(lambda total, row: total * decay + row, x)], [{x: SEQUENCES[1]}], None


def while_loop_gradient():
    x = tf.placeholder(tf.float32, [3], name="x")
    w = tf.Variable([0.5, -1.0, 2.0], name="w")
    _, total = tf.while_loop(
        lambda i, v: i < 4, lambda i, v: (i + 1, tf.tanh(v * w) + x), [tf.constant(0), x]
    )
    loss = tf.reduce_sum(total * total)
    gradients = tf.gradients(loss, [x, w])
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return [loss, *gradients], [{x: SEQUENCES[0, 0]}], train


def assigning_cond():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    training = tf.placeholder(tf.bool, [], name="training")
    counter = tf.Variable(1.0, name="counter")
    counted = tf.cond(
        training, lambda: tf.assign_add(counter, 2.0), lambda: tf.identity(counter) * 10.0
    )
    normalized = tf.layers.batch_normalization(x, training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(updates):
        moving = tf.identity(tf.global_variables()[-1])
    feeds = [{x: SEQUENCES[0], training: flag} for flag in (True, False, True)]
    return [counted, normalized, moving], feeds, None


PROGRAMS = [
    rnn_forward,
    rnn_training,
    bidirectional_rnn_with_lengths,
    nested_loop_gradient,
    map_fn_rows,
    scan_running_total,
    while_loop_gradient,
    assigning_cond,
]


def _names(items):
    return [item.name for item in items]


def _keyed(feeds):
    return [{t.name: value for t, value in feed.items()} for feed in feeds]


def original(program, directory):
    """What the saved graph computes (run after run), the variables after one training
    step, its .meta file and its GraphDef."""
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(7)
        fetches, feeds, train = program()
        init = tf.global_variables_initializer()
        saver = tf.train.Saver()
        with tf.Session() as session:
            session.run(init)
            saver.save(session, os.path.join(directory, "model"))
            values = [session.run(fetches, feed) for feed in feeds]
            trained = None
            if train is not None:
                session.run(train, feeds[0])
                trained = session.run(tf.global_variables())
        names = (_names(fetches), _keyed(feeds), train and train.name, init.name)
        return values, trained, names, _names(tf.global_variables()), graph.as_graph_def()


def rerun(session, names, variables):
    fetches, feeds, train, _ = names
    values = [session.run(fetches, feed) for feed in feeds]
    trained = None
    if train is not None:
        session.run(train, feeds[0])
        trained = session.run(variables)
    return values, trained


def assert_same(expected, actual):
    for mine, theirs in zip(expected, actual, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-7)


def assert_computes_the_same(session, values, trained, names, variables):
    """The imported graph in `session` gives the original's values and, after one
    training step, its variables."""
    imported_values, imported_trained = rerun(session, names, variables)
    assert_same(values, imported_values)
    if trained is not None:
        assert_same([trained], [imported_trained])


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_a_meta_graph_imports_back_and_computes_the_same(program, tmp_path):
    values, trained, names, variables, _ = original(program, str(tmp_path))
    with tf.Graph().as_default() as graph, tf.Session() as session:
        saver = tf.train.import_meta_graph(str(tmp_path / "model.meta"))
        saver.restore(session, str(tmp_path / "model"))
        assert "Merge" not in {op.type for op in graph.get_operations()}
        assert_computes_the_same(session, values, trained, names, variables)


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_a_graph_def_imports_back_and_computes_the_same(program, tmp_path):
    """Through tf.import_graph_def: the variables start from the graph's own seeded
    initializers, run by its `init` op."""
    values, trained, names, variables, graph_def = original(program, str(tmp_path))
    with tf.Graph().as_default(), tf.Session() as session:
        tf.import_graph_def(graph_def, name="")
        session.run(names[3])
        assert_computes_the_same(session, values, trained, names, variables)


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_an_imported_graph_exports_again_and_imports_computing_the_same(program, tmp_path):
    """What the import made (TensorList ops, If ops rebuilt from Switch and Merge) is
    written back as the first export wrote it, under the same names."""
    values, trained, names, variables, graph_def = original(program, str(tmp_path))
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        exported = graph.as_graph_def()
    assert sorted(n.name for n in exported.node) == sorted(n.name for n in graph_def.node)
    with tf.Graph().as_default(), tf.Session() as session:
        tf.import_graph_def(exported, name="")
        session.run(names[3])
        assert_computes_the_same(session, values, trained, names, variables)


def test_what_the_imported_graphs_hold(tmp_path):
    """The recorded values cross as TensorLists, the assigning cond as Switch and Merge,
    and come back as tinytf's While (with TensorList ops) and If."""
    *_, rnn_graph_def = original(rnn_training, str(tmp_path))
    *_, cond_graph_def = original(assigning_cond, str(tmp_path))
    function_ops = {n.op for f in rnn_graph_def.library.function for n in f.node_def}
    assert {"TensorListPushBack", "TensorListGetItem"} <= function_ops
    assert {"Switch", "RefSwitch", "Merge"} <= {n.op for n in cond_graph_def.node}
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(cond_graph_def, name="")
        types = [op.type for op in graph.get_operations()]
    assert types.count("If") >= 2 and not {"Switch", "Merge", "IdentityN"} & set(types)
