"""Eager mode is process-wide: each test gets it switched on, and the graph mode back after."""

import pytest

import tinytf
from tinytf.eager.context import eager_mode


@pytest.fixture
def tf():
    with eager_mode():
        yield tinytf
