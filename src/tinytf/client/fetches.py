"""Fetch structures: any nesting of lists, tuples, namedtuples and dicts of graph elements."""

from __future__ import annotations

from tinytf.framework.graph import Graph


class FetchStructure:
    """Flattens `fetches` to graph elements and rebuilds results in the same structure."""

    __slots__ = ("elements", "_template")

    def __init__(self, graph: Graph, fetches) -> None:
        self.elements: list = []
        self._template = self._flatten(graph, fetches)

    def _flatten(self, graph: Graph, fetch):
        if isinstance(fetch, dict):
            return type(fetch), [(k, self._flatten(graph, v)) for k, v in fetch.items()]
        if isinstance(fetch, (list, tuple)):
            return type(fetch), [self._flatten(graph, item) for item in fetch]
        if hasattr(fetch, "_fetch_as"):  # a composite (SparseTensor) fetched as its parts
            kind, parts = fetch._fetch_as()
            return kind, [self._flatten(graph, part) for part in parts]
        if fetch is None:
            raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
        if not (isinstance(fetch, str) or hasattr(fetch, "_as_graph_element")):
            kind = type(fetch).__name__
            raise TypeError(
                f'Argument `fetch` = {fetch} has invalid type "{kind}" must be a '
                f"string or Tensor. (Can not convert a {kind} into a Tensor or "
                "Operation.)"
            )
        try:
            element = graph.as_graph_element(fetch)
        except (KeyError, ValueError) as exc:
            raise ValueError(
                f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. ({exc})"
            ) from None
        self.elements.append(element)
        return len(self.elements) - 1

    def rebuild(self, values: list):
        return _rebuild(self._template, values)


def _rebuild(template, values):
    if isinstance(template, int):
        return values[template]
    kind, items = template
    if issubclass(kind, dict):
        return kind((key, _rebuild(item, values)) for key, item in items)
    rebuilt = [_rebuild(item, values) for item in items]
    if kind is list:
        return rebuilt
    if hasattr(kind, "_fields"):  # namedtuple
        return kind(*rebuilt)
    return kind(rebuilt)
