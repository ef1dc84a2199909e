"""A least-recently-used cache of a session's compiled runs, bounded in entries.

Each distinct (fetches, feeds) signature compiles a plan of tens of KiB; a program that
fetches ever new sets (an evaluation loop over many tensors) would grow a session
without bound. Past `max_size` entries the least recently used one is dropped and built
again if it is asked for later.
"""

from __future__ import annotations

from collections import OrderedDict

DEFAULT_MAX_SIZE = 1024


class PlanCache(OrderedDict):
    """Up to `max_size` entries. A hit is `get` then `touch` (or `move_to_end`: two C
    calls, about 0.1 us more than a plain dict's `get`); `put` adds and trims."""

    def __init__(self, max_size: int = DEFAULT_MAX_SIZE) -> None:
        super().__init__()
        self._max_size = _checked_size(max_size)

    @property
    def max_size(self) -> int:
        return self._max_size

    @max_size.setter
    def max_size(self, max_size: int) -> None:
        self._max_size = _checked_size(max_size)
        self._trim()

    def touch(self, key) -> None:
        """Marks `key` most recently used (if another thread dropped it: nothing)."""
        try:
            self.move_to_end(key)
        except KeyError:
            pass

    def put(self, key, value) -> None:
        self[key] = value
        self._trim()

    def _trim(self) -> None:
        while len(self) > self._max_size:
            try:
                self.popitem(last=False)
            except KeyError:  # emptied by another thread
                return


def _checked_size(max_size) -> int:
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ValueError(f"A plan cache holds at least 1 entry, not {max_size!r}.")
    return max_size
