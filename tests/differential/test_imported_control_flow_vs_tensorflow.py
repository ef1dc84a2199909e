"""Graphs TensorFlow 2.21's compat.v1 writes with TensorLists (control flow v2: dynamic_rnn,
a loop's gradient), with Switch and Merge (control flow v1: tf.cond assigning variables,
batch normalization's training flag) or with Assert import into tinytf and compute
TensorFlow's values, variables after a training step, and assertion messages."""

import contextlib

import numpy as np
import pytest

import tinytf
from tests.differential.engines import tolerances
from tests.differential.reporting import record

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

RNG = np.random.default_rng(11)
SEQUENCES = RNG.standard_normal((3, 5, 4)).astype(np.float32)
LENGTHS = np.array([5, 2, 3], np.int32)
TIME_MAJOR = SEQUENCES.transpose(1, 0, 2)


@contextlib.contextmanager
def tensorflow_graph(control_flow_v2: bool):
    """A new compat.v1 graph with reference variables and the given control flow, the
    settings restored after."""
    resources, v2 = compat.resource_variables_enabled(), compat.control_flow_v2_enabled()
    compat.disable_resource_variables()
    if control_flow_v2:
        compat.enable_control_flow_v2()
    else:
        compat.disable_control_flow_v2()
    try:
        with tensorflow.Graph().as_default() as graph:
            yield graph
    finally:
        (compat.enable_resource_variables if resources else compat.disable_resource_variables)()
        (compat.enable_control_flow_v2 if v2 else compat.disable_control_flow_v2)()


def cells():
    rnn = compat.nn.rnn_cell
    return {
        "BasicLSTMCell": lambda: rnn.BasicLSTMCell(6),
        "GRUCell": lambda: rnn.GRUCell(5),
        "MultiRNNCell": lambda: rnn.MultiRNNCell(
            [rnn.LSTMCell(4, use_peepholes=True), rnn.GRUCell(3)]
        ),
    }


def _function_op_types(graph_def) -> set:
    return {node.op for function in graph_def.library.function for node in function.node_def}


@pytest.mark.parametrize("lengths", [None, LENGTHS], ids=["full", "sequence_length"])
@pytest.mark.parametrize("cell", sorted(cells()))
def test_a_frozen_dynamic_rnn_made_by_tensorflow_runs_in_tinytf(cell, lengths):
    """The cells' variables frozen into constants (tf.graph_util), as a deployed model."""
    with tensorflow_graph(control_flow_v2=True) as graph:
        x = compat.placeholder(compat.float32, [None, 5, 4], name="x")
        outputs, state = compat.nn.dynamic_rnn(
            cells()[cell](), x, sequence_length=lengths, dtype=compat.float32
        )
        fetches = [outputs, *tensorflow.nest.flatten(state)]
        with compat.Session() as session:
            session.run(compat.global_variables_initializer())
            expected = session.run(fetches, {x: SEQUENCES})
            graph_def = compat.graph_util.convert_variables_to_constants(
                session, graph.as_graph_def(), [t.op.name for t in fetches]
            )
    assert {"TensorListFromTensor", "TensorListReserve"} <= {n.op for n in graph_def.node}
    assert {"TensorListGetItem", "TensorListSetItem"} <= _function_op_types(graph_def)
    with tinytf.Graph().as_default():
        tinytf.import_graph_def(graph_def, name="")
        with tinytf.Session() as session:
            values = session.run([t.name for t in fetches], {"x:0": SEQUENCES})
    record("programs")
    for mine, theirs in zip(values, expected, strict=True):
        np.testing.assert_allclose(mine, theirs, **tolerances(np.float32))


def recurrent_loop():
    """A recurrence over time steps with a reference variable, trained by TensorFlow's own
    gradient of its while loop (TensorListPushBack in the loop, PopBack in the gradient)."""
    x = compat.placeholder(compat.float32, [5, None, 4], name="x")  # time major
    w = compat.get_variable("w", initializer=RNG.normal(size=(4, 4)).astype(np.float32) * 0.5)
    steps = x

    def body(i, h):
        return i + 1, compat.tanh(compat.matmul(h, w) + steps[i])

    _, final = compat.while_loop(lambda i, h: i < 5, body, [0, compat.zeros_like(steps[0])])
    loss = compat.reduce_mean(compat.square(final - 0.25))
    train = compat.train.GradientDescentOptimizer(0.5).minimize(loss)
    return x, w, [loss, *compat.gradients(loss, [w, x])], train


