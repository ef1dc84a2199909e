"""An LSTM (128 units) reading MNIST rows (28 steps of 28 pixels) at batch 128: tinytf's
tf.nn.dynamic_rnn against TensorFlow 2.21's compat.v1 dynamic_rnn, PyTorch's nn.LSTM and
the same model written by hand in NumPy (benchmarks/numpy_lstm.py).

    TINYTF_DATA=../shared/data python benchmarks/bench_rnn.py [--batches 40] [--repeats 3]
        [--engines numpy,tinytf,tensorflow,torch] [--breakdown]

Each engine trains the same model (BasicLSTMCell or nn.LSTM, then a dense layer to 10
classes, softmax cross-entropy, Adam) from the same initial weights on the same batches.
A measurement is `--batches` training steps (default 40 of an epoch's 468; --batches 468
for a whole epoch); the engines take turns within every repetition so that machine noise
hits them alike. TensorFlow runs a TF 1.x graph (v1 control flow, reference variables);
PyTorch runs eagerly on the CPU. Prints the median seconds per measurement with min-max,
milliseconds per step, the ratios to tinytf, and the CPU milliseconds per step (the
process's, every thread's: on a busy machine, where wall times mostly measure waiting, the
steadier figure). `--breakdown` then prints where tinytf's step goes: the CPU time of the
forward loop, the gradient loop and the rest, and of the lines costing most. A script,
not a test: timings depend on the machine and its load, so they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from numpy_lstm import NumpyLSTM  # noqa: E402 - a sibling module, found through the path set above

BATCH, STEPS, PIXELS, UNITS, CLASSES = 128, 28, 28, 128, 10
LEARNING_RATE = 0.001


def initial_weights(seed: int = 0) -> dict:
    """TF's layout: kernel [pixels + units, 4 units] with gates i, j, f, o; bias; dense."""
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6 / (PIXELS + UNITS + 4 * UNITS))
    return {
        "kernel": rng.uniform(-limit, limit, (PIXELS + UNITS, 4 * UNITS)).astype(np.float32),
        "bias": np.zeros(4 * UNITS, np.float32),
        "dense": (0.1 * rng.standard_normal((UNITS, CLASSES))).astype(np.float32),
        "dense_bias": np.zeros(CLASSES, np.float32),
    }


class GraphLSTM:
    """The model as a TF 1.x program, built in tinytf or in TensorFlow's compat.v1."""

    def __init__(self, tf, weights: dict) -> None:
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.x = tf.placeholder(tf.float32, [None, STEPS * PIXELS])
            self.y = tf.placeholder(tf.int64, [None])
            sequence = tf.reshape(self.x, [-1, STEPS, PIXELS])
            cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
            _, state = tf.nn.dynamic_rnn(cell, sequence, dtype=tf.float32)
            dense = tf.Variable(weights["dense"])
            logits = tf.matmul(state.h, dense) + tf.Variable(weights["dense_bias"])
            self.loss = tf.losses.sparse_softmax_cross_entropy(self.y, logits)
            self.train = tf.train.AdamOptimizer(LEARNING_RATE).minimize(self.loss)
            self.session = tf.Session()
            self.session.run(tf.global_variables_initializer())
            cell.trainable_weights[0].load(weights["kernel"], self.session)
            cell.trainable_weights[1].load(weights["bias"], self.session)

    def step(self, x, y) -> float:
        return self.session.run([self.loss, self.train], {self.x: x, self.y: y})[0]


def tinytf_model(weights):
    import tinytf

    return GraphLSTM(tinytf, weights)


def tensorflow_model(weights):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow

    compat = tensorflow.compat.v1
    compat.disable_resource_variables()
    compat.disable_control_flow_v2()
    return GraphLSTM(compat, weights)


class TorchLSTM:
    """nn.LSTM (gates i, f, g, o; TF's forget bias of 1 folded into its bias) and a Linear
    layer, trained with torch.optim.Adam."""

    def __init__(self, weights: dict) -> None:
        import torch

        self.torch = torch
        self.lstm = torch.nn.LSTM(PIXELS, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, CLASSES)
        i, j, f, o = np.split(weights["kernel"], 4, axis=1)
        kernel = np.concatenate([i, f, j, o], axis=1)  # torch's gate order
        bi, bj, bf, bo = np.split(weights["bias"], 4)
        with torch.no_grad():
            self.lstm.weight_ih_l0.copy_(torch.from_numpy(kernel[:PIXELS].T.copy()))
            self.lstm.weight_hh_l0.copy_(torch.from_numpy(kernel[PIXELS:].T.copy()))
            self.lstm.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([bi, bf + 1, bj, bo])))
            self.lstm.bias_hh_l0.zero_()
            self.dense.weight.copy_(torch.from_numpy(weights["dense"].T.copy()))
            self.dense.bias.copy_(torch.from_numpy(weights["dense_bias"]))
        parameters = list(self.lstm.parameters()) + list(self.dense.parameters())
        self.optimizer = torch.optim.Adam(parameters, LEARNING_RATE, eps=1e-8)

    def step(self, x, y) -> float:
        self.optimizer.zero_grad()
        _, (h, _) = self.lstm(self.torch.from_numpy(x).view(-1, STEPS, PIXELS))
        loss = self.torch.nn.functional.cross_entropy(self.dense(h[0]), self.torch.from_numpy(y))
        loss.backward()
        self.optimizer.step()
        return float(loss)


