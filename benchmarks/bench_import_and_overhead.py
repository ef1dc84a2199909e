"""How much `import tinytf` and the executor cost on top of NumPy.

    python benchmarks/bench_import_and_overhead.py [--repeats 7] [--ops 1000]

1. `import tinytf` next to `import numpy`, each in fresh subprocesses (median of several);
   target: at most 0.1 s more than NumPy.
2. The modules that `import tinytf` loads beyond the standard library: NumPy only.
3. The executor's overhead per op: a session run of a chain of scalar adds, against the
   same NumPy kernel called directly in a loop; target: under 3 microseconds per op.
4. A plan-cache hit: a cached `session.run` of one constant, and its lookup in the bounded
   (LRU) cache against a plain dict's, as before the cache was bounded; target: at most
   0.2 microseconds more.

A script, not a test: timings depend on the machine, so they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

IMPORT_TARGET_S = 0.1
OVERHEAD_TARGET_US = 3.0
CACHE_HIT_TARGET_US = 0.2

_IMPORT_PROBE = """
import sys, time
before = set(sys.modules)
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
new = {{name.split(".")[0] for name in set(sys.modules) - before}}
loaded = sorted(new - set(sys.stdlib_module_names) - {{"{module}"}})
print(__import__("json").dumps({{"seconds": elapsed, "third_party": loaded}}))
"""


def time_import(module: str, environment: dict) -> dict:
    """Seconds to import `module` in a fresh interpreter, and the packages it loaded."""
    output = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return json.loads(output)


def import_times(repeats: int) -> tuple[float, float, list[str]]:
    """Median import times of numpy and tinytf (interleaved), and tinytf's third parties.

    Both import from cached bytecode, as they do for a user: a first, untimed import of
    each writes it (into a temporary folder, so that the checkout stays clean).
    """
    numpy_times, tinytf_times = [], []
    third_party: list[str] = []
    with tempfile.TemporaryDirectory() as cache:
        environment = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        time_import("numpy", environment)
        time_import("tinytf", environment)
        for _ in range(repeats):
            numpy_times.append(time_import("numpy", environment)["seconds"])
            result = time_import("tinytf", environment)
            tinytf_times.append(result["seconds"])
            third_party = result["third_party"]
    return statistics.median(numpy_times), statistics.median(tinytf_times), third_party


def executor_overhead(ops: int, repeats: int) -> tuple[float, float, float]:
    """Median seconds of one run of a chain of `ops` scalar adds, in a session and in plain
    NumPy, and of a session run of one constant (the fixed cost of a `run` call)."""
    import numpy as np

    import tinytf as tf

    graph = tf.Graph()
    with graph.as_default():
        start = tf.placeholder(tf.float32, [], name="start")
        one = tf.constant(1.0, name="one")
        total = start
        for _ in range(ops):
            total = total + one
    session = tf.Session(graph=graph)
    feed = {start: np.float32(0.0)}
    assert session.run(total, feed) == ops  # builds the plan, and checks it
    kernel = np.add  # the AddV2 kernel
    one_value = np.array(1.0, dtype=np.float32)

    def numpy_chain():
        value = np.array(0.0, dtype=np.float32)
        for _ in range(ops):
            value = kernel(value, one_value)
        return value

    session.run(one)
    session_times, numpy_times, call_times = [], [], []
    for _ in range(repeats):
        numpy_times.append(_best_of(numpy_chain, 20))
        session_times.append(_best_of(lambda: session.run(total, feed), 20))
        call_times.append(_best_of(lambda: session.run(one), 200))
    return (
        statistics.median(session_times),
        statistics.median(numpy_times),
        statistics.median(call_times),
    )


def plan_cache_hit(repeats: int) -> tuple[float, float, float]:
    """Median seconds of a cached `session.run` of one constant, and of the cache lookup
    it makes: the LRU's `get` and `move_to_end`, and a plain dict's `get` (the lookup
    before the cache was bounded), on the same key."""
    import tinytf as tf

    graph = tf.Graph()
    with graph.as_default():
        one = tf.constant(1.0, name="one")
    session = tf.Session(graph=graph)
    session.run(one)
    lru = session._calls
    (key,) = lru
    plain = dict(lru)

    def lru_hit():
        for _ in range(1000):
            if lru.get(key) is not None:
                lru.move_to_end(key)

    def dict_hit():
        for _ in range(1000):
            plain.get(key)

    run_times, lru_times, dict_times = [], [], []
    for _ in range(repeats):
        run_times.append(_best_of(lambda: session.run(one), 2000))
        lru_times.append(_best_of(lru_hit, 50) / 1000)
        dict_times.append(_best_of(dict_hit, 50) / 1000)
    return tuple(statistics.median(times) for times in (run_times, lru_times, dict_times))


def _best_of(function, count: int) -> float:
    best = float("inf")
    for _ in range(count):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--ops", type=int, default=1000)
    args = parser.parse_args()

    numpy_s, tinytf_s, third_party = import_times(args.repeats)
    extra = tinytf_s - numpy_s
    print(f"import numpy : {numpy_s * 1000:7.1f} ms (median of {args.repeats})")
    print(
        f"import tinytf: {tinytf_s * 1000:7.1f} ms, {extra * 1000:+.1f} ms over NumPy "
        f"(target <= {IMPORT_TARGET_S * 1000:.0f} ms more: "
        f"{'met' if extra <= IMPORT_TARGET_S else 'MISSED'})"
    )
    beyond_numpy = [name for name in third_party if name != "numpy"]
    print(
        f"modules beyond the standard library: {', '.join(third_party) or 'none'} "
        f"({'NumPy only: met' if not beyond_numpy else 'MISSED: ' + ', '.join(beyond_numpy)})"
    )

    session_s, numpy_s, call_s = executor_overhead(args.ops, args.repeats)
    per_op_us = (session_s - numpy_s) / args.ops * 1e6
    print(
        f"{args.ops}-op scalar chain: session.run {session_s * 1e6:8.1f} us, NumPy loop "
        f"{numpy_s * 1e6:8.1f} us"
    )
    print(
        f"executor overhead: {per_op_us:.2f} us per op (target < {OVERHEAD_TARGET_US:.0f} us: "
        f"{'met' if per_op_us < OVERHEAD_TARGET_US else 'MISSED'})"
    )
    print(f"fixed cost of one session.run call (one constant fetched): {call_s * 1e6:.1f} us")

    run_s, lru_s, dict_s = plan_cache_hit(args.repeats)
    extra_us = (lru_s - dict_s) * 1e6
    print(
        f"plan-cache hit: session.run {run_s * 1e6:.2f} us, of which the lookup: LRU "
        f"{lru_s * 1e9:.0f} ns, unbounded dict {dict_s * 1e9:.0f} ns ({extra_us:+.2f} us; "
        f"target <= {CACHE_HIT_TARGET_US} us more: "
        f"{'met' if extra_us <= CACHE_HIT_TARGET_US else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
