"""The typeset report, page by page: A4, every figure placed with its caption, no empty pages."""

import numpy as np
import pypdfium2
import pytest

from tinytf.course import document
from tinytf.course.report import run_course

A4_POINTS = (595.0, 842.0)
TINY = {
    "regression": dict(epochs=20),
    "basic": dict(epochs=2, subset=200, hidden=(8,)),
    "iris": dict(epochs=2),
    "mnist": dict(epochs=1, hidden=(8,), batch_size=50),
    "cheat": dict(epochs=1, hidden=(4,)),
}


@pytest.fixture(scope="module")
def report(tiny_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = run_course(out, data_dir=tiny_data, labs=tuple(TINY), overrides=TINY)
    assert not result["failures"], result["failures"]
    blocks = document.course_document(result["results"], {}, 1.0, "tinytf")
    pdf = pypdfium2.PdfDocument(result["pdf"])
    pages = [pdf[index] for index in range(len(pdf))]
    text = [page.get_textpage().get_text_range() for page in pages]
    return dict(result=result, blocks=blocks, pages=pages, text=text)


def test_every_page_is_a4(report):
    for page in report["pages"]:
        assert page.get_size() == pytest.approx(A4_POINTS, abs=0.5)


def test_every_figure_is_placed_once_with_its_numbered_caption(report):
    figures = [block for block in report["blocks"] if isinstance(block, document.FigureBlock)]
    assert len(figures) == sum(len(result.figures) for result in report["result"]["results"])
    whole = " ".join(" ".join(page.split()) for page in report["text"])
    for number, figure in enumerate(figures, start=1):
        opening = " ".join(figure.caption.split()[:4])
        assert f"Figure {number}: {opening}" in whole, (number, figure.caption)
    assert f"Figure {len(figures) + 1}:" not in whole


def test_every_lab_has_its_principle_and_targets(report):
    whole = " ".join(report["text"])
    for result in report["result"]["results"]:
        assert result.principle, result.name
        assert result.title in whole
    assert "The course's targets" in whole and "Contents" in report["text"][0]


def test_no_page_is_mostly_empty(report):
    """Below the last line of ink there is at most half a page of white, but on the last page."""
    for number, page in enumerate(report["pages"][:-1], start=1):
        pixels = np.asarray(page.render(scale=0.5, grayscale=True).to_pil())
        inked_rows = np.flatnonzero((pixels < 200).any(axis=1))
        # The page number sits in the bottom margin: look above it.
        body = inked_rows[inked_rows < 0.9 * len(pixels)]
        assert body.size and body.max() > 0.5 * len(pixels), f"page {number} is mostly empty"
