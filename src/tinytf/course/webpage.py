"""The report's blocks as one self-contained HTML page.

Math is typeset by Typst too (each formula an SVG image), so the page and the PDF show the
same formulas; figures are the labs' SVG files, inlined.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from tinytf.course import document
from tinytf.course.results import format_cell, is_number

_STYLE = """
body{font-family:Georgia,serif;font-size:17px;line-height:1.5;max-width:52em;margin:auto;
padding:1em 1.5em;color:#222}
h1{text-align:center}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:0.6em 0 1.2em}
th{border-bottom:1.5px solid #444;text-align:left;padding:3px 8px}
td{border-bottom:1px solid #ddd;padding:3px 8px;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.caption{font-weight:bold;margin-top:1em}
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}
figcaption{font-size:0.9em;margin-top:0.4em}
img.math{vertical-align:middle}div.math{text-align:center;margin:0.8em 0}
pre{background:#f5f5f5;padding:0.6em;overflow-x:auto;font-size:0.85em}
.met{color:#1a7f37}.missed{color:#c62828;font-weight:bold}
nav li{list-style:none}
"""


def write_html(blocks, path: Path, root: Path, title: str = "tinytf course report") -> Path:
    """Writes `blocks` as `path`; figure paths are read relative to `root`."""
    math = _typeset_math(blocks)
    headings = _numbered_headings(blocks)
    parts, figure_number, heading_index = [f"<h1>{html.escape(title)}</h1>"], 0, 0
    for block in blocks:
        if isinstance(block, document.Heading):
            number, anchor = headings[heading_index]
            heading_index += 1
            tag = f"h{block.level + 1}"
            parts.append(f'<{tag} id="{anchor}">{number} {_inline(block.text, math)}</{tag}>')
        elif isinstance(block, document.Contents):
            items = "".join(
                f'<li style="margin-left:{(block_.level - 1) * 1.5}em">'
                f'<a href="#{anchor}">{number} {_inline(block_.text, math)}</a></li>'
                for block_, (number, anchor) in zip(
                    [b for b in blocks if isinstance(b, document.Heading)], headings, strict=True
                )
                if block_.level <= 2
            )
            parts.append(f"<nav><h2>Contents</h2><ul>{items}</ul></nav>")
        elif isinstance(block, document.Paragraph):
            parts.append(f"<p>{_inline(block.text, math)}</p>")
        elif isinstance(block, document.Formula):
            parts.append(f'<div class="math">{_math_image(math[block.math], 1.25)}</div>')
        elif isinstance(block, document.Code):
            parts.append(f"<pre>{html.escape(block.text)}</pre>")
        elif isinstance(block, document.TableBlock):
            parts.append(_table(block.table, math))
        elif isinstance(block, document.Targets):
            parts.append(_targets(block.rows, math))
        elif isinstance(block, document.FigureBlock):
            figure_number += 1
            svg = (root / block.path).read_text()
            parts.append(
                f"<figure>{svg[svg.index('<svg') :]}<figcaption><b>Figure {figure_number}:"
                f"</b> {_inline(block.caption, math)}</figcaption></figure>"
            )
        else:
            raise TypeError(f"no HTML rendering for {type(block).__name__}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )
    return path


def _numbered_headings(blocks):
    """(number, anchor) per heading, numbered 1, 1.1, ... as Typst numbers them."""
    counters, numbered = [0, 0, 0], []
    for block in blocks:
        if isinstance(block, document.Heading):
            counters[block.level - 1] += 1
            counters[block.level :] = [0] * (3 - block.level)
            number = ".".join(str(count) for count in counters[: block.level])
            numbered.append((number, "section-" + number.replace(".", "-")))
    return numbered


def _typeset_math(blocks) -> dict:
    """Every formula of the document, Typst math -> SVG bytes, in one Typst run."""
    formulas = []
    for block in blocks:
        texts = []
        if isinstance(block, document.Formula):
            formulas.append(block.math)
        elif isinstance(block, document.Paragraph | document.Heading):
            texts.append(block.text)
        elif isinstance(block, document.FigureBlock):
            texts.append(block.caption)
        elif isinstance(block, document.TableBlock):
            texts += [str(cell) for row in block.table.rows for cell in row]
        for text in texts:
            formulas += [content for kind, content in document.spans(text) if kind == "math"]
    formulas = list(dict.fromkeys(formulas))
    if not formulas:
        return {}
    import typst

    source = (
        "#set page(width: auto, height: auto, margin: 1.5pt, fill: none)\n#set text(size: 13pt)\n"
    )
    source += "\n#pagebreak()\n".join(f"${formula}$" for formula in formulas)
    pages = typst.compile(source.encode(), format="svg")
    pages = pages if isinstance(pages, list) else [pages]
    return dict(zip(formulas, pages, strict=True))


def _math_image(svg: bytes, scale: float = 1.0) -> str:
    encoded = base64.b64encode(svg).decode()
    style = f' style="zoom:{scale}"' if scale != 1.0 else ""
    return f'<img class="math" alt="formula"{style} src="data:image/svg+xml;base64,{encoded}">'


def _inline(text: str, math: dict) -> str:
    out = []
    for kind, content in document.spans(text):
        if kind == "math":
            out.append(_math_image(math[content]))
        elif kind == "code":
            out.append(f"<code>{html.escape(content)}</code>")
        else:
            out.append(html.escape(content))
    return "".join(out)


def _table(table, math) -> str:
    cells = [[format_cell(cell) for cell in row] for row in table.rows]
    numeric = [
        bool(cells) and all(is_number(row[column]) for row in cells)
        for column in range(len(table.columns))
    ]
    head = "".join(
        f"<th{' class=num' if flag else ''}>{html.escape(str(name))}</th>"
        for name, flag in zip(table.columns, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if flag else ''}>{_inline(cell, math)}</td>"
            for cell, flag in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in cells
    )
    return (
        f'<div class="caption">{html.escape(table.title)}</div><table><tr>{head}</tr>{body}</table>'
    )


def _targets(rows, math) -> str:
    body = "".join(
        f"<tr><td>{html.escape(lab)}</td><td>{_inline(description, math)}</td>"
        f'<td class="num">{format_cell(value)}</td>'
        + ('<td class="met">met</td>' if passed else '<td class="missed">MISSED</td>')
        + "</tr>"
        for lab, description, value, passed in rows
    )
    return (
        "<table><tr><th>lab</th><th>target</th><th class=num>this run</th><th></th></tr>"
        f"{body}</table>"
    )
