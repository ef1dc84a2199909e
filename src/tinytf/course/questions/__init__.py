"""The students' questions, each answered by a short TF 1.x program that runs on tinytf.

Every program is a function of `tf` (the engine) that prints its findings and may return
data for a figure; the questions lab (labs/questions.py) runs each in a fresh graph, and
the report shows its source, its output, its figure and the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    number: int
    asked: str  # the question as the students put it
    program: Callable  # program(tf) prints its findings; may return data for `draw`
    answer: str  # the paragraph the report prints after the output
    draw: Callable | None = None  # draw(data) -> (matplotlib Figure, caption)


def all_questions() -> list[Question]:
    """Every question, in the order the course's students asked them."""
    from tinytf.course.questions import cost, graph_mode, imbalance, normalisation, numerics

    questions = [
        *graph_mode.QUESTIONS,
        *numerics.QUESTIONS,
        *normalisation.QUESTIONS,
        *imbalance.QUESTIONS,
        *cost.QUESTIONS,
    ]
    return sorted(questions, key=lambda question: question.number)
