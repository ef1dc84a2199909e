"""tinytf.viz: graph drawings as SVG, by Graphviz or by the pure-Python layered layout."""

import shutil
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

import tinytf as tf
from tinytf import viz
from tinytf.viz.drawing import build_drawing
from tinytf.viz.layout import layered_layout

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg_text):
    return ElementTree.fromstring(svg_text)


def node_titles(svg_text):
    return [
        group.find(f"{SVG}title").text
        for group in parsed(svg_text).iter(f"{SVG}g")
        if (group.get("class") or "").startswith("node ")
    ]


def node_classes(svg_text):
    return {
        group.find(f"{SVG}title").text: group.get("class")
        for group in parsed(svg_text).iter(f"{SVG}g")
        if (group.get("class") or "").startswith("node ")
    }


def model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("layer"):
        weights = tf.Variable(np.ones((2, 1), np.float32), name="weights")
        output = tf.sigmoid(tf.matmul(x, weights))
    loss = tf.reduce_mean(tf.square(output - 1.0), name="loss")
    return x, weights, output, loss


def test_a_tensor_is_drawn_with_the_ops_that_compute_it_and_nothing_else():
    x, _, output, loss = model()
    svg_text = viz.to_svg(output, engine="python")
    assert sorted(node_titles(svg_text)) == sorted(
        [
            "x (Placeholder) -> (?, 2)",
            "layer/weights (VariableV2) -> (2, 1)",
            "layer/weights/read (Identity) -> (2, 1)",
            "layer/MatMul (MatMul) -> (?, 1)",
            "layer/Sigmoid (Sigmoid) -> (?, 1)",
        ]
    )
    assert node_classes(svg_text)["layer/Sigmoid (Sigmoid) -> (?, 1)"] == "node op"
    assert 'stroke-width="2.5"' in svg_text  # the drawn tensor's op is highlighted
    paths = list(parsed(svg_text).iter(f"{SVG}path"))
    assert len(paths) == 1 + 4  # the arrow head, then one path per edge


def test_a_graph_collapses_each_top_level_name_scope_into_a_box():
    model()
    svg_text = viz.to_svg(tf.get_default_graph(), engine="python")
    titles = node_titles(svg_text)
    layer_ops = [
        op for op in tf.get_default_graph().get_operations() if op.name.startswith("layer/")
    ]
    assert f"name scope layer: {len(layer_ops)} ops" in titles
    assert not any(title.startswith("layer/") for title in titles)
    assert sum(title.startswith("loss") for title in titles) == 1


def test_collapse_by_depth_and_no_collapse():
    model()
    graph = tf.get_default_graph()
    two_deep = node_titles(viz.to_svg(graph, collapse=2, engine="python"))
    assert any(title.startswith("name scope layer/weights:") for title in two_deep)
    everything = node_titles(viz.to_svg(graph, collapse=False, engine="python"))
    assert len(everything) == len(graph.get_operations())


def test_labels_are_the_shortest_unambiguous_name_endings():
    with tf.name_scope("a"):
        tf.identity(tf.constant(1.0), name="out")
    with tf.name_scope("b"):
        tf.identity(tf.constant(2.0), name="out")
    texts = [
        text.text for text in parsed(viz.to_svg(collapse=False, engine="python")).iter(f"{SVG}text")
    ]
    assert {"a/out", "b/out", "a/Const", "b/Const"} <= set(texts)


def test_gradient_graph_shows_gradient_ops_in_their_own_style():
    _, weights, _, loss = model()
    svg_text = viz.gradient_svg(loss, engine="python")
    classes = node_classes(svg_text)
    gradient_titles = [title for title, kind in classes.items() if kind == "node gradient"]
    assert "gradients/layer/MatMul_grad/MatMul_1 (MatMul) -> (2, 1)" in gradient_titles
    assert classes["loss (Mean) -> ()"] == "node op"
    with pytest.raises(ValueError, match="No variables"):
        viz.gradient_svg(loss, var_list=[])


def test_control_dependencies_are_dashed():
    first = tf.constant(1.0, name="first")
    with tf.control_dependencies([first]):
        second = tf.constant(2.0, name="second")
    svg_text = viz.to_svg(second, engine="python")
    (edge,) = [path for path in parsed(svg_text).iter(f"{SVG}path") if path.get("stroke-dasharray")]
    assert edge.find(f"{SVG}title").text == "control dependency"


def test_notebook_reprs_are_svg():
    _, _, output, _ = model()
    for shown in (tf.get_default_graph(), output):
        assert parsed(shown._repr_svg_()).tag == f"{SVG}svg"


