"""What a lab hands back (tables, figures, metrics, checks) and how it is printed and saved."""

from __future__ import annotations

import json
import numbers
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Table:
    """A titled table of rows; cells are strings or numbers."""

    title: str
    columns: list[str]
    rows: list[list]

    def text(self) -> str:
        """The table as aligned plain text, numbers to four significant digits."""
        cells = [self.columns] + [[format_cell(cell) for cell in row] for row in self.rows]
        widths = [max(len(row[column]) for row in cells) for column in range(len(self.columns))]
        lines = [
            self.title,
            "  ".join(name.ljust(width) for name, width in zip(self.columns, widths, strict=True)),
        ]
        lines.append("  ".join("-" * width for width in widths))
        for row in cells[1:]:
            lines.append(
                "  ".join(
                    cell.rjust(width) if is_number(cell) else cell.ljust(width)
                    for cell, width in zip(row, widths, strict=True)
                )
            )
        return "\n".join(lines)


@dataclass
class Check:
    """One of the course's expected results, and whether this run met it."""

    description: str
    value: float
    passed: bool


@dataclass
class LabResult:
    """Everything one lab run produced."""

    name: str
    title: str
    data: str
    settings: dict
    tables: list[Table] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # name -> matplotlib Figure
    metrics: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # part -> seconds
    notes: list[str] = field(default_factory=list)
    # The report's section: the principle (document.Paragraph / Formula / Code blocks) and
    # a caption per figure saying what to notice.
    principle: list = field(default_factory=list)
    captions: dict = field(default_factory=dict)
    # Further blocks after the results; a document.FigureRef among them places that figure
    # there rather than at the section's end.
    sections: list = field(default_factory=list)

    def add_figure(self, name: str, figure, caption: str) -> None:
        """Keeps `figure` (saved as name.svg and name.pdf) with its caption for the report."""
        self.figures[name] = figure
        self.captions[name] = caption

    @contextmanager
    def timed(self, part: str):
        """Adds the time spent in the `with` block to `timings[part]`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[part] = self.timings.get(part, 0.0) + time.perf_counter() - start

    def check(self, description: str, value: float, passed: bool) -> None:
        self.checks.append(Check(description, float(value), bool(passed)))

    def text(self) -> str:
        """The terminal summary: data, tables, checks and timings."""
        parts = [
            f"== {self.title} ==",
            f"data: {self.data}",
            f"settings: {self.settings_text()}",
        ]
        parts += [table.text() for table in self.tables]
        if self.checks:
            parts.append(
                "\n".join(
                    f"[{'ok' if check.passed else 'MISSED'}] "
                    f"{check.description}: {format_cell(check.value)}"
                    for check in self.checks
                )
            )
        parts += self.notes
        parts.append(
            "time: "
            + ", ".join(f"{part} {seconds:.1f} s" for part, seconds in self.timings.items())
        )
        return "\n\n".join(parts)

    def settings_text(self) -> str:
        """The settings this run used, as `name value` pairs."""
        return ", ".join(
            f"{name.replace('_', ' ')} {_setting(value)}" for name, value in self.settings.items()
        )

    def save(self, out: Path) -> list[Path]:
        """Writes results.json and every figure as SVG and PDF into `out`."""
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, figure in self.figures.items():
            for suffix, metadata in (("svg", {"Date": None}), ("pdf", {"CreationDate": None})):
                path = out / f"{name}.{suffix}"
                figure.savefig(path, metadata=metadata)
                written.append(path)
                # The first save placed the axes; the same size and dpi would place them
                # again where they are, at a fifth of a save's cost.
                figure.set_layout_engine("none")
        summary = {
            "lab": self.name,
            "title": self.title,
            "data": self.data,
            "settings": self.settings,
            "metrics": self.metrics,
            "checks": [asdict(check) for check in self.checks],
            "tables": [asdict(table) for table in self.tables],
            "timings_seconds": self.timings,
            "notes": self.notes,
            "figures": sorted(self.figures),
        }
        path = out / "results.json"
        path.write_text(json.dumps(summary, indent=2, default=_plain) + "\n")
        return [path, *written]


def format_cell(cell) -> str:
    if isinstance(cell, numbers.Real) and not isinstance(cell, numbers.Integral):
        return f"{cell:.4g}"
    return str(cell)


def _setting(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return format_cell(value)


def is_number(text: str) -> bool:
    """Whether a table cell reads as a number (right-aligned in tables)."""
    try:
        float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return False
    return True


def _plain(value):
    """JSON for NumPy scalars and arrays and paths."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)
