"""The MNIST MLP's matrix products alone: NumPy's BLAS against PyTorch's, product by product.

    python benchmarks/bench_gemm.py [--batches 32,128,512] [--threads 2] [--repeats 5]

A training step of the 784-256-256-10 MLP multiplies the same five kinds of matrices on
every engine: the forward products x @ W, the weight gradients h.T @ g and the input
gradients g @ W.T. tinytf calls NumPy's BLAS for them (OpenBLAS in NumPy's wheels);
PyTorch calls its own (MKL in its x86 wheels). Whatever an engine does around them, it
cannot spend less than its BLAS takes for these, so this table is the floor each engine
works against. Each cell is the median of `--repeats` rounds of 200 calls, the two
libraries alternating, with the same thread count and a pause at each switch: BLAS and
OpenMP worker threads spin for a while after a call, and would otherwise take the cores
from the other library's first calls. A script, not a test.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run import MNIST_SIZES  # noqa: E402 - the benchmark's model, from its sibling module

LAYERS = list(zip(MNIST_SIZES[:-1], MNIST_SIZES[1:], strict=True))
PAUSE_S = 0.3  # longer than OpenBLAS's threads spin (2**28 cycles) before they sleep


def products(batch: int, rng) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, a, b) of every product in one training step: a @ b."""
    found = []
    for index, (fan_in, fan_out) in enumerate(LAYERS):
        inputs = rng.random((batch, fan_in), dtype=np.float32)
        weights = rng.random((fan_in, fan_out), dtype=np.float32)
        grad = rng.random((batch, fan_out), dtype=np.float32)
        found.append((f"h{index} @ W{index}", inputs, weights))
        found.append((f"h{index}.T @ g{index}", inputs.T, grad))
        if index:  # the first layer's input gradient is not needed
            found.append((f"g{index} @ W{index}.T", grad, weights.T))
    return found


def microseconds(multiply, a, b, calls: int = 200) -> float:
    time.sleep(PAUSE_S)
    multiply(a, b)
    start = time.perf_counter()
    for _ in range(calls):
        multiply(a, b)
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="32,128,512")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    print(f"microseconds per product, median of {args.repeats}, {args.threads} thread(s)")
    print(f"{'batch':>5}  {'product':<14} {'NumPy BLAS':>10} {'PyTorch':>8} {'ratio':>6}")
    with threadpool_limits(args.threads, user_api="blas"):
        for batch in map(int, args.batches.split(",")):
            totals = [0.0, 0.0]
            for label, a, b in products(batch, rng):
                torch_a, torch_b = torch.from_numpy(a), torch.from_numpy(b)
                rounds = [
                    (microseconds(np.matmul, a, b), microseconds(torch.matmul, torch_a, torch_b))
                    for _ in range(args.repeats)
                ]
                numpy_us = statistics.median(r[0] for r in rounds)
                torch_us = statistics.median(r[1] for r in rounds)
                totals[0] += numpy_us
                totals[1] += torch_us
                print(
                    f"{batch:>5}  {label:<14} {numpy_us:10.1f} {torch_us:8.1f} "
                    f"{numpy_us / torch_us:6.2f}"
                )
            print(
                f"{batch:>5}  {'step':<14} {totals[0]:10.1f} {totals[1]:8.1f} "
                f"{totals[0] / totals[1]:6.2f}"
            )


if __name__ == "__main__":
    main()
