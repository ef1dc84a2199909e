"""tf.transpose in GraphDefs both ways: TensorFlow's Transpose reads its permutation as an
input, tinytf's keeps it as an attribute, so export writes the Const (or, for a tensor of
unknown rank, the ops tf.transpose computes it with) and import reads it back. A
dynamic_rnn transposes its input and output, so a recurrent model's .meta depends on it."""

import numpy as np
import pytest

import tinytf
from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
VALUES = np.random.default_rng(11).normal(size=(2, 5, 3)).astype(np.float32)


def transposes(tf):
    """A transpose with a given permutation, one of a tensor of unknown rank, and a
    dynamic_rnn whose inputs and outputs are transposed between batch and time (tinytf's
    loop is a While TensorFlow imports; TensorFlow 1.x's TensorArray loop tinytf cannot,
    so TensorFlow's side has the transposes alone)."""
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    anything = tf.placeholder(tf.float32, None, name="anything")
    tf.transpose(x, [1, 0, 2], name="swapped")
    tf.transpose(anything, name="reversed")
    if tf is not tinytf:
        tf.identity(tf.transpose(x, [0, 1, 2]), name="outputs")
        return
    cell = tf.nn.rnn_cell.LSTMCell(4, initializer=tf.constant_initializer(0.1))
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tf.identity(outputs, name="outputs")


def run(tf, session, feeds):
    return session.run(["swapped:0", "reversed:0", "outputs:0"], feeds)


def exported(tf):
    """The GraphDef of `transposes` built by `tf`, and what it computes there."""
    with graph(tf) as built:
        transposes(tf)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            values = run(tf, session, {"x:0": VALUES, "anything:0": VALUES})
    return built.as_graph_def().SerializeToString(), values


def imported(tf, serialized):
    """What the graph computes in `tf` after importing it, variables initialised."""
    engine_graph_def = tf.GraphDef.FromString(serialized)
    with graph(tf):
        tf.import_graph_def(engine_graph_def, name="")
        with tf.Session() as session:
            session.run(
                [op for op in tf.get_default_graph().get_operations() if op.type == "Assign"]
            )
            return run(tf, session, {"x:0": VALUES, "anything:0": VALUES})


@pytest.mark.parametrize("writer, reader", [("tinytf", "tensorflow"), ("tensorflow", "tinytf")])
def test_transposes_and_an_lstm_cross_in_graph_defs(writer, reader):
    serialized, written = exported(ENGINES[writer])
    read = imported(ENGINES[reader], serialized)
    for mine, theirs in zip(read, written, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-6)
    assert read[0].shape == (5, 2, 3) and read[1].shape == (3, 5, 2)
    record("programs")


def test_the_permutation_is_written_as_tensorflow_writes_it():
    nodes = {}
    for name, tf in ENGINES.items():
        with graph(tf) as built:
            x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
            tf.transpose(x, [1, 0, 2], name="swapped")
        graph_def = built.as_graph_def()
        nodes[name] = [(n.name, n.op, list(n.input)) for n in graph_def.node]
    assert nodes["tinytf"] == nodes["tensorflow"]
    assert ("swapped/perm", "Const", []) in nodes["tinytf"]
    record("programs")


def test_a_permutation_computed_at_run_time_is_refused_naming_the_node():
    with graph(compat):
        x = compat.placeholder(compat.float32, [2, 3], name="x")
        perm = compat.placeholder(compat.int32, [2], name="perm")
        compat.transpose(x, perm, name="moved")
        serialized = compat.get_default_graph().as_graph_def().SerializeToString()
    with (
        tinytf.Graph().as_default(),
        pytest.raises(tinytf.errors.UnimplementedError, match="'moved'.*not a constant"),
    ):
        tinytf.import_graph_def(tinytf.GraphDef.FromString(serialized), name="")
