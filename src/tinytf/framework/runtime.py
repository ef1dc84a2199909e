"""What kernels and graph objects reach when a graph runs, below the ops and the client: a
session's storage for one variable, and the stack of default sessions.

Sessions (client/session.py) create the cells and push themselves on the stack; kernels
(ops/) read cells, and Tensor.eval, Operation.run and Variable.load find the default
session here, so that nothing below the client imports it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from tinytf.framework import errors


class VariableCell:
    """A session's storage for one variable: `value` is its array, None until initialised.

    `lock` is held by the ops that write it with use_locking=True (ops/variable_locks.py).
    """

    __slots__ = ("value", "op", "lock")

    def __init__(self, op) -> None:
        self.value = None
        self.op = op
        self.lock = threading.Lock()


def read_cell(cell: VariableCell):
    """Dereferences a variable: its current array, or FailedPreconditionError."""
    value = cell.value
    if value is None:
        name = cell.op.name
        raise errors.FailedPreconditionError(
            None, cell.op, f"Attempting to use uninitialized value {name}"
        )
    return value


_default_session_stack: list = []


def get_default_session():
    """The innermost session entered with `as_default()` (or `with Session()`), or None."""
    return _default_session_stack[-1] if _default_session_stack else None


@contextlib.contextmanager
def default_session(session) -> Iterator:
    """Makes `session` the default session inside."""
    _default_session_stack.append(session)
    try:
        yield session
    finally:
        _default_session_stack.remove(session)


def run_in_default_session(element, feed_dict, session, is_tensor: bool):
    """`Tensor.eval()` and `Operation.run()`: run `element` in `session` or the default one."""
    session = session if session is not None else get_default_session()
    if session is None:
        if is_tensor:
            raise ValueError(
                "Cannot evaluate tensor using `eval()`: No default session is "
                "registered. Use `with sess.as_default()` or pass an explicit "
                "session to `eval(session=sess)`"
            )
        raise ValueError(
            "Cannot execute operation using `run()`: No default session is "
            "registered. Use `with sess.as_default():` or pass an explicit "
            "session to `run(session=sess)`"
        )
    if session.graph is not element.graph:
        what = "evaluate tensor" if is_tensor else "execute operation"
        kind = "tensor" if is_tensor else "operation"
        raise ValueError(
            f"Cannot use the given session to {what}: the {kind}'s graph is "
            "different from the session's graph."
        )
    return session.run(element, feed_dict)
