"""`use_locking=True`: an op that writes variables holds their cells' locks while it runs.

As in TensorFlow, only ops that ask for it take a lock; the default leaves concurrent
updates unlocked (they may interleave and lose some), at no cost. Several variables'
locks (an optimizer's variable and its slots) are taken in one global order, so two
locked updates never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Callable


def honours_use_locking(bind_kernel: Callable) -> Callable:
    """Wraps a bound kernel's factory (or its in-place variant's): with the op's
    `use_locking` attribute true, the kernel runs holding the locks of its `ref_inputs`
    cells."""

    def bind(op, session):
        kernel = bind_kernel(op, session)
        if not op._attrs.get("use_locking"):
            return kernel
        return _locked(kernel, op.op_def.ref_inputs)

    bind.__name__ = bind_kernel.__name__
    bind.__doc__ = bind_kernel.__doc__
    return bind


def _locked(kernel: Callable, ref_positions: tuple) -> Callable:
    if len(ref_positions) == 1:
        (position,) = ref_positions

        def locked(*args):
            with args[position].lock:
                return kernel(*args)

    else:

        def locked(*args):
            locks = sorted({id(args[p].lock): args[p].lock for p in ref_positions}.items())
            for _, lock in locks:
                lock.acquire()
            try:
                return kernel(*args)
            finally:
                for _, lock in reversed(locks):
                    lock.release()

    return locked
