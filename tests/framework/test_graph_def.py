"""Graph -> GraphDef: what TensorBoard's loaders read back, and what its graph dashboard shows."""

import subprocess
import sys

import numpy as np
import pytest

import tinytf as tf

pytest.importorskip("tensorboard")
from tensorboard.backend import process_graph  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402

from tests.summary.tensorboard_reading import accumulator  # noqa: E402


def two_layer_model():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.name_scope("hidden"):
        weights = tf.Variable(np.ones((4, 3), np.float32), name="weights")
        hidden = tf.nn.relu(tf.matmul(x, weights))
    with tf.name_scope("output"):
        _, second = tf.split(hidden, [1, 2], axis=1)
        with tf.control_dependencies([hidden]):
            output = tf.identity(second, name="output")
    return x, weights, output


def nodes_by_name(graph_def):
    return {node.name: node for node in graph_def.node}


def test_nodes_have_names_op_types_and_inputs_with_output_indices_and_control_inputs():
    two_layer_model()
    nodes = nodes_by_name(tf.get_default_graph().as_graph_def())
    assert [node.name for node in tf.get_default_graph().as_graph_def().node] == [
        op.name for op in tf.get_default_graph().get_operations()
    ]
    assert nodes["hidden/MatMul"].op == "MatMul"
    assert list(nodes["hidden/MatMul"].input) == ["x", "hidden/weights/read"]
    assert list(nodes["hidden/weights/read"].input) == ["hidden/weights"]
    assert list(nodes["output/output"].input) == ["output/split:1", "^hidden/Relu"]
    assert nodes["hidden/MatMul"].attr["transpose_a"].b is False


def test_type_attributes_are_tensorflows():
    x, _, _ = two_layer_model()
    nodes = nodes_by_name(tf.get_default_graph().as_graph_def())
    assert nodes["x"].attr["dtype"].type == tf.float32.as_datatype_enum
    assert [dim.size for dim in nodes["x"].attr["shape"].shape.dim] == [-1, 4]
    assert nodes["hidden/Relu"].attr["T"].type == tf.float32.as_datatype_enum
    assert nodes["hidden/weights"].attr["dtype"].type == tf.float32.as_datatype_enum
    assert nodes["hidden/weights/initial_value"].attr["dtype"].type == tf.float32.as_datatype_enum


def test_constants_are_tensor_protos_that_tensorboard_decodes():
    values = {
        "floats": np.arange(6, dtype=np.float64).reshape(2, 3),
        "ints": np.array([-1, 2**40], np.int64),
        "flags": np.array([True, False]),
        "scalar": np.float32(2.5),
        "texts": np.array(["a", "é"]),
    }
    for name, value in values.items():
        tf.constant(value, name=name)
    nodes = nodes_by_name(tf.get_default_graph().as_graph_def())
    for name, value in values.items():
        decoded = tensor_util.make_ndarray(nodes[name].attr["value"].tensor)
        if name == "texts":
            assert decoded.tolist() == [b"a", "é".encode()]
        else:
            np.testing.assert_array_equal(decoded, value)
            assert decoded.dtype == np.asarray(value).dtype


def test_list_float_and_shape_attributes():
    tf.squeeze(tf.zeros([1, 2]), [0], name="squeezed")
    tf.nn.leaky_relu(tf.zeros([2]), alpha=0.25, name="leaky")
    tf.placeholder(tf.float32, name="anything")
    nodes = nodes_by_name(tf.get_default_graph().as_graph_def(add_shapes=True))
    assert list(nodes["squeezed"].attr["squeeze_dims"].list.i) == [0]
    assert nodes["leaky"].attr["alpha"].f == 0.25
    assert nodes["anything"].attr["shape"].shape.unknown_rank
    assert nodes["anything"].attr["_output_shapes"].list.shape[0].unknown_rank


def test_output_shapes_only_when_asked():
    two_layer_model()
    graph = tf.get_default_graph()
    assert "_output_shapes" not in nodes_by_name(graph.as_graph_def())["hidden/MatMul"].attr
    shapes = nodes_by_name(graph.as_graph_def(add_shapes=True))["output/split"].attr
    assert [[dim.size for dim in shape.dim] for shape in shapes["_output_shapes"].list.shape] == [
        [-1, 1],
        [-1, 2],
    ]


def test_session_graph_def_is_the_graphs():
    two_layer_model()
    with tf.Session() as session:
        assert session.graph_def == tf.get_default_graph().as_graph_def()


def test_an_attribute_without_a_graphdef_form_is_named_in_the_error():
    graph = tf.get_default_graph()
    graph.create_op("NoOp", [], {"callback": print}, name="odd")
    with pytest.raises(TypeError, match="attr 'callback' of op 'odd'"):
        graph.as_graph_def()


def tensorboard_groups(graph_def):
    """The top-level boxes of TensorBoard's graph dashboard: one per first name component,
    holding the ops whose names continue below it."""
    groups = {}
    for node in graph_def.node:
        top, _, rest = node.name.partition("/")
        groups.setdefault(top, []).append(rest)
    return groups


def test_tensorboard_loads_the_written_graph_with_its_scopes(tmp_path):
    _, weights, output = two_layer_model()
    loss = tf.reduce_sum(output, name="loss")
    tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.summary.FileWriter(tmp_path, tf.get_default_graph()):
        pass
    graph_def = accumulator(tmp_path).Graph()
    assert graph_def == tf.get_default_graph().as_graph_def(add_shapes=True)
    process_graph.prepare_graph_for_ui(graph_def)
    groups = tensorboard_groups(graph_def)
    # "Const": reduce_sum's every-axis indices, made outside its scope as in TensorFlow.
    assert set(groups) == {"x", "hidden", "output", "Const", "loss", "gradients", "GradientDescent"}
    assert "MatMul" in groups["hidden"] and "weights/read" in groups["hidden"]
    assert "hidden/MatMul_grad/MatMul_1" in groups["gradients"]
    update = nodes_by_name(graph_def)[
        "GradientDescent/update_hidden/weights/" + "ApplyGradientDescent"
    ]
    assert list(update.input)[0] == "hidden/weights"


def test_import_tinytf_loads_neither_tensorboard_nor_protobuf():
    code = (
        "import sys, tinytf; import tinytf.summary, tinytf.viz; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorboard', 'google', 'onnx', 'onnxruntime')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
