"""The course report as one list of blocks, which typeset.py renders to PDF and webpage.py to HTML.

A lab contributes its own section: its LabResult carries the principle (paragraphs and
formulas), the data and settings used, tables, captioned figures and checks, and
`lab_section` lays them out the same way for every lab, so a new lab needs no edit here.

Text in a Paragraph may hold inline math between dollar signs, written in Typst's math
syntax (`$sum_i w_i x_i$`), and code between backticks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tinytf.course.programs import PROGRAMS
from tinytf.course.results import LabResult, Table


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Formula:
    """A displayed equation in Typst math syntax."""

    math: str


@dataclass(frozen=True)
class Code:
    """A program listing, or a program's output."""

    text: str


@dataclass(frozen=True)
class TableBlock:
    table: Table


@dataclass(frozen=True)
class FigureBlock:
    """A vector figure; `path` is relative to the report's folder, sizes are in inches."""

    path: Path
    width: float
    height: float
    caption: str
    floating: bool = True  # may move to the top or bottom of a page; else exactly here


@dataclass(frozen=True)
class FigureRef:
    """In a LabResult's sections: place the lab's figure `name` here."""

    name: str


@dataclass(frozen=True)
class Targets:
    """The course's targets: rows of (lab title, description, value, met)."""

    rows: tuple


@dataclass(frozen=True)
class Contents:
    """The table of contents."""


_SPAN = re.compile(r"(\$[^$]+\$|`[^`]+`)")


def spans(text: str) -> list[tuple[str, str]]:
    """`text` cut into ("text" | "math" | "code", content) pieces."""
    pieces = []
    for piece in _SPAN.split(text):
        if not piece:
            continue
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            pieces.append(("math", piece[1:-1]))
        elif piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            pieces.append(("code", piece[1:-1]))
        else:
            pieces.append(("text", piece))
    return pieces


def course_document(results, failures, seconds, engine, quick=False) -> list:
    """The whole report: title matter, the targets, then one section per lab."""
    intro = (
        f"Every lab of the course ran on the {engine} engine, {seconds:.0f} s in all. Each "
        "section states the principle the lab studies, the data and settings this run used, "
        "its results, and figures with what to notice in each. Every program is TensorFlow "
        "1.x code (graphs, placeholders, sessions) run by tinytf."
    )
    blocks = [Paragraph(intro)]
    if quick:
        blocks.append(
            Paragraph(
                "QUICK FIRST LOOK: this report comes from `tinytf course --quick`, with fewer "
                "epochs and examples. The targets below are the full course's; missing some "
                "here is expected. Run `tinytf course` for the report to hand out."
            )
        )
    blocks += [Contents(), Heading(1, "The course's targets")]
    rows = tuple(
        (result.title, check.description, check.value, check.passed)
        for result in results
        for check in result.checks
    )
    met = sum(row[3] for row in rows)
    blocks.append(
        Paragraph(f"{met} of {len(rows)} targets met in this run; each lab's section says why.")
    )
    blocks.append(Targets(rows))
    for name, error in failures.items():
        blocks += [Heading(1, f"{name}: FAILED"), Code(error)]
    for result in results:
        blocks += lab_section(result)
    return blocks


def lab_section(result: LabResult) -> list:
    """One lab's section: principle, data and settings, results, figures, targets, time."""
    blocks = [Heading(1, result.title)]
    if result.principle:
        blocks.append(Heading(2, "Principle"))
        blocks += result.principle
    if result.name in PROGRAMS:
        blocks.append(
            Paragraph(
                f"The model and its training loop are the TF 1.x program "
                f"`src/tinytf/course/programs/{result.name}.py`, which also runs on its own: "
                f"`python -m tinytf.course.programs.{result.name}`."
            )
        )
    blocks += [Heading(2, "Data and settings"), Paragraph(result.data)]
    if result.settings:
        blocks.append(Paragraph(f"Settings: {result.settings_text()}."))
    placed = {block.name for block in result.sections if isinstance(block, FigureRef)}
    unplaced = [name for name in result.figures if name not in placed]
    if result.tables or result.notes or unplaced:
        blocks.append(Heading(2, "Results"))
    blocks += [TableBlock(table) for table in result.tables]
    blocks += [Paragraph(note) for note in result.notes]
    blocks += [_figure(result, name) for name in unplaced]
    blocks += [
        _figure(result, block.name, floating=False) if isinstance(block, FigureRef) else block
        for block in result.sections
    ]
    if result.checks:
        blocks.append(Heading(2, "Targets"))
        blocks.append(
            Targets(
                tuple(
                    (result.title, check.description, check.value, check.passed)
                    for check in result.checks
                )
            )
        )
    timings = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.timings.items())
    blocks.append(Paragraph(f"Time: {timings}."))
    return blocks


def _figure(result: LabResult, name: str, floating: bool = True) -> FigureBlock:
    width, height = result.figures[name].get_size_inches()
    return FigureBlock(
        Path(result.name) / f"{name}.svg",
        float(width),
        float(height),
        result.captions.get(name, name),
        floating,
    )
