"""tf.while_loop's gradient in a GraphDef: a While reading each iteration's recorded values
from TensorLists, last iteration first (TensorFlow runs it: see
tests/differential/test_control_flow_graph_def_vs_tensorflow.py)."""

import tinytf as tf


def test_a_loops_gradient_is_a_while_reading_the_recorded_lists_backwards():
    x = tf.placeholder(tf.float32, [3], name="x")
    result = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v)), [0, x])[1]
    (gradient,) = tf.gradients(result, x)
    graph_def = tf.get_default_graph().as_graph_def()
    nodes = {node.name: node for node in graph_def.node}
    functions = {function.signature.name: function for function in graph_def.library.function}
    node = nodes[gradient.op.name]  # the WhileGrad
    assert node.op == "StatelessWhile"
    assert list(node.input) == [
        "gradients/grad_ys_0",  # the carried gradient, at the WhileGrad's output 0
        f"{gradient.op.name}/iteration",
        "while/While:2",  # the forward loop's trip count
        "while/While:3",  # the list of the values sin's gradient reads
    ]
    cond = functions[node.attr["cond"].func.name]
    (less,) = cond.node_def
    assert less.op == "Less" and cond.ret["output_0"] == f"{less.name}:z:0"
    body = functions[node.attr["body"].func.name]
    ops = {inner.name: inner.op for inner in body.node_def}
    assert "TensorListGetItem" in ops.values() and "Cos" in ops.values()
    (index,) = [inner for inner in body.node_def if inner.name.endswith("/index")]
    assert index.op == "Sub"  # trips - 1 - i
