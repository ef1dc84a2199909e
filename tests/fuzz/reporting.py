"""The fuzz tier's count, summed over pytest-xdist workers, printed at the end of a run.

Each fuzz case calls `record()`, and `record("crashes")` as well when it ended in an
error the tier does not accept (which fails its test); tests/conftest.py registers this
module as a plugin, so that the controlling process prints "fuzz tier: N cases, 0
crashes outside TensorFlow's error types".
"""

import collections

import pytest

COUNTS: collections.Counter = collections.Counter()
_WORKER_KEY = "tinytf_fuzz_counts"


def record(kind: str = "cases", count: int = 1) -> None:
    COUNTS[kind] += count


def pytest_sessionfinish(session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    COUNTS.update(getattr(node, "workeroutput", {}).get(_WORKER_KEY, {}))


def pytest_terminal_summary(terminalreporter) -> None:
    if COUNTS:
        terminalreporter.write_line(
            f"fuzz tier: {COUNTS['cases']} cases, {COUNTS['crashes']} crashes outside "
            "TensorFlow's error types"
        )
