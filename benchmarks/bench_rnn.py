"""An LSTM (128 units) reading MNIST rows (28 steps of 28 pixels) at batch 128: tinytf's
tf.nn.dynamic_rnn against TensorFlow 2.21's compat.v1 dynamic_rnn and PyTorch's nn.LSTM.

    TINYTF_DATA=../shared/data python benchmarks/bench_rnn.py [--batches 40] [--repeats 3]

Each engine trains the same model (BasicLSTMCell or nn.LSTM, then a dense layer to 10
classes, softmax cross-entropy, Adam) from the same initial weights on the same batches.
A measurement is `--batches` training steps (default 40 of an epoch's 468; --batches 468
for a whole epoch); the engines take turns within every repetition so that machine noise
hits them alike. TensorFlow runs a TF 1.x graph (v1 control flow, reference variables);
PyTorch runs eagerly on the CPU. Prints the median seconds per measurement with min-max,
milliseconds per step and the ratios to tinytf. A script, not a test: timings depend on
the machine and its load, so they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time

import numpy as np

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


ENGINES = {"tinytf": tinytf_model, "tensorflow": tensorflow_model, "torch": TorchLSTM}


def load_batches(count: int) -> list:
    from tinytf.datasets import mnist

    (images, labels), _ = mnist.load_mnist(progress=False)
    images = images.reshape(len(images), -1).astype(np.float32) / 255
    order = np.random.default_rng(1).permutation(len(images))
    return [
        (images[order[i : i + BATCH]], labels[order[i : i + BATCH]].astype(np.int64))
        for i in range(0, count * BATCH, BATCH)
    ]


def measure(model, batches) -> tuple[float, float]:
    """Seconds for one pass of training steps over `batches`, and the last loss."""
    start = time.perf_counter()
    for x, y in batches:
        loss = model.step(x, y)
    return time.perf_counter() - start, loss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engines", default="tinytf,tensorflow,torch")
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
    losses = {}
    for _ in range(args.repeats):
        for name, model in models.items():
            elapsed, losses[name] = measure(model, batches)
            seconds[name].append(elapsed)
    print(
        f"LSTM {UNITS} units, MNIST rows ({STEPS} steps of {PIXELS}), batch {BATCH}, "
        f"{args.batches} steps per measurement, {args.repeats} interleaved repeats, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    reference = statistics.median(seconds["tinytf"]) if "tinytf" in seconds else None
    print(f"{'engine':<12}{'median s':>10}{'min-max s':>16}{'ms/step':>10}{'vs tinytf':>11}  loss")
    for name in names:
        median = statistics.median(seconds[name])
        spread = f"{min(seconds[name]):.2f}-{max(seconds[name]):.2f}"
        versus = f"{median / reference:.2f}x" if reference else "-"
        print(
            f"{name:<12}{median:>10.2f}{spread:>16}{1000 * median / args.batches:>10.1f}"
            f"{versus:>11}  {losses[name]:.3f}"
        )


if __name__ == "__main__":
    main()
