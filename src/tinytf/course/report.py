"""`tinytf course`: every lab with its defaults, then report.html and report.pdf."""

from __future__ import annotations

import html
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from tinytf.course.labs import LAB_NAMES, get_lab
from tinytf.course.results import LabResult, format_cell
from tinytf.course.training import LabOptions

_A4 = (8.27, 11.69)
_LINES_PER_PAGE = 95


def run_course(
    out=Path("tinytf-course"),
    data_dir=None,
    engine="tinytf",
    seed=0,
    labs=LAB_NAMES,
    overrides=None,
    logdir=None,
    quick=False,
) -> dict:
    """Runs `labs` in turn (each into out/NAME, and logdir/NAME), then writes the two reports.

    `overrides` maps a lab name to LabOptions fields (tests use it for tiny runs); `quick`
    first applies each lab's QUICK settings. A lab that fails is reported as such and the
    others still run.
    """
    out = Path(out)
    results, failures, started = [], {}, time.perf_counter()
    for name in labs:
        quick_settings = getattr(get_lab(name), "QUICK", {}) if quick else {}
        options = replace(
            LabOptions(
                seed=seed,
                out=out / name,
                data_dir=data_dir,
                engine=engine,
                logdir=None if logdir is None else Path(logdir) / name,
            ),
            **{**quick_settings, **(overrides or {}).get(name, {})},
        )
        print(f"\n--- lab {name} ---", file=sys.stderr)
        start = time.perf_counter()
        try:
            result = get_lab(name).run(options)
        except Exception:  # one broken lab must not hide the other labs' results
            failures[name] = traceback.format_exc()
            print(failures[name], file=sys.stderr)
            continue
        result.timings["whole lab"] = time.perf_counter() - start
        print(result.text())
        result.save(options.out)
        results.append(result)
    total = time.perf_counter() - started
    html_path = write_html(results, failures, total, engine, out / "report.html")
    pdf_path = write_pdf(results, failures, total, engine, out / "report.pdf")
    passed = not failures and all(check.passed for result in results for check in result.checks)
    return {
        "html": html_path,
        "pdf": pdf_path,
        "all_checks_passed": passed,
        "results": results,
        "failures": failures,
        "seconds": total,
    }


def _summary_rows(results: list[LabResult]) -> list[list[str]]:
    return [
        [
            result.title,
            check.description,
            format_cell(check.value),
            "ok" if check.passed else "MISSED",
        ]
        for result in results
        for check in result.checks
    ]


def write_html(results, failures, total, engine, path: Path) -> Path:
    """One self-contained page: the checks, then per lab its data, tables and inline SVGs."""
    parts = [
        f"<h1>tinytf course report</h1><p>engine: {html.escape(engine)}; "
        f"total time {total:.0f} s</p>",
        _html_table(["lab", "expected result", "value", ""], _summary_rows(results)),
    ]
    for name, error in failures.items():
        parts.append(f"<h2>{html.escape(name)}: FAILED</h2><pre>{html.escape(error)}</pre>")
    for result in results:
        parts.append(f'<h2 id="{result.name}">{html.escape(result.title)}</h2>')
        parts.append(f"<p><b>Data:</b> {html.escape(result.data)}</p>")
        settings = ", ".join(f"{key}={value}" for key, value in result.settings.items())
        parts.append(f"<p><b>Settings:</b> {html.escape(settings)}</p>")
        timings = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.timings.items())
        parts.append(f"<p><b>Time:</b> {html.escape(timings)}</p>")
        for table in result.tables:
            parts.append(f"<h3>{html.escape(table.title)}</h3>")
            parts.append(
                _html_table(
                    table.columns, [[format_cell(cell) for cell in row] for row in table.rows]
                )
            )
        parts += [f"<p>{html.escape(note)}</p>" for note in result.notes]
        for figure_name in result.figures:
            svg = (path.parent / result.name / f"{figure_name}.svg").read_text()
            parts.append(
                f"<figure>{svg[svg.index('<svg') :]}<figcaption>{figure_name}</figcaption></figure>"
            )
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
        "table{border-collapse:collapse;margin:0.5em 0}"
        "td,th{border:1px solid #ccc;padding:2px 6px;font-size:0.85em}"
        "figure svg{max-width:100%;height:auto}"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>tinytf course'
        f"</title><style>{style}</style></head><body>{''.join(parts)}</body></html>\n"
    )
    return path


def _html_table(columns, rows) -> str:
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def write_pdf(results, failures, total, engine, path: Path) -> Path:
    """A summary page, then per lab its text (data, tables, checks) and its vector figures."""
    summary = [f"tinytf course report - engine {engine}, total time {total:.0f} s", ""]
    summary += [
        f"[{state:6}] {lab}: {description}: {value}"
        for lab, description, value, state in _summary_rows(results)
    ]
    summary += [f"[FAILED] {name}" for name in failures]
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": "tinytf course report", "CreationDate": None}) as pdf:
        _text_pages(pdf, "\n".join(summary))
        for name, error in failures.items():
            _text_pages(pdf, f"{name}: FAILED\n\n{error}")
        for result in results:
            _text_pages(pdf, result.text())
            for figure in result.figures.values():
                pdf.savefig(figure)
    return path


def _text_pages(pdf, text: str) -> None:
    lines = text.splitlines()
    for start in range(0, max(len(lines), 1), _LINES_PER_PAGE):
        page = Figure(figsize=_A4)
        page.text(
            0.04,
            0.97,
            "\n".join(lines[start : start + _LINES_PER_PAGE]),
            family="monospace",
            fontsize=5.8,
            va="top",
        )
        pdf.savefig(page)
