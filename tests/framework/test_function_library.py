"""tf.cond and tf.while_loop in a GraphDef: If and While nodes over the functions of the
GraphDef's library, as TensorFlow 2 writes them (TensorFlow runs them: see
tests/differential/test_control_flow_graph_def_vs_tensorflow.py)."""

import numpy as np

import tinytf as tf
from tinytf.framework.graph_def import make_ndarray, output_arg


def exported():
    graph_def = tf.get_default_graph().as_graph_def()
    nodes = {node.name: node for node in graph_def.node}
    functions = {function.signature.name: function for function in graph_def.library.function}
    return nodes, functions


def test_a_cond_is_an_if_node_calling_its_branches_as_functions():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")
    tf.cond(pred, lambda: x * 2.0, lambda: tf.nn.relu(x))
    nodes, functions = exported()
    node = nodes["cond/If"]
    assert node.op == "StatelessIf" and list(node.input) == ["pred", "x"]
    assert node.attr["Tcond"].type == tf.bool.as_datatype_enum
    assert list(node.attr["Tin"].list.type) == [tf.float32.as_datatype_enum]
    assert list(node.attr["Tout"].list.type) == [tf.float32.as_datatype_enum]
    assert [d.size for d in node.attr["output_shapes"].list.shape[0].dim] == [-1, 3]
    assert "cond/mul" not in nodes and "cond/Relu" not in nodes
    then_branch = functions[node.attr["then_branch"].func.name]
    else_branch = functions[node.attr["else_branch"].func.name]
    assert [arg.name for arg in then_branch.signature.input_arg] == ["x"]
    (mul,) = [n for n in then_branch.node_def if n.name == "cond/mul"]
    assert list(mul.input) == ["x", "cond/mul/y:output:0"]  # an argument, a node's output
    assert dict(then_branch.ret) == {"output_0": "cond/mul:z:0"}
    assert dict(else_branch.ret) == {"output_0": "cond/Relu:activations:0"}


def test_a_branch_drawing_random_numbers_is_a_stateful_if():
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dropout(x, 0.5, training=tf.placeholder(tf.bool, [], name="training"))
    nodes, _ = exported()
    assert nodes["dropout/cond/If"].op == "If"


def test_a_while_loop_is_a_while_node_whose_body_returns_its_captured_inputs():
    x = tf.placeholder(tf.float32, [3], name="x")
    w = tf.constant([1.0, 2.0, 3.0], name="w")
    tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, v * w), [tf.constant(0), x])
    nodes, functions = exported()
    node = nodes["while/While"]
    assert node.op == "StatelessWhile" and list(node.input) == ["Const", "x", "w"]
    assert len(node.attr["T"].list.type) == 3 and node.attr["parallel_iterations"].i == 10
    body = functions[node.attr["body"].func.name]
    cond = functions[node.attr["cond"].func.name]
    arguments = [arg.name for arg in body.signature.input_arg]
    assert [arg.type for arg in body.signature.input_arg] == [
        arg.type for arg in cond.signature.input_arg
    ]
    assert arguments == ["while_identity", "while_identity_1", "w"]
    assert body.ret["output_2"] == arguments[2]  # the captured w, passed on
    assert body.ret["output_0"] == "while/add:z:0"
    assert cond.ret["output_0"] == "while/Less:z:0"


def test_a_loop_whose_trip_count_is_read_counts_in_an_extra_loop_variable():
    x = tf.placeholder(tf.float32, [3], name="x")
    result = tf.while_loop(lambda v: tf.reduce_sum(v) < 100.0, lambda v: v * 2.0, [x])
    tf.gradients(result, x)  # reads the trip count
    nodes, functions = exported()
    node = nodes["while/While"]
    types = list(node.attr["T"].list.type)  # the values the gradient reads: TensorLists
    assert types[:2] == [tf.float32.as_datatype_enum, tf.int32.as_datatype_enum]
    assert set(types[2:]) == {tf.variant.as_datatype_enum}
    assert nodes["while/While/trip_counter"].op == "Const"
    body = functions[node.attr["body"].func.name]
    step = body.ret["output_1"].split(":")[0]
    (counter,) = [n for n in body.node_def if n.name == step]
    assert counter.op == "AddV2" and counter.input[0] == body.signature.input_arg[1].name


