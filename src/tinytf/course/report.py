"""`tinytf course`: every lab with its defaults, then report.html and report.pdf (one
document, document.py, rendered by webpage.py and typeset.py)."""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

from tinytf.course.document import course_document
from tinytf.course.labs import LAB_NAMES, get_lab
from tinytf.course.training import LabOptions
from tinytf.course.typeset import write_pdf
from tinytf.course.webpage import write_html


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
    blocks = course_document(results, failures, total, engine, quick)
    html_path = write_html(blocks, out / "report.html", root=out)
    pdf_path = write_pdf(blocks, out / "report.pdf", root=out)
    report_seconds = time.perf_counter() - started - total
    passed = not failures and all(check.passed for result in results for check in result.checks)
    return {
        "html": html_path,
        "pdf": pdf_path,
        "all_checks_passed": passed,
        "results": results,
        "failures": failures,
        "seconds": total,
        "report_seconds": report_seconds,
    }
