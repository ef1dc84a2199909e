"""Eager mode is process-wide: each test gets it switched on, and the graph mode back after."""

import pytest

import tinytf
from tinytf.framework import graph as graph_module


@pytest.fixture
def tf():
    saved = list(graph_module._global_default_graph)
    graph_module._global_default_graph[:] = [tinytf.Graph()]
    tinytf.enable_eager_execution()
    try:
        yield tinytf
    finally:
        graph_module._global_default_graph[:] = saved
