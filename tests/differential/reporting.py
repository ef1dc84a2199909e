"""Counts of what the differential tier compared, summed over pytest-xdist workers.

Tests call `record("ops", n)` or `record("programs", n)`; the tier's hooks (imported by
tests/conftest.py, so that the controlling process runs them under `pytest -n`) print
"differential tier: N ops and M programs compared with TensorFlow" at the end.
"""

import collections

import pytest

COUNTS: collections.Counter = collections.Counter()
_WORKER_KEY = "tinytf_differential_counts"


def record(kind: str, count: int = 1) -> None:
    COUNTS[kind] += count


def pytest_sessionfinish(session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker reports to the controller
        workeroutput[_WORKER_KEY] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    COUNTS.update(getattr(node, "workeroutput", {}).get(_WORKER_KEY, {}))


def pytest_terminal_summary(terminalreporter) -> None:
    if COUNTS:
        terminalreporter.write_line(
            f"differential tier: {COUNTS['ops']} ops and {COUNTS['programs']} programs "
            "compared with TensorFlow"
        )
