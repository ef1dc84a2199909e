"""The course's MNIST CNN (Lab 6) trained on tinytf, PyTorch CPU eager and TensorFlow.

    TINYTF_DATA=../shared/data python benchmarks/bench_cnn.py [--batches 50]
        [--batch-size 64] [--repeats 3] [--threads 1] [--engines tinytf,torch,tensorflow]

Every engine starts from the same weights and trains on the same batches (Adam, the
lab's architecture: conv 5x5x16, pool, conv 5x5x32, pool, dense 256, dropout, 10). Each
measurement runs in its own child process (so peak memory is per engine), the engines
interleaved within every repetition so that machine noise hits them alike, all with the
same number of BLAS / intra-op threads. `--batches` times part of an epoch (an epoch is
859 batches of 64) and the table extrapolates to the epoch. The GEMM floor is the time
NumPy's BLAS alone needs for the matrix products of the convolutions and dense layers
(forward, filter and input gradients), the least any im2col engine can spend. Then
tinytf's time per op type, measured by wrapping every kernel with a clock.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

FILTERS, KERNEL, DENSE, CLASSES = (16, 32), 5, 256, 10
LEARNING_RATE = 0.002
EPOCH_EXAMPLES = 55000


def initial_weights(seed=0):
    """conv1, conv2 [KH, KW, in, out], dense, output kernels, and zero biases (float32)."""
    rng = np.random.default_rng(seed)
    shapes = [(KERNEL, KERNEL, 1, FILTERS[0]), (KERNEL, KERNEL, *FILTERS), (512, DENSE)]
    shapes.append((DENSE, CLASSES))
    weights = []
    for shape in shapes:
        fan_in = int(np.prod(shape[:-1]))
        weights.append(rng.normal(0, np.sqrt(2 / fan_in), shape).astype(np.float32))
        weights.append(np.zeros(shape[-1], np.float32))
    return weights


def batches(count, batch_size, seed=1):
    order = np.random.default_rng(seed).permutation(count)
    return [order[i : i + batch_size] for i in range(0, count - batch_size + 1, batch_size)]


def load_training_images():
    from tinytf.datasets import load_mnist

    (images, labels), _ = load_mnist(progress=False)
    images = images[5000:].reshape(-1, 28, 28, 1).astype(np.float32) / 255
    return images, labels[5000:].astype(np.int64)


class GraphCNN:
    """The CNN as a TF 1.x program, for tinytf and TensorFlow's compat.v1."""

    def __init__(self, tf, weights):
        conv1, bias1, conv2, bias2, dense, bias3, output, bias4 = weights
        self.x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        self.labels = tf.placeholder(tf.int64, [None])
        h = tf.nn.conv2d(self.x, tf.Variable(conv1), [1, 1, 1, 1], "VALID")
        h = tf.nn.relu(tf.nn.bias_add(h, tf.Variable(bias1)))
        h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        h = tf.nn.conv2d(h, tf.Variable(conv2), [1, 1, 1, 1], "VALID")
        h = tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(h, tf.Variable(bias2))), 2, 2, "VALID")
        h = tf.reshape(h, [-1, 512])
        h = tf.nn.relu(tf.matmul(h, tf.Variable(dense)) + tf.Variable(bias3))
        h = tf.nn.dropout(h, rate=0.4)
        logits = tf.matmul(h, tf.Variable(output)) + tf.Variable(bias4)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.labels, logits=logits)
        )
        self.train = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss)
        self.session = tf.Session(config=_tf_config(tf))
        self.session.run(tf.global_variables_initializer())

    def step(self, x, labels):
        self.session.run(self.train, {self.x: x, self.labels: labels})


def _tf_config(tf):
    threads = int(os.environ["BENCH_THREADS"])
    return tf.ConfigProto(intra_op_parallelism_threads=threads, inter_op_parallelism_threads=1)


