"""The tiny training step three ways on each engine: graph + Session, eager, traced function.

    python benchmarks/bench_eager.py [--repeats 3]

The 4-16-16-3 MLP of benchmarks/run.py (batch 150, softmax cross-entropy, plain gradient
descent), written once as a TF 1.x eager program with tf.GradientTape. tinytf runs it as
a graph in a Session, eagerly, and as a tf.function; TensorFlow 2.21 eagerly and as a
tf.function (its graph mode is benchmarks/run.py's). Each measurement runs in its own
process, interleaved across repetitions; prints microseconds per step and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import engines  # noqa: E402 - a sibling module, found through the path set above

MODES = [
    ("tinytf", "graph"),
    ("tinytf", "eager"),
    ("tinytf", "function"),
    ("tensorflow", "eager"),
    ("tensorflow", "function"),
]
LEARNING_RATE = 0.1
TINY_SIZES = [4, 16, 16, 3]


def eager_step(tf, trace):
    """One training step of the tiny MLP as a zero-argument function, passed to `trace`."""
    weights = [tf.Variable(w) for w in engines.initial_weights(TINY_SIZES)]
    rng = np.random.default_rng(2)
    x = tf.constant(rng.standard_normal((150, 4)).astype(np.float32))
    labels = tf.constant(rng.integers(0, 3, 150).astype(np.int64))
    optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)

    def step():
        with tf.GradientTape() as tape:
            hidden = x
            for i in range(0, len(weights) - 2, 2):
                hidden = tf.nn.relu(tf.matmul(hidden, weights[i]) + weights[i + 1])
            logits = tf.matmul(hidden, weights[-2]) + weights[-1]
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
            )
        grads = tape.gradient(loss, weights)
        optimizer.apply_gradients(zip(grads, weights, strict=True))
        return loss

    return trace(step)


def child(engine: str, mode: str) -> float:
    if engine == "tinytf" and mode == "graph":
        model = engines.tinytf_mlp(engines.initial_weights(TINY_SIZES), "sgd")
        return engines.time_tiny_steps(model)
    if engine == "tinytf":
        import tinytf as tf

        tf.enable_eager_execution()
        function = tf.function
    else:
        import tensorflow
        import tensorflow.compat.v1 as tf

        function = tensorflow.function
    step = eager_step(tf, function if mode == "function" else (lambda f: f))

    class Stepper:
        def step(self, x, y):
            step()

    return engines.time_tiny_steps(Stepper(), steps=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    samples: dict = {}
    for _ in range(args.repeats):
        for engine, mode in MODES:
            output = subprocess.run(
                [sys.executable, __file__, "--child", engine, mode],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout
            samples.setdefault((engine, mode), []).append(json.loads(output.splitlines()[-1]))
    medians = {key: statistics.median(values) for key, values in samples.items()}
    graph = medians[("tinytf", "graph")]
    print(f"Tiny step 4-16-16-3, batch 150, SGD: microseconds per step, median of {args.repeats}")
    print(f"{'engine':>10}  {'mode':>8}  {'us/step':>9}  {'vs tinytf graph':>15}")
    for (engine, mode), value in medians.items():
        print(f"{engine:>10}  {mode:>8}  {value:9.1f}  {value / graph:14.2f}x")
    for mode in ("eager", "function"):
        ratio = medians[("tinytf", mode)] / medians[("tensorflow", mode)]
        print(f"tinytf {mode} / TensorFlow {mode}: {ratio:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        main()
