"""Shared fixtures: every test starts with a fresh default graph."""

import os
import pathlib

import numpy as np
import pytest

import tinytf as tf

# The differential tier's counts, printed at the end (hooks must live in this conftest).
from tests.differential.reporting import (  # noqa: F401
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
)


def pytest_configure(config):
    # The fuzz tier's count, a plugin of its own (a conftest holds one hook of each name).
    from tests.fuzz import reporting as fuzz_reporting

    config.pluginmanager.register(fuzz_reporting, "tinytf-fuzz-reporting")


SHARED_DATA = pathlib.Path(
    os.environ.get("TINYTF_DATA", pathlib.Path(__file__).resolve().parents[2] / "shared" / "data")
)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def shared_data():
    if not SHARED_DATA.exists():
        pytest.skip(f"the shared data folder {SHARED_DATA} is not present")
    return SHARED_DATA
