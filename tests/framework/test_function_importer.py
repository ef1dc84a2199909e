"""If and While nodes of an imported GraphDef become tinytf's If and While ops over
sub-graphs rebuilt from the GraphDef's functions (TensorFlow's own GraphDefs: see
tests/differential/test_control_flow_graph_def_vs_tensorflow.py)."""

import numpy as np
import pytest

import tinytf as tf

X = np.arange(6, dtype=np.float32).reshape(2, 3)


def reimported():
    graph_def = tf.get_default_graph().as_graph_def()
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="copy")
    return graph


def test_only_the_taken_branch_of_an_imported_cond_runs():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")
    tf.cond(pred, lambda: x + 1.0, lambda: tf.reshape(x, [9]) * 0.0, name="choice")
    graph = reimported()
    op = graph.get_operation_by_name("copy/choice/If")
    assert op.type == "If"
    assert graph.get_operation_by_name("copy/choice/Reshape") in op.get_attr("else_branch").ops
    with graph.as_default(), tf.Session() as session:
        result = session.run("copy/choice/Merge:0", {"copy/x:0": X, "copy/pred:0": True})
        np.testing.assert_array_equal(result, X + 1.0)  # the reshape to [9] did not run
        with pytest.raises(tf.errors.InvalidArgumentError):
            session.run("copy/choice/Merge:0", {"copy/x:0": X, "copy/pred:0": False})


def test_an_imported_while_loop_runs_and_differentiates():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    scale = tf.constant(1.5, name="scale")
    tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * scale), [tf.constant(0), x])
    graph = reimported()
    assert graph.get_operation_by_name("copy/while/While").type == "While"
    with graph.as_default():
        result = graph.get_tensor_by_name("copy/while/Exit_1:0")
        (gradient,) = tf.gradients(result, graph.get_tensor_by_name("copy/x:0"))
        with tf.Session() as session:
            value, slope = session.run([result, gradient], {"copy/x:0": X})
    np.testing.assert_allclose(value, X * 1.5**3)
    np.testing.assert_allclose(slope, np.full((2, 3), 1.5**3))


def test_a_cond_inside_an_imported_loop_body_differentiates():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")

    def body(i, v):
        return i + 1, tf.cond(pred, lambda: v * 2.0, lambda: v * v)

    tf.while_loop(lambda i, v: i < 2, body, [tf.constant(0), x])
    graph = reimported()
    with graph.as_default():
        result = graph.get_tensor_by_name("copy/while/Exit_1:0")
        (gradient,) = tf.gradients(result, graph.get_tensor_by_name("copy/x:0"))
        with tf.Session() as session:
            doubled = session.run(gradient, {"copy/x:0": X, "copy/pred:0": True})
            squared = session.run(gradient, {"copy/x:0": X, "copy/pred:0": False})
    np.testing.assert_allclose(doubled, np.full((2, 3), 4.0))
    np.testing.assert_allclose(squared, 4.0 * X**3)  # d(x^4)/dx


def test_an_if_calling_a_function_missing_from_the_library_is_refused():
    tf.cond(tf.placeholder(tf.bool, []), lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    graph_def = tf.get_default_graph().as_graph_def()
    del graph_def.library.function[0]
    with tf.Graph().as_default(), pytest.raises(ValueError, match="not in the GraphDef's library"):
        tf.import_graph_def(graph_def)
