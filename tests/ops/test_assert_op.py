"""TensorFlow's Assert op (imported graphs hold it): a false condition fails the run with
the data summarized as TensorFlow's kernel prints it."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops.assert_op import summary


@pytest.mark.parametrize(
    "value, limit, text",
    [
        (np.array([1, 2, 3]), 3, "1 2 3"),
        (np.arange(10), 3, "0 1 2..."),
        (np.array([[1.5, 2], [3, 4]], np.float32), 3, "[1.5 2][3...]..."),
        (np.zeros([2, 2, 2], np.float32), 3, "[[0 0][0...]]..."),
        (np.array(7), 3, "7"),
        (np.array([True, False]), 3, "1 0"),
        (np.array(b"ab", object), 3, "ab"),
        (np.zeros([2, 0]), 3, ""),
        (np.float32(0.1), 3, "0.1"),
    ],
)
def test_the_summary_is_tensorflows(value, limit, text):
    assert summary(value, limit) == text


def _assert(condition, data, summarize=3):
    graph = tf.get_default_graph()
    data = [tf.convert_to_tensor(d) for d in data]
    attrs = {"T": [d.dtype for d in data], "summarize": summarize}
    return graph.create_op("Assert", [condition, *data], attrs, name="check")


def test_a_false_condition_fails_the_run_naming_the_node():
    condition = tf.placeholder(tf.bool, [])
    check = _assert(condition, ["values:", np.arange(5)])
    with tf.Session() as session:
        session.run(check, {condition: True})
        with pytest.raises(tf.errors.InvalidArgumentError) as raised:
            session.run(check, {condition: False})
    assert raised.value.message == "assertion failed: [values:] [0 1 2...]"
    assert raised.value.op is check


def test_assert_crosses_a_graph_def_with_its_data_types():
    check = _assert(tf.constant(False), ["x", np.float32(1.0)], summarize=7)
    node = [n for n in tf.get_default_graph().as_graph_def().node if n.name == "check"][0]
    assert [tf.as_dtype(t) for t in node.attr["T"].list.type] == [tf.string, tf.float32]
    assert node.attr["summarize"].i == 7 and check.type == "Assert"