class TorchCNN:
    """The same CNN in PyTorch CPU eager (NCHW, its native layout), with torch.optim.Adam."""

    def __init__(self, weights):
        import torch

        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
        self.torch = torch
        conv1, bias1, conv2, bias2, dense, bias3, output, bias4 = weights
        to_oihw = lambda kernel: torch.tensor(kernel.transpose(3, 2, 0, 1).copy())  # noqa: E731
        # tinytf flattens NHWC features; permute the dense rows to NCHW order to match.
        dense_nchw = dense.reshape(4, 4, FILTERS[1], DENSE).transpose(2, 0, 1, 3).reshape(512, -1)
        self.params = [
            to_oihw(conv1),
            torch.tensor(bias1),
            to_oihw(conv2),
            torch.tensor(bias2),
            torch.tensor(dense_nchw.T.copy()),
            torch.tensor(bias3),
            torch.tensor(output.T.copy()),
            torch.tensor(bias4),
        ]
        for param in self.params:
            param.requires_grad_(True)
        self.optimizer = torch.optim.Adam(self.params, lr=LEARNING_RATE)

    def step(self, x, labels):
        functional = self.torch.nn.functional
        conv1, bias1, conv2, bias2, dense, bias3, output, bias4 = self.params
        h = self.torch.from_numpy(x).permute(0, 3, 1, 2)
        h = functional.max_pool2d(functional.relu(functional.conv2d(h, conv1, bias1)), 2)
        h = functional.max_pool2d(functional.relu(functional.conv2d(h, conv2, bias2)), 2)
        h = functional.dropout(functional.relu(functional.linear(h.flatten(1), dense, bias3)), 0.4)
        logits = functional.linear(h, output, bias4)
        loss = functional.cross_entropy(logits, self.torch.from_numpy(labels))
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()


def make_engine(name, weights):
    if name == "tinytf":
        import tinytf

        return GraphCNN(tinytf, weights)
    if name == "tensorflow":
        import tensorflow.compat.v1 as tensorflow

        tensorflow.disable_v2_behavior()
        return GraphCNN(tensorflow, weights)
    return TorchCNN(weights)


def profile_kernels():
    """Wraps every registered tinytf kernel, fused kernels included, with a CPU clock;
    returns per-op-type totals. Time is exclusive: a fused kernel that calls an op's kernel
    (Conv2D inside Conv2D+BiasAdd+Relu) is charged only for the rest of its work."""
    import dataclasses

    from tinytf.framework import registry

    spent = collections.Counter()
    inner = [0.0]  # time of nested clocked calls, to subtract from the caller's

    def clocked(op_type, kernel):
        def run(*args, **kwargs):
            outer, inner[0] = inner[0], 0.0
            start = time.process_time()
            try:
                return kernel(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                spent[op_type] += elapsed - inner[0]
                inner[0] = outer + elapsed

        return run

    for op_type, op_def in list(registry._OPS.items()):
        if op_def.bind:

            def factory(op, session, _make=op_def.kernel, _type=op_type):
                return clocked(_type, _make(op, session))

            registry._OPS[op_type] = dataclasses.replace(op_def, kernel=factory)
        else:
            registry._OPS[op_type] = dataclasses.replace(
                op_def, kernel=clocked(op_type, op_def.kernel)
            )
    for index, fusion in enumerate(registry._FUSIONS):

        def fused(length, _make=fusion.kernel, _pattern=fusion.pattern):
            label = "+".join("/".join(sorted(link)) for link in _pattern[:length])
            return clocked(label, _make(length))

        registry._FUSIONS[index] = dataclasses.replace(fusion, kernel=fused)
    return spent


def child(arguments):
    """One engine's measurement: prints {seconds, cpu, peak_mb, ops} as JSON."""
    if arguments.child == "floor":
        seconds = gemm_floor(arguments.batch_size) * arguments.batches
        print(json.dumps({"seconds": seconds, "cpu": seconds, "peak_mb": 0, "ops": {}}))
        return
    images, labels = load_training_images()
    chosen = batches(len(images), arguments.batch_size)[: arguments.batches + 3]
    model = make_engine(arguments.child, initial_weights())
    # After the graph is built (op modules load lazily, as its ops need them) and before
    # the training step's plan is, which looks its kernels up.
    spent = profile_kernels() if arguments.profile else None
    for index in chosen[:3]:  # warm-up: plans, allocator, thread pools
        model.step(images[index], labels[index])
    if spent is not None:
        spent.clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    for index in chosen[3:]:
        model.step(images[index], labels[index])
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "ops": dict(spent or {})}))