def test_a_training_step_through_tensorflows_loop_gradient_trains_the_same(tmp_path):
    """Through a .meta file and a checkpoint, both written by TensorFlow."""
    with tensorflow_graph(control_flow_v2=True) as graph:
        x, w, fetches, train = recurrent_loop()
        with compat.Session() as session:
            session.run(compat.global_variables_initializer())
            compat.train.Saver().save(session, str(tmp_path / "model"))
            expected = session.run(fetches, {x: TIME_MAJOR})
            session.run(train, {x: TIME_MAJOR})
            expected.append(session.run(w))
        graph_def = graph.as_graph_def()
    assert {"TensorListPushBack", "TensorListPopBack"} <= _function_op_types(graph_def)
    with tinytf.Graph().as_default(), tinytf.Session() as session:
        saver = tinytf.train.import_meta_graph(str(tmp_path / "model.meta"))
        saver.restore(session, str(tmp_path / "model"))
        values = session.run([t.name for t in fetches], {"x:0": TIME_MAJOR})
        session.run(train.name, {"x:0": TIME_MAJOR})
        values.append(session.run("w:0"))
    record("programs")
    for mine, theirs in zip(values, expected, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def assigning_conds(tf):
    """Conds written as Switch and Merge by TensorFlow 1.x: one assigning a variable, one
    nested in another, and batch normalization driven by a training flag."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    training = tf.placeholder(tf.bool, [], name="training")
    v = tf.Variable(1.0, name="v")
    counted = tf.cond(training, lambda: tf.assign(v, v * 3.0), lambda: tf.identity(v) + 1.0)
    nested = tf.cond(
        training,
        lambda: x * counted,
        lambda: tf.cond(counted > 2.0, lambda: x - 1.0, lambda: -x),
    )
    normalized = tf.layers.batch_normalization(x, training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    return [counted, nested, normalized], updates


def test_tensorflow_1_conds_assigning_variables_run_in_tinytf():
    flags = [True, False, True, False]
    with tensorflow_graph(control_flow_v2=False) as graph:
        fetches, updates = assigning_conds(compat)
        with compat.Session() as session:
            session.run(compat.global_variables_initializer())
            expected = [
                session.run([fetches, updates], {"x:0": SEQUENCES[0], "training:0": flag})[0]
                for flag in flags
            ]
            expected.append(session.run(compat.global_variables()))
            names = [v.name for v in compat.global_variables()]
        initializers = [v.initializer.name for v in compat.global_variables()]
        graph_def = graph.as_graph_def()
    assert {"Switch", "RefSwitch", "Merge"} <= {n.op for n in graph_def.node}
    with tinytf.Graph().as_default() as imported:
        tinytf.import_graph_def(graph_def, name="")
        update_names = [op.name for op in updates]
        with tinytf.Session() as session:
            session.run(initializers)
            fetch_names = [t.name for t in fetches]
            values = [
                session.run([fetch_names, update_names], {"x:0": SEQUENCES[0], "training:0": f})[0]
                for f in flags
            ]
            values.append(session.run(names))
        assert "If" in {op.type for op in imported.get_operations()}
    record("programs")
    for mine, theirs in zip(values, expected, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_failing_assert_fails_the_run_with_tensorflows_message():
    data = {"few": [np.arange(3)], "many": [np.arange(10.0).reshape(2, 5), np.array([True])]}
    for name, values in data.items():
        with tensorflow_graph(control_flow_v2=True) as graph:
            condition = compat.placeholder(compat.bool, [], name="condition")
            check = compat.Assert(condition, ["values:", *values], summarize=4, name="check")
            with compat.Session() as session:
                session.run(check, {condition: True})
                with pytest.raises(compat.errors.InvalidArgumentError) as expected:
                    session.run(check, {condition: False})
            graph_def = graph.as_graph_def()
        with tinytf.Graph().as_default(), tinytf.Session() as session:
            tinytf.import_graph_def(graph_def, name="")
            session.run(check.name, {"condition:0": True})
            with pytest.raises(tinytf.errors.InvalidArgumentError) as raised:
                session.run(check.name, {"condition:0": False})
        record("programs")
        message = expected.value.message.split("assertion failed: ")[1].split("\n")[0]
        assert raised.value.message == f"assertion failed: {message}", name