def numpy_model(weights):
    return NumpyLSTM(weights, STEPS, PIXELS)


ENGINES = {
    "numpy": numpy_model,
    "tinytf": tinytf_model,
    "tensorflow": tensorflow_model,
    "torch": TorchLSTM,
}


def load_batches(count: int) -> list:
    from tinytf.datasets import mnist

    (images, labels), _ = mnist.load_mnist(progress=False)
    images = images.reshape(len(images), -1).astype(np.float32) / 255
    order = np.random.default_rng(1).permutation(len(images))
    return [
        (images[order[i : i + BATCH]], labels[order[i : i + BATCH]].astype(np.int64))
        for i in range(0, count * BATCH, BATCH)
    ]


def measure(model, batches) -> tuple[float, float, float]:
    """Seconds and CPU seconds for one pass of training steps over `batches`, and the
    last loss."""
    start, cpu = time.perf_counter(), time.process_time()
    for x, y in batches:
        loss = model.step(x, y)
    return time.perf_counter() - start, time.process_time() - cpu, loss


def breakdown(model, batches, shown: int = 12) -> None:
    """CPU time per step of each plan tinytf runs (the step, the loop bodies, the
    gradient loop's body) and of the lines costing most, with a clock read between lines
    (which adds a little to each)."""
    import collections

    (plan,) = [plan for plan in model.session._plans.values() if model.train in plan.fetches]
    spent, labels = collections.Counter(), []
    _time_lines(plan, spent, labels)
    measure(model, batches)
    count = len(batches)
    totals = collections.Counter()
    for index, (plan_name, _) in enumerate(labels):
        totals[plan_name] += spent[index]
    loops = sum(seconds for plan_name, seconds in totals.items() if plan_name != "step")
    print("\ntinytf, CPU ms per step: the loops' plans (all their iterations), the rest")
    for plan_name, seconds in totals.items():
        if plan_name != "step":
            print(f"{1000 * seconds / count:9.2f}  {plan_name}")
    print(f"{1000 * (totals['step'] - loops) / count:9.2f}  the rest (with the loops' own work)")
    print(f"tinytf, the {shown} lines costing most (CPU ms per step):")
    inside = [i for i, (_, line) in enumerate(labels) if "# While" not in line]  # no totals
    for index in sorted(inside, key=lambda i: -spent[i])[:shown]:
        plan_name, line = labels[index]
        print(f"{1000 * spent[index] / count:9.2f}  [{plan_name}] {line[:100]}")


def _time_lines(plan, spent, labels, name: str = "step") -> None:
    """Replaces `plan`'s function (and its sub-plans') by one adding each line's CPU time
    to `spent`, labelled in `labels` by (plan name, line)."""
    lines = plan._source.splitlines()
    timed = [lines[0], "    _before = _clock()"]
    for line in lines[1:]:
        timed.append(line)
        if line.strip().startswith("return"):
            continue
        labels.append((name, line.strip()))
        timed.append(
            f"    _now = _clock(); _spent[{len(labels) - 1}] += _now - _before; _before = _now"
        )
    namespace = dict(plan._function.__globals__, _clock=time.process_time, _spent=spent)
    exec(compile("\n".join(timed) + "\n", "<timed plan>", "exec"), namespace)
    plan._function = namespace["run"]
    for sub_plan in plan.sub_plans:
        _time_lines(sub_plan, spent, labels, sub_plan.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engines", default="numpy,tinytf,tensorflow,torch")
    parser.add_argument("--breakdown", action="store_true", help="where tinytf's step goes")
    args = parser.parse_args()
    names = [
        name
        for name in args.engines.split(",")
        if name == "tinytf" or importlib.util.find_spec(name) is not None
    ]
    batches = load_batches(args.batches)
    weights = initial_weights()
    models = {name: ENGINES[name](weights) for name in names}
    for model in models.values():
        measure(model, batches[:2])  # warm-up: plans built, caches filled
    seconds = {name: [] for name in names}
    cpu_seconds = {name: [] for name in names}
    losses = {}
    for _ in range(args.repeats):
        for name, model in models.items():
            elapsed, cpu, losses[name] = measure(model, batches)
            seconds[name].append(elapsed)
            cpu_seconds[name].append(cpu)
    print(
        f"LSTM {UNITS} units, MNIST rows ({STEPS} steps of {PIXELS}), batch {BATCH}, "
        f"{args.batches} steps per measurement, {args.repeats} interleaved repeats, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    reference = statistics.median(seconds["tinytf"]) if "tinytf" in seconds else None
    print(
        f"{'engine':<12}{'median s':>10}{'min-max s':>16}{'ms/step':>10}{'vs tinytf':>11}"
        f"{'CPU ms/step':>13}  loss"
    )
    for name in names:
        median = statistics.median(seconds[name])
        spread = f"{min(seconds[name]):.2f}-{max(seconds[name]):.2f}"
        versus = f"{median / reference:.2f}x" if reference else "-"
        cpu = 1000 * statistics.median(cpu_seconds[name]) / args.batches
        print(
            f"{name:<12}{median:>10.2f}{spread:>16}{1000 * median / args.batches:>10.1f}"
            f"{versus:>11}{cpu:>13.1f}  {losses[name]:.3f}"
        )
    if args.breakdown and "tinytf" in models:
        breakdown(models["tinytf"], batches)


if __name__ == "__main__":
    main()
