"""A layered ("Sugiyama") layout in pure Python, for when Graphviz is not installed.

Nodes go into layers by longest path from the inputs; edges longer than one layer pass
through invisible waypoints; a few barycentre sweeps order each layer to reduce crossings;
then each node moves towards the mean position of its neighbours, keeping its order.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

LAYER_GAP = 48
NODE_GAP = 24
MARGIN = 16
_WAYPOINT_WIDTH = 8
_ORDER_SWEEPS = 6
_PLACE_SWEEPS = 4
_WAYPOINT_PRIORITY = 1 << 30


@dataclass
class Layout:
    """Node centres, each edge's points from source to target, and the drawing's size."""

    centres: dict[str, tuple[float, float]]
    routes: list[list[tuple[float, float]]]
    width: float
    height: float


@dataclass
class _Item:
    """A node or a waypoint of a long edge, as the layout moves it around."""

    width: float
    height: float
    layer: int = 0
    waypoint: bool = False
    rank: float = 0.0
    x: float = 0.0
    up: list = field(default_factory=list)
    down: list = field(default_factory=list)


def layered_layout(sizes: dict[str, tuple[float, float]], edges: list[tuple[str, str]]) -> Layout:
    """Lays out nodes (`sizes` maps each to its width and height, in a topological order
    where possible) and `edges` (source, target); edges against that order point up."""
    order = {key: index for index, key in enumerate(sizes)}
    items = {key: _Item(*size) for key, size in sizes.items()}
    forward = [(s, t) if order[s] < order[t] else (t, s) for s, t in edges]
    _assign_layers(items, sorted(set(forward), key=lambda edge: order[edge[1]]))
    chains = [
        _chain(items, source, target, index) for index, (source, target) in enumerate(forward)
    ]
    layers = _layers(items)
    _order_layers(layers)
    _place_layers(layers)
    return _finish(items, layers, edges, forward, chains)


def _assign_layers(items, edges) -> None:
    """Longest path from the sources (`edges` sorted by target); then each source moves
    down to just above its first consumer, so that constants sit next to their use."""
    consumers: dict[str, list[str]] = {}
    for source, target in edges:
        items[target].layer = max(items[target].layer, items[source].layer + 1)
        consumers.setdefault(source, []).append(target)
    consumed = {target for _, target in edges}
    for key, targets in consumers.items():
        if key not in consumed:
            items[key].layer = min(items[target].layer for target in targets) - 1


def _chain(items, source: str, target: str, index: int) -> list[str]:
    """The keys from source to target, with a waypoint in every layer between them."""
    chain = [source]
    for layer in range(items[source].layer + 1, items[target].layer):
        key = f"\0{index}:{layer}"
        items[key] = _Item(_WAYPOINT_WIDTH, 0.0, layer, waypoint=True)
        chain.append(key)
    chain.append(target)
    for upper, lower in zip(chain, chain[1:], strict=False):
        items[upper].down.append(items[lower])
        items[lower].up.append(items[upper])
    return chain


def _layers(items) -> list[list[_Item]]:
    layers: list[list[_Item]] = [[] for _ in range(max(i.layer for i in items.values()) + 1)]
    for item in items.values():
        layers[item.layer].append(item)
    for layer in layers:
        _rank(layer)
    return layers


def _order_layers(layers) -> None:
    """Barycentre heuristic: sort each layer by the mean relative position (0 to 1) of its
    neighbours in the layer before, sweeping down then up."""
    for _ in range(_ORDER_SWEEPS):
        for sweep, neighbours in ((layers[1:], "up"), (layers[-2::-1], "down")):
            for layer in sweep:
                for item in layer:
                    others = getattr(item, neighbours)
                    if others:
                        item.rank = sum(other.rank for other in others) / len(others)
                layer.sort(key=lambda item: item.rank)
                _rank(layer)


def _rank(layer: list[_Item]) -> None:
    for index, item in enumerate(layer):
        item.rank = (index + 0.5) / len(layer)


def _place_layers(layers) -> None:
    """x coordinates by the priority method: each layer is packed and centred, then,
    sweeping down and up, each item moves towards the mean x of its neighbours in the
    layer it is swept from. Waypoints move first, so that long edges run straight."""
    for layer in layers:
        right = 0.0
        for item in layer:
            item.x = right + item.width / 2
            right += item.width + NODE_GAP
        for item in layer:
            item.x -= right / 2
    for _ in range(_PLACE_SWEEPS):
        for sweep, neighbours in ((layers[1:], "up"), (layers[-2::-1], "down")):
            for layer in sweep:
                wanted, priorities = [], []
                for item in layer:
                    others = getattr(item, neighbours)
                    wanted.append(sum(o.x for o in others) / len(others) if others else item.x)
                    priorities.append(_WAYPOINT_PRIORITY if item.waypoint else len(others))
                _place(layer, wanted, priorities)


def _place(layer: list[_Item], wanted: list[float], priorities: list[int]) -> None:
    """Moves items, highest priority first, as near their wanted x as the items placed
    before them allow (keeping the order and gaps), pushing the others aside."""
    offsets = list(
        itertools.accumulate(
            (_distance(first, second) for first, second in zip(layer, layer[1:], strict=False)),
            initial=0.0,
        )
    )
    placed: list[int] = []
    for index in sorted(range(len(layer)), key=lambda i: -priorities[i]):
        x = wanted[index]
        position = bisect.bisect(placed, index)
        if position < len(placed):
            right = placed[position]
            x = min(x, layer[right].x - (offsets[right] - offsets[index]))
        if position > 0:
            left = placed[position - 1]
            x = max(x, layer[left].x + (offsets[index] - offsets[left]))
        layer[index].x = x
        placed.insert(position, index)
        _push(layer, index, 1)
        _push(layer, index, -1)


def _push(layer: list[_Item], start: int, direction: int) -> None:
    """Shifts the items after `start` (in `direction`) just enough not to overlap."""
    index = start + direction
    while 0 <= index < len(layer):
        previous = layer[index - direction]
        limit = previous.x + direction * _distance(previous, layer[index])
        if (layer[index].x - limit) * direction >= 0:
            return
        layer[index].x = limit
        index += direction


def _distance(first: _Item, second: _Item) -> float:
    return (first.width + second.width) / 2 + NODE_GAP


def _finish(items, layers, edges, forward, chains) -> Layout:
    middles, y = [], MARGIN
    for layer in layers:
        height = max(item.height for item in layer)
        middles.append(y + height / 2)
        y += height + LAYER_GAP
    left = min(item.x - item.width / 2 for item in items.values())
    right = max(item.x + item.width / 2 for item in items.values())
    shift = MARGIN - left

    def centre(item):
        return item.x + shift, middles[item.layer]

    centres = {key: centre(item) for key, item in items.items() if not key.startswith("\0")}
    routes = []
    for (source, _), (forward_source, _), chain in zip(edges, forward, chains, strict=True):
        points = [centre(items[key]) for key in chain]
        # Leave from the bottom of the upper node and arrive at the top of the lower one.
        points[0] = (points[0][0], points[0][1] + items[chain[0]].height / 2)
        points[-1] = (points[-1][0], points[-1][1] - items[chain[-1]].height / 2)
        routes.append(points if source == forward_source else points[::-1])
    return Layout(centres, routes, right - left + 2 * MARGIN, y - LAYER_GAP + MARGIN)
