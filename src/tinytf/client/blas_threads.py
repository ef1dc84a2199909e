"""How many threads NumPy's BLAS may use in the next run: the cores other processes leave free.

OpenBLAS's worker threads spin while they wait for one another. When another process keeps
a core busy, a matrix product split over every core waits on the thread that got no core:
an MLP epoch took 4.3x its quiet time that way, and 2.2x TensorFlow's, whose own thread pool
does not collapse. So before each run a session asks how many cores the other processes
leave free, sampled at most every `SAMPLE_INTERVAL_S` from the kernel's CPU counters, and
lets BLAS use that many threads: never more than `ConfigProto.intra_op_parallelism_threads`
(when set), the cores this process may run on, or the thread count BLAS started with (so
OPENBLAS_NUM_THREADS and friends still cap it). Linux tells the CPU time of every process
in /proc/stat; elsewhere BLAS keeps the threads it started with. Products too small to gain
from threads already run on one thread inside BLAS (OpenBLAS: m*n*k under 262,144; MKL
likewise), so the size of each product needs no second rule here.

The BLAS is found and set through threadpoolctl, which knows the libraries NumPy ships with
(OpenBLAS, including the renamed scipy-openblas symbols of NumPy 2 wheels, MKL and BLIS)
and calls each one's own thread setter: a microsecond per change. It is imported at the
first run, not at `import tinytf`. The setting is process-wide, as BLAS's own is.
"""

from __future__ import annotations

import os
import time

SAMPLE_INTERVAL_S = 0.25
# Another process's share of a core below this counts as a free core: an editor or a
# browser tab idling costs a few percent and must not halve the speed of a product.
_SLACK_CORES = 0.25


class CpuSampler:
    """Cores kept busy by other processes, from the change in CPU counters between calls.

    `counters()` returns (seconds elapsed, CPU-seconds used by every process, CPU-seconds
    used by this one), or None where the system does not tell.
    """

    def __init__(self, counters=None) -> None:
        self._counters = counters or cpu_counters
        self._last = self._counters()

    def busy_elsewhere(self) -> float:
        """Cores other processes used since the previous call (0.0 when unknown)."""
        now = self._counters()
        last, self._last = self._last, now
        if now is None or last is None:
            return 0.0
        elapsed = now[0] - last[0]
        if elapsed <= 0:
            return 0.0
        return max(0.0, (now[1] - last[1]) - (now[2] - last[2])) / elapsed


def cpu_counters() -> tuple[float, float, float] | None:
    """(seconds elapsed, CPU-seconds used by every process, CPU-seconds used by this one)."""
    own = os.times()
    try:
        with open("/proc/stat", "rb") as stat:
            fields = stat.readline().split()[1:]
    except OSError:  # no /proc (macOS, Windows): BLAS keeps the threads it started with
        return None
    # user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    ticks = [int(field) for field in fields[:8]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return (time.monotonic(), busy / os.sysconf("SC_CLK_TCK"), own.user + own.system)


def usable_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def threads_for(free_cores: float, cap: int) -> int:
    """The thread count for `free_cores` idle cores, between 1 and `cap`."""
    return max(1, min(cap, int(free_cores + _SLACK_CORES)))


class BlasThreads:
    """Sets BLAS's thread count before runs, from the cores left free (see the module)."""

    def __init__(self) -> None:
        self._libraries = None
        self._sampler: CpuSampler | None = None
        self._cap = 1
        self._next_sample = 0.0
        self._current = 0
        self._free = float(usable_cores())

    def adjust(self, intra_op_threads: int = 0) -> None:
        """Lets BLAS use the free cores, at most `intra_op_threads` when it is positive."""
        now = time.monotonic()
        if now >= self._next_sample:
            self._next_sample = now + SAMPLE_INTERVAL_S
            self._sample()
        cap = self._cap
        if intra_op_threads > 0:
            cap = min(cap, intra_op_threads)
        wanted = threads_for(self._free, cap)
        if wanted != self._current:
            self._current = wanted
            for library in self._libraries:
                library.set_num_threads(wanted)

    def _sample(self) -> None:
        usable = usable_cores()
        if self._libraries is None:
            self._libraries = _blas_libraries()
            started_with = max((library.num_threads for library in self._libraries), default=1)
            self._cap = min(started_with, usable)
            self._sampler = CpuSampler()
            return
        cores = os.cpu_count() or 1
        self._free = min(float(usable), cores - self._sampler.busy_elsewhere())

    @property
    def current(self) -> int:
        """The thread count last given to BLAS (0 before the first run)."""
        return self._current


def _blas_libraries() -> list:
    """threadpoolctl's controllers of the BLAS libraries loaded now ([] without it)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return []
    return list(ThreadpoolController().select(user_api="blas").lib_controllers)


BLAS = BlasThreads()
