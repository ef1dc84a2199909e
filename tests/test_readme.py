"""The README's quick start runs what .ci/run runs, and its figures and commands exist."""

import pathlib
import re
import shlex

from tinytf.course.cli import _parser

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _quick_start_commands():
    section = README[README.index("## Quick start") : README.index("## The course")]
    return re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)


def test_quick_start_is_the_course_then_the_tests_as_ci_runs_them():
    course, tests = _quick_start_commands()
    assert course == 'pip install -e ".[course]" && tinytf course --out course-report'
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    install = next(
        line for line in ci if line.startswith("python -m pip install -") and " -e " in line
    )
    run = next(line for line in ci if line.startswith("python -m pytest"))
    readme_install, readme_run = tests.split(" && ")
    # .ci/run adds only --quiet.
    assert [argument for argument in shlex.split(install)[4:] if argument != "--quiet"] == (
        shlex.split(readme_install)[2:]
    )
    assert readme_run == run


def test_every_embedded_figure_exists():
    figures = re.findall(r"!\[[^\]]*\]\((docs/figures/[^)]+\.svg)\)", README)
    assert len(figures) == 5
    for figure in figures:
        assert (ROOT / figure).read_text().lstrip().startswith("<?xml"), figure


def test_every_tinytf_command_in_the_readme_parses():
    commands = re.findall(r"`((?:TINYTF_DATA=\S+ )?tinytf (?:lab|course|data)[^`]*)`", README)
    examples = [command for command in commands if "NAME" not in command]  # not the synopsis
    assert len(examples) >= 15
    for command in examples:
        arguments = shlex.split(command)
        arguments = arguments[arguments.index("tinytf") + 1 :]
        _parser().parse_args(arguments)
