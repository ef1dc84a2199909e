"""A Drawing as SVG text (from the pure-Python layout), or as Graphviz DOT source."""

from __future__ import annotations

from html import escape

from tinytf.viz.drawing import Drawing, Node
from tinytf.viz.layout import Layout

# kind -> (fill, stroke), in TensorBoard's spirit: scopes blue, inputs orange, variables green.
STYLES = {
    "scope": ("#dbe8f7", "#5b7fb0"),
    "input": ("#fce5cd", "#c27c2c"),
    "variable": ("#d9ead3", "#5f8f4e"),
    "constant": ("#eeeeee", "#9a9a9a"),
    "gradient": ("#f4cccc", "#b05353"),
    "op": ("#ffffff", "#555555"),
}
_EDGE_COLOR = "#8a8a8a"


def svg(drawing: Drawing, layout: Layout) -> str:
    width, height = round(layout.width), round(layout.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">',
        '<defs><marker id="tinytf-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{_EDGE_COLOR}"/></marker></defs>',
        '<g class="edges">',
    ]
    for edge, points in zip(drawing.edges, layout.routes, strict=True):
        dashes = ' stroke-dasharray="4 3"' if edge.control else ""
        title = "control dependency" if edge.control else edge.label
        parts.append(
            f'<path d="{_curve(points)}" fill="none" stroke="{_EDGE_COLOR}"{dashes} '
            f'marker-end="url(#tinytf-arrow)"><title>{escape(title)}</title></path>'
        )
    parts.append('</g><g class="nodes">')
    for key, node in drawing.nodes.items():
        parts.append(_svg_node(node, *layout.centres[key]))
    parts.append("</g></svg>")
    return "\n".join(parts)


def _curve(points) -> str:
    """A smooth path through `points` (Catmull-Rom as cubic Béziers), leaving the first
    and entering the last vertically."""
    (x, y), last_y = points[0], points[-1][1]
    ahead = [
        (points[1][0], 2 * y - points[1][1]),
        *points,
        (points[-2][0], 2 * last_y - points[-2][1]),
    ]
    path = [f"M{x:.1f},{y:.1f}"]
    for before, start, end, after in zip(ahead, ahead[1:], ahead[2:], ahead[3:], strict=False):
        first = (start[0] + (end[0] - before[0]) / 6, start[1] + (end[1] - before[1]) / 6)
        second = (end[0] - (after[0] - start[0]) / 6, end[1] - (after[1] - start[1]) / 6)
        path.append(
            f"C{first[0]:.1f},{first[1]:.1f} {second[0]:.1f},{second[1]:.1f} "
            f"{end[0]:.1f},{end[1]:.1f}"
        )
    return " ".join(path)


def _svg_node(node: Node, x: float, y: float) -> str:
    fill, stroke = STYLES[node.kind]
    width, height = node.size
    stroke_width = 2.5 if node.highlighted else 1
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"'
    if node.scope or node.kind == "variable":
        radius = 6 if node.scope else 0
        shape = (
            f'<rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" rx="{radius}" {paint}/>'
        )
    else:
        shape = (
            f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{width / 2:.1f}" '
            f'ry="{height / 2:.1f}" {paint}/>'
        )
    lines = [(node.label, "")] + (
        [(node.detail, ' font-size="10" fill="#666"')] if node.detail else []
    )
    first = y - 7.5 * (len(lines) - 1) + 4
    texts = "".join(
        f'<text x="{x:.1f}" y="{first + 15 * index:.1f}" text-anchor="middle"'
        f"{extra}>{escape(text)}</text>"
        for index, (text, extra) in enumerate(lines)
    )
    return f'<g class="node {node.kind}"><title>{escape(node.tooltip)}</title>{shape}{texts}</g>'


def dot(drawing: Drawing) -> str:
    """Graphviz source for the drawing, with edges labelled by their tensors' shapes."""
    lines = [
        "digraph tinytf {",
        "  graph [rankdir=TB, nodesep=0.25, ranksep=0.35];",
        '  node [fontname="Helvetica", fontsize=11, style=filled, height=0.3];',
        f'  edge [color="{_EDGE_COLOR}", fontname="Helvetica", fontsize=9, '
        'fontcolor="#666666", arrowsize=0.6];',
    ]
    for key, node in drawing.nodes.items():
        fill, stroke = STYLES[node.kind]
        shape = "box" if node.scope or node.kind == "variable" else "ellipse"
        style = "filled,rounded" if node.scope else "filled"
        label = node.label + (f"\n{node.detail}" if node.detail else "")
        pen = 2.5 if node.highlighted else 1
        lines.append(
            f"  {_quoted(key)} [label={_quoted(label)}, shape={shape}, "
            f'style="{style}", fillcolor="{fill}", color="{stroke}", '
            f"penwidth={pen}, tooltip={_quoted(node.tooltip)}];"
        )
    for edge in drawing.edges:
        attributes = "style=dashed" if edge.control else f"label={_quoted(edge.label)}"
        lines.append(f"  {_quoted(edge.source)} -> {_quoted(edge.target)} [{attributes}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
