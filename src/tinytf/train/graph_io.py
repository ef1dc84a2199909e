"""`tf.train.write_graph`: a graph or GraphDef written to a file, as text or binary."""

from __future__ import annotations

import os

from tinytf.framework.graph import Graph


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes the GraphDef to `logdir/name` (text format unless `as_text` is False) and
    returns that path. A tf.Graph is written as its `as_graph_def()`."""
    graph_def = (
        graph_or_graph_def.as_graph_def()
        if isinstance(graph_or_graph_def, Graph)
        else graph_or_graph_def
    )
    if not hasattr(graph_def, "SerializeToString"):
        raise TypeError(
            f"write_graph expects a tf.Graph or a GraphDef, not {type(graph_def).__name__}."
        )
    logdir = os.fspath(logdir)
    path = os.path.join(logdir, name)
    if logdir:
        os.makedirs(logdir, exist_ok=True)
    if as_text:
        with open(path, "w", encoding="utf-8") as file:
            file.write(str(graph_def))
    else:
        with open(path, "wb") as file:
            file.write(graph_def.SerializeToString())
    return path