def gemm_floor(batch_size, repeats=5):
    """CPU seconds per training step of the CNN's matrix products alone, in NumPy's BLAS."""
    rng = np.random.default_rng(0)
    products = []
    conv_layers = [(batch_size * 24 * 24, KERNEL * KERNEL * 1, FILTERS[0], False)]
    conv_layers.append((batch_size * 8 * 8, KERNEL * KERNEL * FILTERS[0], FILTERS[1], True))
    for positions, window, channels, needs_input_grad in conv_layers:
        columns = rng.random((positions, window), dtype=np.float32)
        kernel = rng.random((window, channels), dtype=np.float32)
        grad = rng.random((positions, channels), dtype=np.float32)
        products += [(columns, kernel), (columns.T, grad)]
        if needs_input_grad:
            products.append((grad, kernel.T))
    for fan_in, fan_out in ((512, DENSE), (DENSE, CLASSES)):
        inputs = rng.random((batch_size, fan_in), dtype=np.float32)
        kernel = rng.random((fan_in, fan_out), dtype=np.float32)
        grad = rng.random((batch_size, fan_out), dtype=np.float32)
        products += [(inputs, kernel), (inputs.T, grad), (grad, kernel.T)]
    samples = []
    for _ in range(repeats):
        start = time.process_time()
        for a, b in products:
            a @ b
        samples.append(time.process_time() - start)
    return min(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--engines", default="tinytf,torch,tensorflow")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    os.environ["BENCH_THREADS"] = str(arguments.threads)
    if arguments.child:
        return child(arguments)

    environment = dict(
        os.environ,
        OMP_NUM_THREADS=str(arguments.threads),
        OPENBLAS_NUM_THREADS=str(arguments.threads),
        MKL_NUM_THREADS=str(arguments.threads),
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    engines = arguments.engines.split(",")
    common = [
        "--batches",
        str(arguments.batches),
        "--batch-size",
        str(arguments.batch_size),
        "--threads",
        str(arguments.threads),
    ]

    def measure(engine, profile=False):
        command = [sys.executable, __file__, "--child", engine, *common]
        output = subprocess.run(
            command + (["--profile"] if profile else []),
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    results = collections.defaultdict(list)
    for _ in range(arguments.repeats):
        for engine in [*engines, "floor"]:
            results[engine].append(measure(engine))
    per_epoch = EPOCH_EXAMPLES // arguments.batch_size / arguments.batches
    # On a shared machine the process's CPU time is steadier than the wall clock; with one
    # thread it is what the run takes on an idle core.
    cpu = {e: statistics.median(r["cpu"] for r in results[e]) for e in [*engines, "floor"]}
    wall = {e: statistics.median(r["seconds"] for r in results[e]) for e in [*engines, "floor"]}
    print(
        f"Lab 6 CNN, batch {arguments.batch_size}, {arguments.batches} batches timed "
        f"(x{per_epoch:.1f} for an epoch of {EPOCH_EXAMPLES}), {arguments.threads} thread(s), "
        f"median of {arguments.repeats}; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'engine':<11} {'CPU s':>7} {'wall s':>7} {'epoch CPU s':>11} "
        f"{'/ tinytf':>8} {'/ floor':>7} {'peak MB':>8}"
    )
    for engine in [*engines, "floor"]:
        peak = max(r["peak_mb"] for r in results[engine])
        print(
            f"{'GEMM floor' if engine == 'floor' else engine:<11} {cpu[engine]:7.2f} "
            f"{wall[engine]:7.2f} {cpu[engine] * per_epoch:11.1f} "
            f"{cpu[engine] / cpu.get('tinytf', 1):8.2f} {cpu[engine] / cpu['floor']:7.2f} "
            f"{f'{peak:.0f}' if peak else '':>8}"
        )
    if "tinytf" in engines:
        profile = measure("tinytf", profile=True)
        total = profile["cpu"]
        print(f"\ntinytf time per op type ({total:.2f} s in one profiled run)")
        for op_type, seconds in sorted(profile["ops"].items(), key=lambda item: -item[1])[:14]:
            print(f"  {op_type:<24} {seconds:7.3f} s {seconds / total:6.1%}")
        rest = total - sum(profile["ops"].values())
        print(f"  {'(executor and fused)':<24} {rest:7.3f} s {rest / total:6.1%}")


if __name__ == "__main__":
    main()
