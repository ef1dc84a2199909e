"""How fast tinytf checksums and saves checkpoints, and lays out a large graph drawing.

    python benchmarks/bench_checkpoint_and_layout.py [--repeats 5]

1. CRC32C (the checksum of every tensor in a checkpoint) over 64 MiB, in NumPy lanes,
   next to zlib's CRC32 in C: the same amount of work for a different polynomial.
2. Saver.save and Saver.restore of an MNIST MLP (784-512-512-10 with Adam's slots), next
   to TensorFlow's tf.compat.v1 Saver on the same variables, when TensorFlow is installed.
3. The pure-Python layered layout (viz engine "python") of 2,150 ops with long edges.

A script, not a test: timings depend on the machine, so they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import zlib

import numpy as np

LAYERS = [784, 512, 512, 10]


def median_seconds(function, repeats: int) -> float:
    """The median wall time of `function()` over `repeats` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def checksum_rows(repeats: int) -> list[tuple[str, float, str]]:
    from tinytf.train.checkpoint_format import crc32c

    data = np.random.default_rng(0).integers(0, 256, 64 << 20, dtype=np.uint8)
    ours = median_seconds(lambda: crc32c.value(data), repeats)
    peer = median_seconds(lambda: zlib.crc32(data), repeats)
    return [
        ("CRC32C of 64 MiB, tinytf (NumPy)", ours, f"{ours / peer:.2f}x zlib"),
        ("CRC32 of 64 MiB, zlib (C)", peer, "1.00x"),
    ]


def mlp_saver(tf):
    """An MLP's variables with Adam's slots (as a training program saves them), a Saver and
    an initialised session, built in `tf` (tinytf or tensorflow.compat.v1)."""
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, LAYERS[0]])
    y = tf.placeholder(tf.int64, [None])
    hidden = x
    for index, (fan_in, fan_out) in enumerate(zip(LAYERS, LAYERS[1:], strict=False)):
        with tf.variable_scope(f"layer{index}"):
            kernel = tf.get_variable("kernel", [fan_in, fan_out])
            bias = tf.get_variable("bias", [fan_out], initializer=tf.zeros_initializer())
        hidden = tf.matmul(hidden, kernel) + bias
        if index < len(LAYERS) - 2:
            hidden = tf.nn.relu(hidden)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=hidden))
    tf.train.AdamOptimizer().minimize(loss)
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    return tf.train.Saver(), session


def saver_rows(tf, label: str, repeats: int) -> list[tuple[str, float, str]]:
    saver, session = mlp_saver(tf)
    with tempfile.TemporaryDirectory() as directory:
        prefix = f"{directory}/model.ckpt"
        save = median_seconds(lambda: saver.save(session, prefix, write_meta_graph=False), repeats)
        restore = median_seconds(lambda: saver.restore(session, prefix), repeats)
    session.close()
    return [
        (f"Saver.save, MLP + Adam slots, {label}", save, ""),
        (f"Saver.restore, MLP + Adam slots, {label}", restore, ""),
    ]


def layout_rows(repeats: int) -> list[tuple[str, float, str]]:
    import tinytf as tf
    from tinytf import viz

    tf.reset_default_graph()
    values = [tf.placeholder(tf.float32, name=f"input{index}") for index in range(100)]
    for _ in range(20):
        values = [values[index] + values[(index + 1) % len(values)] for index in range(len(values))]
    x = tf.placeholder(tf.float32, name="x")
    power = x
    for _ in range(150):
        power = power * x
    seconds = median_seconds(lambda: viz.to_svg(collapse=False, engine="python"), repeats)
    return [("python layout, 2,150 ops, long edges", seconds, "")]


def with_ratios(rows):
    """Fills in each TensorFlow row's peer ratio: tinytf's time over TensorFlow's."""
    times = {label: seconds for label, seconds, _ in rows}
    filled = []
    for label, seconds, ratio in rows:
        if label.endswith(", tinytf") and label.replace("tinytf", "TensorFlow") in times:
            ratio = f"{seconds / times[label.replace('tinytf', 'TensorFlow')]:.2f}x TensorFlow"
        filled.append((label, seconds, ratio))
    return filled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats

    import tinytf

    rows = checksum_rows(repeats) + saver_rows(tinytf, "tinytf", repeats)
    try:
        import tensorflow.compat.v1 as tensorflow
    except ImportError:
        print("TensorFlow is not installed: its Saver is left out.")
    else:
        tensorflow.disable_eager_execution()
        rows += saver_rows(tensorflow, "TensorFlow", repeats)
    rows += layout_rows(repeats)
    width = max(len(label) for label, _, _ in rows)
    print(f"{'measurement':<{width}}  {'median s':>9}  ratio")
    for label, seconds, ratio in with_ratios(rows):
        print(f"{label:<{width}}  {seconds:9.4f}  {ratio}")


if __name__ == "__main__":
    main()
