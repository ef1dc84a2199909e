"""The cost of dynamic_rnn's gradient with respect to its input sequence as the sequence
grows: tf.gradients of an LSTM's loss (64 units, batch 32) by its weights, and by its
weights and its inputs [T, 32, 64], for T = 25, 100, 400; CPU seconds per run, the least
of 9 runs taken in turn (the machine is shared). The inputs' gradient should add about
the cost of one step's slice per step, the same at every T, not the cost of the whole
sequence.

    python benchmarks/bench_rnn_input_gradient.py
"""

from __future__ import annotations

import time

import numpy as np

import tinytf as tf

BATCH, UNITS, REPEATS = 32, 64, 9


def seconds_per_gradient(steps: int) -> tuple[float, float]:
    """CPU seconds of the gradient by the weights, and by the weights and the inputs."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [steps, BATCH, UNITS])
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, time_major=True)
        loss = tf.reduce_sum(outputs[-1])
        by_weights = tf.gradients(loss, tf.trainable_variables())
        by_both = tf.gradients(loss, [x, *tf.trainable_variables()])
        values = np.random.default_rng(0).normal(size=(steps, BATCH, UNITS)).astype(np.float32)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            times = {0: [], 1: []}
            for _ in range(REPEATS + 1):  # the first run of each compiles its plan
                for which, grads in enumerate((by_weights, by_both)):
                    start = time.process_time()
                    session.run(grads, {x: values})
                    times[which].append(time.process_time() - start)
    return min(times[0][1:]), min(times[1][1:])


def main() -> None:
    print(f"{'T':>5} {'by weights, s':>14} {'and inputs, s':>14} {'inputs extra, ms/step':>22}")
    for steps in (25, 100, 400):
        weights, both = seconds_per_gradient(steps)
        extra = 1000 * (both - weights) / steps
        print(f"{steps:>5} {weights:>14.4f} {both:>14.4f} {extra:>22.3f}")


if __name__ == "__main__":
    main()
