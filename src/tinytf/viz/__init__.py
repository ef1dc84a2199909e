"""Graph drawings as SVG: a whole graph, the ops behind some tensors, or a gradient graph.

    from tinytf import viz
    viz.to_svg(loss)                      # the ops that compute `loss`, one box each
    viz.to_svg(tf.get_default_graph())    # the whole graph, each name scope one box
    viz.gradient_svg(loss)                # the forward ops and those tf.gradients adds
    viz.write_svg(loss, "loss.svg")

Graphviz's `dot` lays drawings out when it is installed (engine "auto" or "dot");
otherwise, or with engine="python", a small layered layout in pure Python does. In
Jupyter, a Graph or a Tensor shows itself this way (`_repr_svg_`).
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess

from tinytf.framework.graph import Graph, Operation, get_default_graph, graph_of
from tinytf.viz.drawing import Drawing, build_drawing
from tinytf.viz.layout import layered_layout
from tinytf.viz.render import dot, svg

__all__ = ["gradient_svg", "to_dot", "to_svg", "write_svg"]

_ENGINES = ("auto", "dot", "python")
_EMPTY = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40">'
    '<text x="80" y="24" text-anchor="middle" font-family="Helvetica, Arial, '
    'sans-serif" font-size="12" fill="#666">(empty graph)</text></svg>'
)


def to_svg(target=None, collapse=None, engine: str = "auto") -> str:
    """SVG of `target`: a Graph (default: the default graph), or a tensor, op or variable
    (or a list of them) whose computation is drawn.

    `collapse` groups ops by name scope: True draws each top-level scope as one box (the
    default for a Graph), False draws every op (the default otherwise), and an int n
    groups by the first n parts of the names.
    """
    ops, highlighted, default_collapse = _select(target)
    return _render(ops, highlighted, default_collapse if collapse is None else collapse, engine)


def to_dot(target=None, collapse=None) -> str:
    """The Graphviz source `to_svg` lays out with `dot`."""
    ops, highlighted, default_collapse = _select(target)
    depth = _depth(default_collapse if collapse is None else collapse)
    return dot(build_drawing(ops, depth, highlighted))


def gradient_svg(loss, var_list=None, collapse=False, engine: str = "auto") -> str:
    """SVG of `loss`, its gradients with respect to `var_list` (default: the trainable
    variables) and everything between. Like tf.gradients, it adds the gradient ops to
    the graph; they are drawn in red.
    """
    from tinytf.ops.gradients_impl import gradients
    from tinytf.ops.variables import trainable_variables

    graph = graph_of([loss])
    with graph.as_default():
        variables = trainable_variables() if var_list is None else list(var_list)
        if not variables:
            raise ValueError(f"No variables to differentiate {loss.name} with respect to.")
        grads = [grad for grad in gradients(loss, variables) if grad is not None]
    return to_svg([loss, *grads], collapse=collapse, engine=engine)


def write_svg(target, path, collapse=None, engine: str = "auto") -> pathlib.Path:
    """Writes `to_svg(target, collapse, engine)` to `path` and returns the path."""
    path = pathlib.Path(path)
    path.write_text(to_svg(target, collapse, engine), encoding="utf-8")
    return path


def _select(target):
    """The ops to draw (in creation order), those to highlight, and the default collapse."""
    if target is None or isinstance(target, Graph):
        graph = target if target is not None else get_default_graph()
        return graph.get_operations(), set(), True
    targets = list(target) if isinstance(target, (list, tuple)) else [target]
    graph = graph_of(targets)
    elements = [graph.as_graph_element(item) for item in targets]
    highlighted = {e if isinstance(e, Operation) else e.op for e in elements}
    needed, stack = set(), list(highlighted)
    while stack:
        op = stack.pop()
        if op not in needed:
            needed.add(op)
            stack.extend(tensor.op for tensor in op.inputs)
            stack.extend(op.control_inputs)
    return [op for op in graph.get_operations() if op in needed], highlighted, False


def _depth(collapse) -> int | None:
    if collapse is True:
        return 1
    if collapse is False:
        return None
    if isinstance(collapse, int) and collapse > 0:
        return collapse
    raise ValueError(f"collapse must be True, False or a positive int, not {collapse!r}.")


def _render(ops, highlighted, collapse, engine: str) -> str:
    if engine not in _ENGINES:
        raise ValueError(f"engine must be one of {', '.join(_ENGINES)}, not {engine!r}.")
    drawing = build_drawing(ops, _depth(collapse), highlighted)
    if not drawing.nodes:
        return _EMPTY
    if engine == "dot" or (engine == "auto" and shutil.which("dot")):
        return _run_dot(drawing)
    sizes = {key: node.size for key, node in drawing.nodes.items()}
    layout = layered_layout(sizes, [(edge.source, edge.target) for edge in drawing.edges])
    return svg(drawing, layout)


def _run_dot(drawing: Drawing) -> str:
    executable = shutil.which("dot")
    if executable is None:
        raise FileNotFoundError(
            "Graphviz's `dot` is not installed (e.g. apt install "
            "graphviz); use engine='python' for the built-in layout."
        )
    result = subprocess.run(
        [executable, "-Tsvg"],
        input=dot(drawing),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Graphviz's dot failed: {result.stderr.strip()}")
    return result.stdout[result.stdout.index("<svg") :]
