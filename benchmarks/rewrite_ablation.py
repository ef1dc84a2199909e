"""What each plan rewrite is worth: a training step's time with one rule left out.

    python benchmarks/rewrite_ablation.py [--steps 200] [--rounds 5]

For the benchmark's MNIST MLP (784-256-256-10, batch 128, sparse softmax cross-entropy),
the tiny 4-16-16-3 MLP (batch 8) and softmax regression (784-10, batch 100, dense
labels), prints the median microseconds per Session.run of the training step with every
rule (client/rewrites.py), then with each rule left out, each variant in its own process.
The figures in the rules' docstrings come from here.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
WORKLOADS = {"mnist mlp": ([784, 256, 256, 10], 128), "tiny mlp": ([4, 16, 16, 3], 8)}
RULES = [
    "variables_as_constants",
    "forward_unchanged_input",
    "use_static_kernel",
    "fold_constants",
    "merge_common_subexpressions",
    "leave_out_unread_outputs",
    "memoize_shape_functions",
    "fuse_kernels",
]


def leave_out(rule: str) -> None:
    """Removes `rule` from the rewrites run by plans built from now on."""
    from tinytf.client import rewrites

    if rule == "merge_common_subexpressions":
        rewrites.merge_common_subexpressions = lambda plan: False
    elif rule in [r.__name__ for r in rewrites.STEP_RULES]:
        rewrites.STEP_RULES = tuple(r for r in rewrites.STEP_RULES if r.__name__ != rule)
    else:
        rewrites.PASSES = tuple(p for p in rewrites.PASSES if p.__name__ != rule)


def softmax_regression(tf):
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
    return lambda: session.run(train, feed)


def mlp(tf, sizes: list[int], batch: int):
    sys.path.insert(0, str(HERE))
    import engines

    model = engines.GraphMLP(tf, engines.initial_weights(sizes), 0.1)
    rng = np.random.default_rng(0)
    x = rng.random((batch, sizes[0]), dtype=np.float32)
    y = rng.integers(0, sizes[-1], batch)
    return lambda: model.step(x, y)


def child(rule: str, steps: int, rounds: int) -> dict:
    if rule:
        leave_out(rule)
    import tinytf as tf

    figures = {}
    makers = {
        name: (lambda s=sizes, b=batch: mlp(tf, s, b)) for name, (sizes, batch) in WORKLOADS.items()
    }
    makers["softmax regression"] = lambda: softmax_regression(tf)
    for name, make in makers.items():
        with tf.Graph().as_default():
            step = make()
            step()
            samples = []
            for _ in range(rounds):
                start = time.perf_counter()
                for _ in range(steps):
                    step()
                samples.append((time.perf_counter() - start) / steps * 1e6)
        figures[name] = statistics.median(samples)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.steps, args.rounds)))
        return
    rows = {}
    for rule in [""] + RULES:
        command = [sys.executable, __file__, "--child", rule, "--steps", str(args.steps)]
        command += ["--rounds", str(args.rounds)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        rows[rule or "(all rules)"] = json.loads(output)
    names = list(next(iter(rows.values())))
    print(f"{'left out':30}" + "".join(f"{name:>20}" for name in names) + "   (us per step)")
    for rule, figures in rows.items():
        print(f"{rule:30}" + "".join(f"{figures[name]:20.0f}" for name in names))


if __name__ == "__main__":
    main()