def test_an_empty_graph_draws_a_note():
    assert "(empty graph)" in viz.to_svg(tf.Graph(), engine="python")


def test_write_svg(tmp_path):
    _, _, output, _ = model()
    path = viz.write_svg(output, tmp_path / "output.svg", engine="python")
    assert parsed(path.read_text()).tag == f"{SVG}svg"


def test_bad_options_are_refused():
    _, _, output, _ = model()
    with pytest.raises(ValueError, match="engine must be one of auto, dot, python"):
        viz.to_svg(output, engine="neato")
    with pytest.raises(ValueError, match="collapse must be True, False or a positive int"):
        viz.to_svg(output, collapse=0)


def test_the_dot_engine_needs_graphviz(monkeypatch):
    _, _, output, _ = model()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError, match="engine='python'"):
        viz.to_svg(output, engine="dot")
    assert parsed(viz.to_svg(output)).tag == f"{SVG}svg"  # "auto" falls back to Python


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graphviz_draws_the_same_nodes_with_shapes_on_the_edges():
    _, _, output, _ = model()
    svg_text = viz.to_svg(output, engine="dot")
    assert parsed(svg_text).tag == f"{SVG}svg"
    assert svg_text.count('class="node"') == 5
    assert "(?, 2)" in svg_text  # the edge from x is labelled with its shape


def test_dot_source_quotes_names_and_labels_edges():
    _, _, output, _ = model()
    source = viz.to_dot(output)
    assert '"layer/MatMul" -> "layer/Sigmoid" [label="(?, 1)"];' in source
    assert source.startswith("digraph tinytf {")


def layout_of(ops, depth=None):
    drawing = build_drawing(ops, depth)
    sizes = {key: node.size for key, node in drawing.nodes.items()}
    edges = [(edge.source, edge.target) for edge in drawing.edges]
    return sizes, edges, layered_layout(sizes, edges)


def test_layout_keeps_boxes_apart_and_edges_from_bottom_to_top():
    _, _, _, loss = model()
    tf.gradients(loss, tf.trainable_variables())
    sizes, edges, layout = layout_of(tf.get_default_graph().get_operations())
    boxes = [
        (x - sizes[key][0] / 2, y - sizes[key][1] / 2, x + sizes[key][0] / 2, y + sizes[key][1] / 2)
        for key, (x, y) in layout.centres.items()
    ]
    for index, (left, top, right, bottom) in enumerate(boxes):
        assert 0 <= left and right <= layout.width and 0 <= top and bottom <= layout.height
        for other_left, other_top, other_right, other_bottom in boxes[index + 1 :]:
            assert (
                right <= other_left
                or other_right <= left
                or bottom <= other_top
                or other_bottom <= top
            )
    for (source, target), route in zip(edges, layout.routes, strict=True):
        assert route[0] == (
            layout.centres[source][0],
            layout.centres[source][1] + sizes[source][1] / 2,
        )
        assert route[-1] == (
            layout.centres[target][0],
            layout.centres[target][1] - sizes[target][1] / 2,
        )
        assert all(a[1] < b[1] for a, b in zip(route, route[1:], strict=False))


def test_layout_of_collapsed_scopes_that_feed_each_other_both_ways():
    x = tf.constant(1.0, name="x")
    with tf.name_scope("a"):
        inner = tf.identity(x)
    with tf.name_scope("b"):
        middle = tf.identity(inner)
    with tf.name_scope("a/"):
        tf.identity(middle)
    sizes, edges, layout = layout_of(tf.get_default_graph().get_operations(), depth=1)
    assert sorted(edges) == [("a", "b"), ("b", "a"), ("x", "a")]
    upward = layout.routes[edges.index(("b", "a"))]
    assert upward[0][1] > upward[-1][1]  # the edge against the order points up


def test_the_python_layout_draws_thousands_of_ops_and_long_edges():
    # Its speed is measured by benchmarks/bench_checkpoint_and_layout.py.
    values = [tf.placeholder(tf.float32, name=f"input{index}") for index in range(100)]
    for _ in range(20):
        values = [values[index] + values[(index + 1) % len(values)] for index in range(len(values))]
    x = tf.placeholder(tf.float32, name="x")
    power = x
    for _ in range(150):  # x feeds every step: 11,000 waypoints on long edges
        power = power * x
    titles = node_titles(viz.to_svg(collapse=False, engine="python"))
    assert len(titles) == len(tf.get_default_graph().get_operations())
    names = {title.split()[0] for title in titles}
    assert {"input0", "x", "add_1999", "mul_149"} <= names
