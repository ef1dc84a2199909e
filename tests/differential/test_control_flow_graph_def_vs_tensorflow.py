"""Control flow crosses to TensorFlow's compat.v1 as GraphDefs: tinytf writes tf.cond and
tf.while_loop as If and While nodes over the functions of the GraphDef's library (a cond
that assigns a variable as TF 1.x's Switch and Merge), and TensorFlow imports and runs
them with tinytf's values; a training step with batch normalization and dropout driven by
a placeholder `training` flag crosses as a .meta file and trains on in TensorFlow."""

import numpy as np
import pytest

import tinytf
from tests.differential.reporting import record

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

RNG = np.random.default_rng(5)
X = RNG.standard_normal((4, 3)).astype(np.float32)


def cond_with_structures(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")
    result = tf.cond(
        pred,
        lambda: {"sum": tf.reduce_sum(x, 1), "pair": (x * 2.0, tf.constant(1))},
        lambda: {"sum": tf.reduce_max(x, 1), "pair": (x - 1.0, tf.constant(2))},
    )
    return [result["sum"], *result["pair"]], {"pred": [True, False]}


def cond_reading_its_predicate(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")
    flag = tf.cast(pred, tf.float32)
    return [tf.cond(pred, lambda: x * flag, lambda: x + tf.cast(pred, tf.float32))], {
        "pred": [True, False]
    }


def case_of_three(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    k = tf.placeholder(tf.int32, [], name="k")
    result = tf.case(
        [(tf.equal(k, 0), lambda: x * 3.0), (tf.equal(k, 1), lambda: x - 3.0)],
        default=lambda: tf.abs(x),
        exclusive=True,
    )
    return [result], {"k": [0, 1, 2]}


def while_with_a_captured_variable(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.linspace(0.5, 1.5, 3).astype(np.float32), name="w")
    n = tf.placeholder(tf.int32, [], name="n")
    i, total = tf.while_loop(
        lambda i, total: i < n, lambda i, total: (i + 1, total * w + 1.0), [tf.constant(0), x]
    )
    return [i, total], {"n": [0, 4]}


def while_with_maximum_iterations(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    limit = tf.placeholder(tf.int32, [], name="limit")
    result = tf.while_loop(
        lambda v: tf.reduce_sum(v) < 1e6, lambda v: v * 2.0 + 1.0, [x], maximum_iterations=limit
    )
    return [result], {"limit": [1, 5, 100]}


def cond_inside_while(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    n = tf.placeholder(tf.int32, [], name="n")

    def body(i, v):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * 2.0, lambda: v - 1.0)

    return list(tf.while_loop(lambda i, v: i < n, body, [tf.constant(0), x])), {"n": [3]}


def while_inside_cond(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")

    def looped():
        return tf.while_loop(lambda v: tf.reduce_max(v) < 50.0, lambda v: v * 3.0 + 1.0, [x])

    return [tf.cond(pred, looped, lambda: tf.identity(x))], {"pred": [True, False]}


def cond_inside_cond(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    a = tf.placeholder(tf.bool, [], name="a")
    b = tf.placeholder(tf.bool, [], name="b")

    def inner():
        return tf.cond(b, lambda: x * 10.0, lambda: tf.square(x))

    return [tf.cond(a, inner, lambda: x - 5.0)], {"a": [True, False], "b": [True, False]}


def map_fn_over_rows(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    scale = tf.placeholder(tf.float32, [], name="scale")
    return [tf.map_fn(lambda row: tf.reduce_sum(tf.sin(row) * scale), x)], {"scale": [0.5, 2.0]}


def scan_running_product(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    reverse = tf.placeholder(tf.bool, [], name="reverse")
    forward = tf.scan(lambda total, row: total * 0.5 + row, x)
    return [tf.cond(reverse, lambda: forward[::-1], lambda: forward)], {"reverse": [False]}


PROGRAMS = [
    cond_with_structures,
    cond_reading_its_predicate,
    case_of_three,
    while_with_a_captured_variable,
    while_with_maximum_iterations,
    cond_inside_while,
    while_inside_cond,
    cond_inside_cond,
    map_fn_over_rows,
    scan_running_product,
]


def feeds_of(choices):
    """Every combination of the fed values, with x."""
    combinations = [{"x:0": X}]
    for name, values in choices.items():
        combinations = [{**c, f"{name}:0": value} for c in combinations for value in values]
    return combinations


def tinytf_run(program):
    graph = tinytf.Graph()
    with graph.as_default():
        fetches, choices = program(tinytf)
        with tinytf.Session() as session:
            session.run(tinytf.global_variables_initializer())
            values = [session.run(fetches, feed) for feed in feeds_of(choices)]
    return graph.as_graph_def(), [t.name for t in fetches], feeds_of(choices), values


def tensorflow_run(graph_def, fetches, feeds):
    graph = compat.Graph()
    with graph.as_default():
        compat.import_graph_def(compat.GraphDef.FromString(graph_def.SerializeToString()), name="")
        initializers = [op for op in graph.get_operations() if op.type == "Assign"]
        with compat.Session() as session:
            session.run(initializers)
            return graph, [session.run(fetches, feed) for feed in feeds]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_tensorflow_imports_and_runs_tinytfs_control_flow(program):
    graph_def, fetches, feeds, expected = tinytf_run(program)
    graph, values = tensorflow_run(graph_def, fetches, feeds)
    record("programs")
    for mine, theirs in zip(expected, values, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6)
    types = {op.type for op in graph.get_operations()}
    assert types & {"If", "StatelessIf", "While", "StatelessWhile"}
    assert not types & {"Switch", "Merge"}  # functional control flow, not lowered


# TensorFlow's exclusive tf.case asserts with an Assert op, and its map_fn and scan read
# and write TensorLists: tinytf imports those too.
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_tinytf_imports_and_runs_tensorflows_control_flow(program):
    graph = compat.Graph()
    with graph.as_default(), compat.variable_scope(compat.get_variable_scope(), use_resource=False):
        fetches, choices = program(compat)
        with compat.Session() as session:
            session.run(compat.global_variables_initializer())
            expected = [session.run(fetches, feed) for feed in feeds_of(choices)]
    graph_def = graph.as_graph_def()
    assert {node.op for node in graph_def.node} & {"StatelessIf", "StatelessWhile", "If"}
    with tinytf.Graph().as_default() as imported:
        tinytf.import_graph_def(graph_def, name="")
        initializers = [op for op in imported.get_operations() if op.type == "Assign"]
        with tinytf.Session() as session:
            session.run(initializers)
            names = [t.name for t in fetches]
            values = [session.run(names, feed) for feed in feeds_of(choices)]
    record("programs")
    for mine, theirs in zip(values, expected, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6)


def test_tensorflow_keeps_the_static_shapes_of_the_outputs():
    graph_def, fetches, _, _ = tinytf_run(cond_with_structures)
    graph = compat.Graph()
    with graph.as_default():
        compat.import_graph_def(compat.GraphDef.FromString(graph_def.SerializeToString()), name="")
    shapes = [graph.get_tensor_by_name(name).shape.as_list() for name in fetches]
    assert shapes == [[None], [None, 3], []]


LABELS = np.array([0, 1, 1, 0], np.int32)
KERNEL = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
OUTPUT_KERNEL = np.linspace(-0.5, 0.7, 8, dtype=np.float32).reshape(4, 2)


def mlp_with_a_training_flag(tf, rate):
    """Dense, batch normalization and dropout, their `training` a placeholder, and an SGD
    step running the moving averages' updates."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    labels = tf.placeholder(tf.int32, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    hidden = tf.layers.dense(
        x, 4, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(KERNEL)
    )
    normalized = tf.layers.batch_normalization(hidden, training=training)
    dropped = tf.layers.dropout(normalized, rate, training=training)
    logits = tf.layers.dense(
        dropped, 2, kernel_initializer=tf.constant_initializer(OUTPUT_KERNEL), name="out"
    )
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
    for gradient in tf.gradients(loss, tf.trainable_variables()):
        tf.add_to_collection("gradients", gradient)
    tf.add_to_collection("probes", normalized)
    tf.add_to_collection("probes", dropped)
    tf.add_to_collection("probes", loss)
    tf.global_variables_initializer()


def steps(tf, session):
    """Loss and gradients in training mode, a training step, then the loss in both modes
    and the moving mean the step updated."""
    graph = session.graph
    loss = tf.get_collection("probes")[2]
    gradients = tf.get_collection("gradients")
    feed = {"x:0": X, "labels:0": LABELS, "training:0": True}
    first = session.run([loss, *gradients], feed)
    session.run("train", feed)
    moving_mean = graph.get_tensor_by_name("batch_normalization/moving_mean:0")
    after = session.run([loss, moving_mean], feed)
    inference = session.run(loss, {"x:0": X, "labels:0": LABELS})
    return [*first, *after, inference]


def test_a_training_step_with_a_training_flag_runs_on_in_tensorflow(tmp_path):
    path = str(tmp_path / "model.meta")
    with tinytf.Graph().as_default():
        mlp_with_a_training_flag(tinytf, 0.0)
        with tinytf.Session() as session:
            session.run("init")
            expected = steps(tinytf, session)
        tinytf.train.export_meta_graph(path)
    with compat.Graph().as_default():
        compat.train.import_meta_graph(path)
        with compat.Session() as session:
            session.run("init")
            values = steps(compat, session)
    record("programs")
    for mine, theirs in zip(expected, values, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=2e-5, atol=1e-7)


def test_dropout_with_a_training_flag_drops_in_tensorflow(tmp_path):
    path = str(tmp_path / "model.meta")
    with tinytf.Graph().as_default():
        mlp_with_a_training_flag(tinytf, 0.5)
        tinytf.train.export_meta_graph(path)
    with compat.Graph().as_default():
        compat.train.import_meta_graph(path)
        normalized, dropped, _ = compat.get_collection("probes")
        with compat.Session() as session:
            session.run("init")
            before, after = session.run([normalized, dropped], {"x:0": X, "training:0": True})
            kept = session.run(dropped, {"x:0": X})
            inference = session.run(normalized, {"x:0": X})
    assert after.shape == (4, 4)
    assert np.all(np.isclose(after, 0.0) | np.isclose(after, 2.0 * before, rtol=1e-6))
    np.testing.assert_array_equal(kept, inference)  # no dropout when not training


def test_a_frozen_graph_with_a_training_flag_runs_in_tensorflow():
    with tinytf.Graph().as_default() as graph:
        mlp_with_a_training_flag(tinytf, 0.5)
        with tinytf.Session() as session:
            session.run("init")
            frozen = tinytf.graph_util.convert_variables_to_constants(
                session, graph.as_graph_def(), ["out/BiasAdd"]
            )
            expected = session.run("out/BiasAdd:0", {"x:0": X})
    assert len(frozen.library.function) >= 2  # the conds' branches came along
    with compat.Graph().as_default():
        compat.import_graph_def(compat.GraphDef.FromString(frozen.SerializeToString()), name="")
        with compat.Session() as session:
            inference = session.run("out/BiasAdd:0", {"x:0": X})
            training = session.run("out/BiasAdd:0", {"x:0": X, "training:0": True})
    record("programs")
    np.testing.assert_allclose(inference, expected, rtol=1e-6)
    assert training.shape == (4, 2)


def recurrent_training_step(tf):
    """A loop with a cond inside over a variable, a map_fn over its result, their
    gradients and an SGD step: the loops' gradients cross as While nodes too."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.linspace(-0.5, 0.5, 9, dtype=np.float32).reshape(3, 3), name="w")

    def body(i, state):
        return i + 1, tf.cond(
            i < 1, lambda: tf.tanh(tf.matmul(state, w)) + x, lambda: tf.sin(state) * 2.0
        )

    _, state = tf.while_loop(lambda i, state: i < 3, body, [tf.constant(0), x])
    loss = tf.reduce_sum(tf.map_fn(lambda row: tf.reduce_sum(row * row), state), name="loss")
    gradients = tf.gradients(loss, [x, w])
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return [loss, *gradients]


def test_a_training_step_through_while_loops_runs_in_tensorflow():
    graph = tinytf.Graph()
    with graph.as_default():
        fetches = recurrent_training_step(tinytf)
        with tinytf.Session() as session:
            session.run(tinytf.global_variables_initializer())
            expected = session.run(fetches, {"x:0": X})
            session.run("train", {"x:0": X})
            expected.append(session.run("loss:0", {"x:0": X}))
    names = [t.name for t in fetches]
    graph_def = graph.as_graph_def()
    assert {node.op for node in graph_def.node} >= {"StatelessWhile", "TensorListStack"}
    with compat.Graph().as_default() as imported:
        compat.import_graph_def(compat.GraphDef.FromString(graph_def.SerializeToString()), name="")
        with compat.Session() as session:
            session.run([op for op in imported.get_operations() if op.type == "Assign"])
            values = session.run(names, {"x:0": X})
            session.run("train", {"x:0": X})
            values.append(session.run("loss:0", {"x:0": X}))
    record("programs")
    for mine, theirs in zip(expected, values, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=2e-5, atol=1e-6)


def test_gradients_through_nested_loops_run_in_tensorflow():
    """The outer loop's gradient records the inner loop's TensorLists: lists of lists."""
    graph = tinytf.Graph()
    with graph.as_default():
        x = tinytf.placeholder(tinytf.float64, [3, 4], name="x")
        w = tinytf.placeholder(tinytf.float64, [4, 4], name="w")

        def inner(s):
            return tinytf.while_loop(
                lambda j, t: j < 2, lambda j, t: (j + 1, tinytf.matmul(tinytf.sin(t), w)), [0, s]
            )[1]

        out = tinytf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, inner(s) + x), [0, x])[1]
        fetches = [out, *tinytf.gradients(tinytf.reduce_sum(out * out), [x, w])]
        feed = {"x:0": np.linspace(-1.0, 1.0, 12).reshape(3, 4), "w:0": np.eye(4) * 0.7}
        with tinytf.Session() as session:
            expected = session.run(fetches, feed)
    with compat.Graph().as_default():
        graph_def = compat.GraphDef.FromString(graph.as_graph_def().SerializeToString())
        compat.import_graph_def(graph_def, name="")
        with compat.Session() as session:
            values = session.run([t.name for t in fetches], feed)
    record("programs")
    for mine, theirs in zip(expected, values, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)


def test_output_argument_names_are_tensorflows():
    """The table functions name outputs by (tools/make_op_output_args.py) is TensorFlow's."""
    from tensorflow.python.framework import op_def_registry

    from tinytf.framework.op_output_args import OUTPUT_ARGS

    for op_type, names in OUTPUT_ARGS.items():
        op_def = op_def_registry.get(op_type)
        declared = tuple(
            arg.name + ("*" if arg.number_attr or arg.type_list_attr else "")
            for arg in op_def.output_arg
        )
        assert names == declared, op_type
