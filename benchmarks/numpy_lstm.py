"""The LSTM benchmark's model written by hand in NumPy: what NumPy alone takes for the step.

The same model as benchmarks/bench_rnn.py's graph (TensorFlow's BasicLSTMCell: gates
i, j, f, o from one product of [x, h] with the kernel, forget bias 1; the last state's h
through a dense layer; mean softmax cross-entropy; TensorFlow's Adam), its forward and
backward passes written out with the fewest NumPy calls a reader would write. It is the
reference a NumPy engine is measured against, as hand-written NumPy is for the MLP.
"""

from __future__ import annotations

import numpy as np

FORGET_BIAS = 1.0
LEARNING_RATE, BETA1, BETA2, EPSILON = 0.001, 0.9, 0.999, 1e-8


def sigmoid(z: np.ndarray) -> np.ndarray:
    out = np.negative(z)
    np.exp(out, out=out)
    out += 1
    return np.reciprocal(out, out=out)


class NumpyLSTM:
    """step(x [batch, steps * pixels], labels) -> the loss before the update."""

    def __init__(self, weights: dict, steps: int, pixels: int) -> None:
        self.steps, self.pixels = steps, pixels
        self.params = [weights[key].copy() for key in ("kernel", "bias", "dense", "dense_bias")]
        self.moments = [(np.zeros_like(p), np.zeros_like(p)) for p in self.params]
        self.updates = 0

    def step(self, x: np.ndarray, labels: np.ndarray) -> float:
        kernel, bias, dense, dense_bias = self.params
        sequence = x.reshape(len(x), self.steps, self.pixels).transpose(1, 0, 2)
        units = dense.shape[0]
        h = np.zeros((len(x), units), np.float32)
        c = np.zeros_like(h)
        saved = []
        for inputs in sequence:
            joined = np.concatenate([inputs, h], axis=1)
            gates = joined @ kernel
            gates += bias
            i, j, f, o = np.split(gates, 4, axis=1)
            f += FORGET_BIAS
            si, tj, sf, so = sigmoid(i), np.tanh(j), sigmoid(f), sigmoid(o)
            new_c = c * sf
            new_c += si * tj
            tc = np.tanh(new_c)
            saved.append((joined, c, si, tj, sf, so, tc))
            c, h = new_c, tc * so
        logits = h @ dense
        logits += dense_bias
        loss, grad_logits = _cross_entropy(logits, labels)
        grads = self._backward(saved, h, grad_logits)
        self._adam(grads)
        return loss

    def _backward(self, saved: list, h: np.ndarray, grad_logits: np.ndarray) -> list:
        kernel, bias, dense, _ = self.params
        grad_kernel, grad_bias = np.zeros_like(kernel), np.zeros_like(bias)
        grad_h = grad_logits @ dense.T
        grad_c = np.zeros_like(grad_h)
        grad_gates = np.empty((len(h), kernel.shape[1]), np.float32)
        i, j, f, o = np.split(grad_gates, 4, axis=1)  # views: written in place below
        for joined, c, si, tj, sf, so, tc in reversed(saved):
            np.multiply(grad_h * tc, so * (1 - so), out=o)
            grad_c += grad_h * so * (1 - tc * tc)
            np.multiply(grad_c * tj, si * (1 - si), out=i)
            np.multiply(grad_c * si, 1 - tj * tj, out=j)
            np.multiply(grad_c * c, sf * (1 - sf), out=f)
            grad_c *= sf
            grad_kernel += joined.T @ grad_gates
            grad_bias += grad_gates.sum(axis=0)
            grad_h = (grad_gates @ kernel.T)[:, self.pixels :]
        return [grad_kernel, grad_bias, h.T @ grad_logits, grad_logits.sum(axis=0)]

    def _adam(self, grads: list) -> None:
        self.updates += 1
        alpha = LEARNING_RATE * np.sqrt(1 - BETA2**self.updates) / (1 - BETA1**self.updates)
        for param, (m, v), grad in zip(self.params, self.moments, grads, strict=True):
            m += (grad - m) * (1 - BETA1)
            v += (grad * grad - v) * (1 - BETA2)
            param -= np.float32(alpha) * m / (np.sqrt(v) + EPSILON)


def _cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """The mean softmax cross-entropy and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(shifted)
    sums = probabilities.sum(axis=1, keepdims=True)
    probabilities /= sums
    rows = np.arange(len(labels))
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, labels]))
    probabilities[rows, labels] -= 1
    probabilities /= len(labels)
    return loss, probabilities