def test_a_cond_assigning_a_variable_is_lowered_to_switch_and_merge():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    normalized = tf.layers.batch_normalization(x, training=tf.placeholder(tf.bool, [], "t"))
    nodes, _ = exported()
    update = nodes["batch_normalization/cond_2/If"]
    assert update.op == "IdentityN"
    assert nodes["batch_normalization/cond_2/If/Switch_3"].op == "RefSwitch"
    assert nodes["batch_normalization/cond_2/AssignMovingAvg"].input[0] == (
        "batch_normalization/cond_2/If/Switch_3:1"  # the variable, through the true side
    )
    assert nodes["batch_normalization/cond_2/If/Merge_0"].op == "Merge"
    assert nodes["batch_normalization/cond/If"].op == "StatelessIf"  # reads no variable
    assert normalized.shape.as_list() == [None, 2]


def test_output_arguments_are_named_as_tensorflows_op_defs():
    assert output_arg("MatMul", 0, 1) == "product:0"
    assert output_arg("Unique", 1, 2) == "idx:0"
    assert output_arg("Split", 2, 3) == "output:2"
    assert output_arg("Placeholder", 0, 1) == "output:0"


def test_tinytfs_own_export_imports_back_and_runs():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    pred = tf.placeholder(tf.bool, [], name="pred")

    def body(i, v):
        return i + 1, tf.cond(pred, lambda: v * 2.0, lambda: v - 1.0)

    _, looped = tf.while_loop(lambda i, v: i < 3, body, [tf.constant(0), x])
    result = tf.cond(pred, lambda: looped + 1.0, lambda: tf.square(looped), name="outer")
    graph_def = tf.get_default_graph().as_graph_def()
    values = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as session:
        expected = [session.run(result, {x: values, pred: p}) for p in (True, False)]
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="copy")
        assert graph.get_operation_by_name("copy/while/While").type == "While"
        assert graph.get_operation_by_name("copy/while/cond/mul").type == "Mul"  # in a branch
        fetch = graph.get_tensor_by_name(f"copy/{result.name}")
        (gradient,) = tf.gradients(fetch, graph.get_tensor_by_name("copy/x:0"))
        with tf.Session() as session:
            for p, value in zip((True, False), expected, strict=True):
                feed = {"copy/x:0": values, "copy/pred:0": p}
                np.testing.assert_allclose(session.run(fetch, feed), value)
            assert session.run(gradient, {"copy/x:0": values, "copy/pred:0": True}).shape == (
                2,
                3,
            )


def test_values_a_loop_records_are_pushed_onto_tensor_lists_and_stacked():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    result = tf.map_fn(lambda row: row * 2.0, x)
    nodes, functions = exported()
    loop = nodes["map/while/While"]
    # map_fn's counter and accumulated value, the trip counter, the TensorList.
    assert list(loop.attr["T"].list.type)[:4] == [tf.int32.as_datatype_enum] * 3 + [
        tf.variant.as_datatype_enum
    ]
    assert nodes[loop.input[3]].op == "EmptyTensorList"
    body = functions[loop.attr["body"].func.name]
    (push,) = [node for node in body.node_def if node.name == body.ret["output_3"].split(":")[0]]
    assert push.op == "TensorListPushBack"
    stack = nodes[result.op.name]
    shape = f"{result.op.name}/element_shape"
    assert stack.op == "TensorListStack" and list(stack.input) == ["map/while/While:3", shape]
    assert make_ndarray(nodes[shape].attr["value"].tensor).tolist() == [3]
