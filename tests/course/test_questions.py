"""The questions lab: every question gets its program, that program's output and an answer."""

import pytest

from tinytf.course import document
from tinytf.course.labs import get_lab
from tinytf.course.questions import all_questions
from tinytf.course.training import LabOptions


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return get_lab("questions").run(LabOptions(out=tmp_path_factory.mktemp("questions")))


def test_all_sixteen_questions_in_order():
    assert [question.number for question in all_questions()] == list(range(1, 17))


def test_each_question_has_program_output_and_answer(result):
    sections = document.lab_section(result)
    headings = [i for i, block in enumerate(sections) if isinstance(block, document.Heading)]
    questions = [i for i in headings if sections[i].level == 2 and sections[i].text[1].isdigit()]
    assert len(questions) == 16
    for start, end in zip(questions, [*questions[1:], len(sections)], strict=True):
        blocks = sections[start:end]
        program, output = [block for block in blocks if isinstance(block, document.Code)][:2]
        assert program.text.startswith("def ") and "tf." in program.text
        assert output.text.strip(), sections[start].text
        assert isinstance(blocks[-1], document.Paragraph) or isinstance(
            blocks[-2], document.Paragraph
        )
    figures = [block for block in sections if isinstance(block, document.FigureBlock)]
    assert len(figures) == 4 and not any(figure.floating for figure in figures)


def _output(result, number):
    sections = result.sections
    start = next(
        i
        for i, block in enumerate(sections)
        if isinstance(block, document.Heading) and block.text.startswith(f"Q{number}.")
    )
    return [block for block in sections[start:] if isinstance(block, document.Code)][1].text


def test_fetch_order_does_not_change_the_loss(result):
    printed = _output(result, 3)
    assert "[train, loss] -> loss 1.0 ; w is now 0.5" in printed
    assert "[loss, train] -> loss 1.0 ; w is now 0.5" in printed
    assert "loss in the next run: 0.25" in printed


def test_fused_cross_entropy_is_finite_where_the_hand_written_one_is_not(result):
    printed = _output(result, 6)
    assert "log(0) = -inf" in printed and "0/0 = nan" in printed
    assert "fused 150.0" in printed and "by hand nan" in printed


def test_session_plan_source_is_shown(result):
    assert "def run(feeds):" in _output(result, 2)


def test_batch_norm_statistics_are_in_the_checkpoint(result):
    printed = _output(result, 9)
    assert "bn/moving_mean" in printed and "bn/moving_variance" in printed
