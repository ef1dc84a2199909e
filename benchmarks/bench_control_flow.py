"""How fast a while loop runs in tinytf's sub-plans, next to TensorFlow's compat.v1 loop.

    python benchmarks/bench_control_flow.py [--repeats 5] [--iterations 1000]

A tf.while_loop of 1,000 iterations whose body is a 32x32 matmul and an add (a recurrence
s <- tanh(s @ W) + x), run forward, and forward with the gradient of sum(s) with respect
to W and x (the backward loop replays the stored iterations). Both engines build the same
TF 1.x program in the same run; TensorFlow with control flow v1 (Enter/Exit/NextIteration,
as TF 1.x) and with its default v2 (functional While). A script, not a test: timings
depend on the machine, so they are printed with ratios, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

SIZE = 32


def median_seconds(function, repeats: int) -> float:
    """The median wall time of `function()` over `repeats` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def loop_program(tf, iterations: int):
    """The loop, its gradient and a session, built in `tf` (tinytf or compat.v1)."""
    rng = np.random.default_rng(0)
    x = tf.placeholder(tf.float32, [SIZE, SIZE], name="x")
    w = tf.Variable(rng.uniform(-0.1, 0.1, (SIZE, SIZE)).astype(np.float32), name="w")

    def body(i, s):
        return i + 1, tf.tanh(tf.matmul(s, w)) + x

    _, final = tf.while_loop(lambda i, s: i < iterations, body, [tf.constant(0), x])
    grads = tf.gradients(tf.reduce_sum(final), [w, x])
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    feed = {x: rng.uniform(-1, 1, (SIZE, SIZE)).astype(np.float32)}
    return session, final, grads, feed


def rows_for(tf, label: str, iterations: int, repeats: int) -> list[tuple[str, float]]:
    with tf.Graph().as_default():
        session, final, grads, feed = loop_program(tf, iterations)
        forward = median_seconds(lambda: session.run(final, feed), repeats)
        backward = median_seconds(lambda: session.run([final, *grads], feed), repeats)
        values = session.run([final, *grads], feed)
        session.close()
    return [
        (f"while_loop forward, {label}", forward),
        (f"while_loop forward + gradient, {label}", backward),
    ], values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=1000)
    arguments = parser.parse_args()
    import tinytf

    rows, reference = rows_for(tinytf, "tinytf", arguments.iterations, arguments.repeats)
    peers = {}
    try:
        import tensorflow.compat.v1 as tensorflow
    except ImportError:
        print("TensorFlow is not installed: only tinytf is measured.")
    else:
        tensorflow.disable_eager_execution()
        for label, v2 in (("TensorFlow v1 control flow", False), ("TensorFlow v2 While", True)):
            (tensorflow.enable_control_flow_v2 if v2 else tensorflow.disable_control_flow_v2)()
            measured, values = rows_for(tensorflow, label, arguments.iterations, arguments.repeats)
            for mine, theirs in zip(reference, values, strict=True):
                np.testing.assert_allclose(mine, theirs, rtol=1e-3, atol=1e-3)
            rows += measured
            peers[label] = dict(measured)
    width = max(len(label) for label, _ in rows)
    print(f"{arguments.iterations} iterations of a {SIZE}x{SIZE} matmul + add (same values)")
    print(f"{'measurement':<{width}}  {'median s':>9}  ratio")
    times = dict(rows)
    for label, seconds in rows:
        ratio = ""
        if label.endswith(", tinytf"):
            ratio = "  ".join(
                f"{seconds / times[label.replace('tinytf', peer)]:.2f}x {peer}" for peer in peers
            )
        print(f"{label:<{width}}  {seconds:9.4f}  {ratio}")


if __name__ == "__main__":
    main()
