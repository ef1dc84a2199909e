"""What each plan rewrite is worth: a training step's time with one rule left out.

    OPENBLAS_NUM_THREADS=1 python benchmarks/rewrite_ablation.py [--steps 20] [--rounds 15]
    python benchmarks/rewrite_ablation.py --plans

For the benchmark's MNIST MLP (784-256-256-10, batch 128, sparse softmax cross-entropy;
and with Adam at batch 32), the tiny 4-16-16-3 MLP (batch 8) and softmax regression
(784-10, batch 100, dense labels), builds one session per variant: every rule
(client/rewrites.py), then each rule left out. Rounds interleave the variants, so that
machine noise hits them alike, and the best round of each is printed (CPU microseconds of
this process per Session.run of the training step, which other processes on a shared
machine disturb less than wall time; hence one BLAS thread), with its ratio to the plan
with every rule. With `--plans`, it prints instead the kernel calls in each variant's
training-step plan (a loop body's counted once), for these workloads and the CNN and LSTM
benchmarks: what each rule changes, free of timing noise. The figures in the rules'
docstrings come from here.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import pathlib
import re
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import engines  # noqa: E402 - a sibling module, found through the path set above

import tinytf as tf  # noqa: E402
from tinytf.client import rewrites  # noqa: E402

RULES = [
    "variables_as_constants",
    "forward_unchanged_input",
    "use_static_kernel",
    "fold_constants",
    "leave_out_unread_outputs",
    "memoize_shape_functions",
    "fuse_kernels",
]
# Rules that may stand in for each other, left out together.
PAIRS = ["fold_constants+memoize_shape_functions"]


@contextlib.contextmanager
def left_out(rules: str):
    """Plans built inside run the rewrites without `rules` (names joined by "+")."""
    names = rules.split("+")
    saved = rewrites.PASSES, rewrites.STEP_RULES
    rewrites.STEP_RULES = tuple(r for r in rewrites.STEP_RULES if r.__name__ not in names)
    rewrites.PASSES = tuple(p for p in rewrites.PASSES if p.__name__ not in names)
    try:
        yield
    finally:
        rewrites.PASSES, rewrites.STEP_RULES = saved


def softmax_regression():
    x = tf.placeholder(tf.float32, [None, 784])
    labels = tf.placeholder(tf.float32, [None, 10])
    logits = tf.matmul(x, tf.Variable(tf.zeros([784, 10]))) + tf.Variable(tf.zeros([10]))
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    rng = np.random.default_rng(0)
    feed = {
        x: rng.random((100, 784), np.float32),
        labels: np.eye(10, dtype=np.float32)[rng.integers(0, 10, 100)],
    }
    step = functools.partial(session.run, train, feed)
    step.session = session
    return step


def mlp(sizes: list[int], batch: int, optimizer: str = "sgd"):
    model = engines.GraphMLP(tf, engines.initial_weights(sizes), optimizer)
    rng = np.random.default_rng(0)
    x = rng.random((batch, sizes[0]), dtype=np.float32)
    y = rng.integers(0, sizes[-1], batch)
    step = functools.partial(model.step, x, y)
    step.session = model.session
    return step


def cnn():
    """bench_cnn.py's CNN (two convolutions, pooling, dense, Adam), batch 16."""
    os.environ.setdefault("BENCH_THREADS", "1")
    import bench_cnn

    model = bench_cnn.GraphCNN(tf, bench_cnn.initial_weights())
    rng = np.random.default_rng(0)
    step = functools.partial(
        model.step, rng.random((16, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, 16)
    )
    step.session = model.session
    return step


def lstm():
    """bench_rnn.py's LSTM (dynamic_rnn over 28 steps), batch 8."""
    import bench_rnn

    model = bench_rnn.tinytf_model(bench_rnn.initial_weights())
    rng = np.random.default_rng(0)
    step = functools.partial(
        model.step, rng.random((8, 28 * 28), dtype=np.float32), rng.integers(0, 10, 8)
    )
    step.session = model.session
    return step


WORKLOADS = {
    "mnist mlp": lambda: mlp([784, 256, 256, 10], 128),
    "mnist mlp adam b32": lambda: mlp([784, 256, 256, 10], 32, "adam"),
    "tiny mlp": lambda: mlp([4, 16, 16, 3], 8),
    "softmax regression": softmax_regression,
}


def measure(make, steps: int, rounds: int) -> dict:
    """The best round's microseconds per step, for each variant."""
    variants = {}
    for rule in [""] + RULES + PAIRS:
        with left_out(rule), tf.Graph().as_default():
            variants[rule] = make()
            variants[rule]()  # builds the plan, with the rules of this variant
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(rounds):
        for rule, step in variants.items():
            start = time.process_time()
            for _ in range(steps):
                step()
            best[rule] = min(best[rule], (time.process_time() - start) / steps * 1e6)
    return best


def kernel_calls(make) -> dict:
    """The kernel calls in the training step's plan (its longest), for each variant."""
    calls = {}
    for rule in [""] + RULES:
        with left_out(rule), tf.Graph().as_default():
            step = make()
            step()
            source = max((plan.source for plan in step.session._plans.values()), key=len)
            calls[rule] = len(re.findall(r"= k\d+\(", source))
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--plans", action="store_true", help="count kernel calls instead")
    args = parser.parse_args()
    if args.plans:
        workloads = dict(WORKLOADS, cnn=cnn, lstm=lstm)
        counts = {name: kernel_calls(make) for name, make in workloads.items()}
        print(f"{'left out':30}" + "".join(f"{name:>20}" for name in counts))
        for rule in [""] + RULES:
            cells = "".join(f"{calls[rule]:>20}" for calls in counts.values())
            print(f"{rule or '(nothing)':30}{cells}")
        return
    results = {name: measure(make, args.steps, args.rounds) for name, make in WORKLOADS.items()}
    print(f"{'left out':55}" + "".join(f"{name:>26}" for name in results))
    for rule in [""] + RULES + PAIRS:
        cells = []
        for best in results.values():
            cells.append(f"{best[rule]:12.0f} us ({best[rule] / best['']:4.2f}x)")
        print(f"{rule or '(nothing)':55}" + "".join(f"{cell:>26}" for cell in cells))


if __name__ == "__main__":
    main()
