"""The students' questions, each answered by running its short TF 1.x program: the report
shows the program, what it printed, its figure and the answer (programs in course/questions)."""

from __future__ import annotations

import contextlib
import inspect
import io
import textwrap

import numpy as np

from tinytf.course.document import Code, FigureRef, Heading, Paragraph
from tinytf.course.engine import load_engine
from tinytf.course.questions import all_questions
from tinytf.course.results import LabResult, Table

TITLE = "Questions - the students' questions, answered by experiment"
DEFAULTS: dict = {}  # every program fixes its own data and settings
QUICK: dict = {}


def run(options) -> LabResult:
    tf = load_engine(options.engine)
    result = LabResult(
        "questions",
        TITLE,
        "each program makes its own small data set (2-D points, random rows, constants), "
        "from fixed seeds",
        {"engine": options.engine},
    )
    result.principle = [
        Paragraph(
            "The course's students asked these questions in class. Each is answered by a "
            "short TensorFlow 1.x program, run here on tinytf in a fresh graph: its source, "
            "what it printed in this run, a figure where one helps, and a paragraph on what "
            "it shows."
        )
    ]
    rows = []
    for question in all_questions():
        output = io.StringIO()
        with (
            result.timed(f"Q{question.number}"),
            tf.Graph().as_default(),
            contextlib.redirect_stdout(output),
            np.printoptions(precision=4, suppress=True),
        ):
            tf.set_random_seed(options.seed)
            try:
                data = question.program(tf)
            except Exception as error:  # on another engine a program may rely on tinytf
                print(f"{type(error).__name__}: {error}")
                data = None
        result.sections += [
            Heading(2, f"Q{question.number}. {question.asked}"),
            Code(textwrap.dedent(inspect.getsource(question.program)).rstrip()),
            Paragraph("What it printed:"),
            Code(output.getvalue().rstrip()),
        ]
        if question.draw is not None and data is not None:
            figure, caption = question.draw(data)
            name = f"question_{question.number:02d}"
            result.add_figure(name, figure, caption)
            result.sections.append(FigureRef(name))
        result.sections.append(Paragraph(question.answer))
        rows.append(
            [question.number, _plain(question.asked), result.timings[f"Q{question.number}"]]
        )
    result.tables.append(Table("Questions answered", ["question", "asked", "seconds"], rows))
    return result


def _plain(text: str) -> str:
    """The question's opening, without code marks, for the results table."""
    text = text.replace("`", "")
    return text if len(text) <= 72 else text[:70].rstrip() + "..."
