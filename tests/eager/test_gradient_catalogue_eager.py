"""The gradient catalogue in eager mode: every case's tape gradient against central differences.

Some cases make their op type with tf.gradients (the gradient ops: ReluGrad, MaxPoolGrad).
Eager mode refuses tf.gradients as TensorFlow does, so here it is computed by a persistent
tape that watched the case's inputs, as an eager program would write it.
"""

import contextlib
import zlib

import numpy as np
import pytest

from tests.ops.catalogue import CASES
from tests.ops.gradient_check import numeric_gradients


@contextlib.contextmanager
def tf_gradients_by_tape(tf, monkeypatch, xs):
    """tf.gradients, inside the block, answered by a tape watching `xs`."""
    with tf.GradientTape(persistent=True) as tape, monkeypatch.context() as patch:
        tape.watch(xs)

        def gradients(ys, sources, grad_ys=None, **_):
            listed = list(sources) if isinstance(sources, (list, tuple)) else [sources]
            tape.watch(listed)  # tf.gradients differentiates with respect to any tensor
            return tape.gradient(ys, listed, output_gradients=grad_ys)

        patch.setattr(tf, "gradients", gradients)
        yield


def build(tf, monkeypatch, case, values, watchers=()):
    """The case's output for `values`, with every tape in `watchers` watching the inputs."""
    xs = [tf.constant(v) for v in values]
    for watcher in watchers:
        watcher.watch(xs)
    constants = [tf.constant(c) for c in case.constant_inputs]
    with tf_gradients_by_tape(tf, monkeypatch, xs):
        return xs, case.build(*xs, *constants)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_tape_gradient_matches_central_differences(tf, monkeypatch, case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    inputs = case.draw(rng)
    with tf.GradientTape() as tape:
        xs, out = build(tf, monkeypatch, case, inputs, [tape])
        weights = rng.standard_normal(out.shape.as_list())
        scalar = tf.reduce_sum(out * weights)
    grads = tape.gradient(scalar, xs, unconnected_gradients="zero")

    def evaluate(*values):
        return float(tf.reduce_sum(build(tf, monkeypatch, case, values)[1] * weights))

    numeric = numeric_gradients(evaluate, [np.array(v, np.float64) for v in inputs], case.eps)
    for index, (analytic, expected) in enumerate(zip(grads, numeric, strict=True)):
        np.testing.assert_allclose(
            analytic.numpy(), expected, rtol=case.rtol, atol=1e-6, err_msg=f"input {index}"
        )


@pytest.mark.parametrize("case", [c for c in CASES if c.second_order], ids=lambda c: c.id)
def test_nested_tapes_match_central_differences_of_the_gradient(tf, monkeypatch, case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()) + 1)
    inputs = case.draw(rng)
    vectors = [rng.standard_normal(v.shape) for v in inputs]
    weights = None

    def gradient_projection(values, outer=()):
        nonlocal weights
        with tf.GradientTape() as tape:
            xs, out = build(tf, monkeypatch, case, values, [tape, *outer])
            if weights is None:
                weights = rng.standard_normal(out.shape.as_list())
            scalar = tf.reduce_sum(out * weights)
        grads = tape.gradient(scalar, xs, unconnected_gradients="zero")
        projection = tf.add_n([tf.reduce_sum(g * v) for g, v in zip(grads, vectors, strict=True)])
        return xs, projection

    with tf.GradientTape() as outer:
        xs, projection = gradient_projection(inputs, [outer])
    hessian_vectors = outer.gradient(projection, xs, unconnected_gradients="zero")
    numeric = numeric_gradients(
        lambda *values: float(gradient_projection(values)[1]),
        [np.array(v, np.float64) for v in inputs],
        case.eps,
    )
    for index, (analytic, expected) in enumerate(zip(hessian_vectors, numeric, strict=True)):
        np.testing.assert_allclose(
            analytic.numpy(), expected, rtol=case.rtol, atol=1e-6, err_msg=f"input {index}"
        )
