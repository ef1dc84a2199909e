"""The report's blocks typeset as an A4 PDF by Typst (the `typst` package: no TeX install)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

from tinytf.course import document
from tinytf.course.results import format_cell, is_number

TEXT_WIDTH_IN = 6.5  # A4 (8.27 in) less 2 x 22 mm margins
FIGURE_HEIGHT_IN = 6.0  # at most this tall, so a figure leaves room for text on its page
FONT_SIZE_PT = 11
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu: the figures' font

_PREAMBLE = f"""
#set document(title: "tinytf course report")
#set page(paper: "a4", margin: (x: 22mm, top: 20mm, bottom: 22mm), numbering: "1 / 1")
#set text(size: {FONT_SIZE_PT}pt, lang: "en", number-width: "tabular")
#set par(justify: true)
#set heading(numbering: "1.1")
#show heading.where(level: 1): it => {{ v(0.6em); it; v(0.2em) }}
#show raw.where(block: true): set text(size: 8pt)
#show raw.where(block: true): block.with(fill: luma(245), inset: 6pt, width: 100%, radius: 2pt)
#show figure: set block(breakable: false)
#set figure(placement: auto)
#show figure.caption: set text(size: 10pt)
#show figure.caption: set align(start)
#show figure.caption: set par(justify: true)
#set table(stroke: (x, y) => if y == 0 {{ (bottom: 0.7pt) }} else {{ (bottom: 0.2pt + luma(200)) }})
#show table: set text(size: 10pt, hyphenate: false)
"""


def typst_source(blocks, title: str = "tinytf course report") -> str:
    """The Typst markup for `blocks`; every piece of text goes in as a string literal."""
    parts = [
        _PREAMBLE,
        f'#align(center, text(size: 20pt, weight: "bold", {_string(title)}))\n',
    ]
    for block in blocks:
        parts.append(_block(block))
    return "\n".join(parts)


def write_pdf(blocks, path: Path, root: Path) -> Path:
    """Typesets `blocks` into `path`; figure paths are read relative to `root`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = typst_source(blocks)
    (path.with_suffix(".typ")).write_text(source)
    import typst

    typst.compile(
        source.encode(), output=str(path), root=str(root), font_paths=[str(_FONTS)], timestamp=0
    )
    return path


def _block(block) -> str:
    if isinstance(block, document.Heading):
        return f"#heading(level: {block.level})[{inline(block.text)}]\n"
    if isinstance(block, document.Paragraph):
        return inline(block.text) + "\n"
    if isinstance(block, document.Formula):
        return f"$ {block.math} $\n"
    if isinstance(block, document.Code):
        return f"#raw(block: true, {_string(block.text)})\n"
    if isinstance(block, document.Contents):
        return '#outline(title: "Contents", depth: 2)\n'
    if isinstance(block, document.TableBlock):
        return _table(block.table)
    if isinstance(block, document.Targets):
        return _targets(block.rows)
    if isinstance(block, document.FigureBlock):
        width = figure_width(block.width, block.height)
        return (
            f"#figure(image({_string(block.path.as_posix())}, width: {width:.2f}in), "
            f"placement: {'auto' if block.floating else 'none'}, "
            f"caption: [{inline(block.caption)}])\n"
        )
    raise TypeError(f"no Typst rendering for {type(block).__name__}")


def figure_width(width: float, height: float) -> float:
    """The printed width in inches: the figure's own, shrunk to fit the text block."""
    return min(width, TEXT_WIDTH_IN, FIGURE_HEIGHT_IN * width / height)


def inline(text: str) -> str:
    """Markup for a paragraph: text as string literals, $math$ as math, `code` as raw."""
    out = []
    for kind, content in document.spans(text):
        if kind == "math":
            out.append(f"${content}$")
        elif kind == "code":
            out.append(f"#raw({_string(content)})")
        else:
            out.append(f"#{_string(content)}")
    return "".join(out)


def _table(table) -> str:
    cells = [[format_cell(cell) for cell in row] for row in table.rows]
    numeric = [
        bool(cells) and all(is_number(row[column]) for row in cells)
        for column in range(len(table.columns))
    ]
    align = ", ".join("right" if flag else "left" for flag in numeric)
    header = ", ".join(f"[*{inline(str(name))}*]" for name in table.columns)
    body = ", ".join(f"[{inline(cell)}]" for row in cells for cell in row)
    return (
        f'#block(breakable: true)[#text(weight: "bold", {_string(table.title)})\n'
        f"#table(columns: {len(table.columns)}, align: ({align},), "
        f"table.header({header}), {body})]\n"
    )


def _targets(rows) -> str:
    cells = []
    for lab, description, value, passed in rows:
        verdict = (
            '[#text(fill: rgb("#1a7f37"))[met]]'
            if passed
            else ('[#text(fill: rgb("#c62828"), weight: "bold")[MISSED]]')
        )
        cells += [f"[{inline(lab)}]", f"[{inline(description)}]", f"[{format_cell(value)}]"]
        cells.append(verdict)
    return (
        "#table(columns: (auto, 1fr, auto, auto), align: (left, left, right, left), "
        "table.header([*lab*], [*target*], [*this run*], []), " + ", ".join(cells) + ")\n"
    )


def _string(text: str) -> str:
    """A Typst string literal: its only escapes are backslash, quote and line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + escaped.replace("\n", "\\n").replace("\t", "    ") + '"'
