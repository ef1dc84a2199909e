"""Graph-level and op-level random seeds, combined by TensorFlow 1.x's rules."""

from __future__ import annotations

from tinytf.framework.graph import get_default_graph

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1


def _truncate_seed(seed: int) -> int:
    return seed % _MAXINT32


def get_seed(op_seed: int | None) -> tuple[int | None, int | None]:
    """The (seed, seed2) pair a random op is built with, from the graph seed and `op_seed`.

    With a graph seed and no op seed, the op seed counts the op seeds the graph has drawn
    so (0, 1, 2, ...), as TensorFlow 2's compat.v1 numbers them (TensorFlow 1.x used the
    graph's op count): every random op of a program draws a different, reproducible
    stream. With neither seed the result is (None, None): the op is nondeterministic.
    """
    graph = get_default_graph()
    graph_seed = graph.seed
    if graph_seed is not None:
        if op_seed is None:
            op_seed = graph._op_seeds_drawn
            graph._op_seeds_drawn += 1
        seeds = _truncate_seed(graph_seed), _truncate_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate_seed(op_seed)
    else:
        seeds = None, None
    # Kernels read (0, 0) as "nondeterministic", which a user's seeds must never mean.
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


def set_random_seed(seed: int | None) -> None:
    """Sets the default graph's seed, from which its random ops derive their seeds."""
    get_default_graph().seed = seed
