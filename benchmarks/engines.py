"""The benchmark's model on each engine: an MNIST MLP epoch and a tiny training step.

One TF 1.x program serves tinytf and TensorFlow (compat.v1); hand-written NumPy is the
practical limit and PyTorch CPU eager the peer. Every engine starts from the same weights
and sees the same batches in the same order, and trains with plain gradient descent
("sgd") or Adam ("adam", TensorFlow's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8).
"""

from __future__ import annotations

import time

import numpy as np

LEARNING_RATES = {"sgd": 0.1, "adam": 0.001}
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def initial_weights(sizes: list[int], seed: int = 0) -> list[np.ndarray]:
    """Glorot-uniform kernels and zero biases, as [W1, b1, W2, b2, ...] in float32."""
    rng = np.random.default_rng(seed)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        weights.append(rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32))
        weights.append(np.zeros(fan_out, np.float32))
    return weights


def batches(count: int, batch_size: int, seed: int = 1):
    """Index arrays of one shuffled epoch (the last partial batch is dropped)."""
    order = np.random.default_rng(seed).permutation(count)
    for start in range(0, count - batch_size + 1, batch_size):
        yield order[start : start + batch_size]


class NumpyMLP:
    """Forward and backward written out by hand, updates in place."""

    def __init__(self, weights, optimizer: str) -> None:
        self.params = [w.copy() for w in weights]
        self.learning_rate = np.float32(LEARNING_RATES[optimizer])
        self.update = self._sgd if optimizer == "sgd" else self._adam
        self.slots = [(np.zeros_like(w), np.zeros_like(w)) for w in weights]
        self.steps = 0

    def step(self, x: np.ndarray, labels: np.ndarray) -> None:
        params = self.params
        activations = [x]
        for i in range(0, len(params) - 2, 2):
            h = activations[-1] @ params[i]
            h += params[i + 1]
            np.maximum(h, 0, out=h)
            activations.append(h)
        logits = activations[-1] @ params[-2]
        logits += params[-1]
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        grad = logits
        grad[np.arange(len(labels)), labels] -= 1
        grad /= len(labels)
        for i in range(len(params) - 2, -1, -2):
            below = activations[i // 2]
            grad_w = below.T @ grad
            grad_b = grad.sum(axis=0)
            if i:
                grad = grad @ params[i].T
                grad *= below > 0
            self.update(i, grad_w)
            self.update(i + 1, grad_b)
        self.steps += 1

    def _sgd(self, index: int, grad: np.ndarray) -> None:
        grad *= self.learning_rate
        self.params[index] -= grad

    def _adam(self, index: int, grad: np.ndarray) -> None:
        m, v = self.slots[index]
        t = self.steps + 1
        rate = np.float32(self.learning_rate * np.sqrt(1 - BETA2**t) / (1 - BETA1**t))
        m *= BETA1
        m += (1 - BETA1) * grad
        grad *= grad
        v *= BETA2
        v += (1 - BETA2) * grad
        update = np.sqrt(v)
        update += EPSILON
        np.divide(m, update, out=update)
        update *= rate
        self.params[index] -= update

    def predict(self, x: np.ndarray) -> np.ndarray:
        h = x
        for i in range(0, len(self.params) - 2, 2):
            h = np.maximum(h @ self.params[i] + self.params[i + 1], 0)
        return (h @ self.params[-2] + self.params[-1]).argmax(axis=1)


class GraphMLP:
    """The MLP as a TF 1.x user writes it: placeholders, Variables, an optimizer."""

    def __init__(self, tf, weights, optimizer: str) -> None:
        self.x = tf.placeholder(tf.float32, [None, weights[0].shape[0]], name="x")
        self.labels = tf.placeholder(tf.int64, [None], name="labels")
        h = self.x
        for i in range(0, len(weights), 2):
            w = tf.Variable(weights[i], name=f"w{i // 2}")
            b = tf.Variable(weights[i + 1], name=f"b{i // 2}")
            h = tf.matmul(h, w) + b
            if i < len(weights) - 2:
                h = tf.nn.relu(h)
        self.loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.labels, logits=h)
        )
        rate = LEARNING_RATES[optimizer]
        if optimizer == "sgd":
            trainer = tf.train.GradientDescentOptimizer(rate)
        else:
            trainer = tf.train.AdamOptimizer(rate, BETA1, BETA2, EPSILON)
        self.train = trainer.minimize(self.loss)
        self.prediction = tf.argmax(h, 1)
        self.session = tf.Session()
        self.session.run(tf.global_variables_initializer())

    def step(self, x: np.ndarray, labels: np.ndarray) -> None:
        self.session.run(self.train, {self.x: x, self.labels: labels})

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.session.run(self.prediction, {self.x: x})


def tinytf_mlp(weights, optimizer):
    import tinytf as tf

    return GraphMLP(tf, weights, optimizer)


def tensorflow_mlp(weights, optimizer):
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    return GraphMLP(tf, weights, optimizer)


class TorchMLP:
    """The same MLP in PyTorch CPU eager, with torch.optim.SGD or torch.optim.Adam."""

    def __init__(self, weights, optimizer: str) -> None:
        import torch

        self.torch = torch
        self.params = [torch.tensor(w, requires_grad=True) for w in weights]
        rate = LEARNING_RATES[optimizer]
        if optimizer == "sgd":
            self.optimizer = torch.optim.SGD(self.params, lr=rate)
        else:
            self.optimizer = torch.optim.Adam(self.params, rate, (BETA1, BETA2), EPSILON)

    def _logits(self, x):
        h = x
        for i in range(0, len(self.params), 2):
            h = h @ self.params[i] + self.params[i + 1]
            if i < len(self.params) - 2:
                h = self.torch.relu(h)
        return h

    def step(self, x: np.ndarray, labels: np.ndarray) -> None:
        self.optimizer.zero_grad()
        loss = self.torch.nn.functional.cross_entropy(
            self._logits(self.torch.from_numpy(x)), self.torch.from_numpy(labels)
        )
        loss.backward()
        self.optimizer.step()

    def predict(self, x: np.ndarray) -> np.ndarray:
        with self.torch.no_grad():
            return self._logits(self.torch.from_numpy(x)).argmax(1).numpy()


ENGINES = {"numpy": NumpyMLP, "tinytf": tinytf_mlp, "torch": TorchMLP, "tensorflow": tensorflow_mlp}


def time_epoch(model, images, labels, batch_size: int) -> float:
    """Seconds for one epoch of training steps over pre-sliced batches."""
    epoch = [(np.ascontiguousarray(images[i]), labels[i]) for i in batches(len(images), batch_size)]
    start = time.perf_counter()
    for x, y in epoch:
        model.step(x, y)
    return time.perf_counter() - start


def time_tiny_steps(model, steps: int = 2000, seed: int = 2) -> float:
    """Median microseconds per step of the tiny (4-16-16-3, 150x4 batch) model."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((150, 4)).astype(np.float32)
    y = rng.integers(0, 3, 150).astype(np.int64)
    for _ in range(50):
        model.step(x, y)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(steps // 5):
            model.step(x, y)
        samples.append((time.perf_counter() - start) / (steps // 5) * 1e6)
    return float(np.median(samples))
