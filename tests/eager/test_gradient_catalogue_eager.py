"""The gradient catalogue in eager mode: every case's tape gradient against central differences."""

import zlib

import numpy as np
import pytest

from tests.ops.catalogue import CASES
from tests.ops.gradient_check import numeric_gradients

# These cases make their op with tf.gradients, which eager mode refuses as TensorFlow does;
# their ops run eagerly in the second-order tests, inside the outer tape's gradient.
BUILT_BY_TF_GRADIENTS = {
    "SumToShape_direct",
    "ReluGrad",
    "Relu6Grad",
    "LeakyReluGrad",
    "EluGrad",
    "SeluGrad",
}
EAGER_CASES = [case for case in CASES if case.id not in BUILT_BY_TF_GRADIENTS]


@pytest.mark.parametrize("case", EAGER_CASES, ids=lambda case: case.id)
def test_tape_gradient_matches_central_differences(tf, case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    inputs = case.draw(rng)
    constants = [tf.constant(c) for c in case.constant_inputs]
    xs = [tf.constant(v) for v in inputs]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        out = case.build(*xs, *constants)
        weights = rng.standard_normal(out.shape.as_list())
        scalar = tf.reduce_sum(out * weights)
    grads = tape.gradient(scalar, xs, unconnected_gradients="zero")

    def evaluate(*values):
        result = case.build(*[tf.constant(v) for v in values], *constants)
        return float(tf.reduce_sum(result * weights))

    numeric = numeric_gradients(evaluate, [np.array(v, np.float64) for v in inputs], case.eps)
    for index, (analytic, expected) in enumerate(zip(grads, numeric, strict=True)):
        np.testing.assert_allclose(
            analytic.numpy(), expected, rtol=case.rtol, atol=1e-6, err_msg=f"input {index}"
        )


@pytest.mark.parametrize("case", [c for c in EAGER_CASES if c.second_order], ids=lambda c: c.id)
def test_nested_tapes_match_central_differences_of_the_gradient(tf, case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()) + 1)
    inputs = case.draw(rng)
    constants = [tf.constant(c) for c in case.constant_inputs]
    vectors = [rng.standard_normal(v.shape) for v in inputs]
    weights = None

    def gradient_projection(values, outer=None):
        nonlocal weights
        xs = [tf.constant(v) for v in values]
        with tf.GradientTape() as tape:
            for x in xs:
                tape.watch(x)
                if outer is not None:
                    outer.watch(x)
            out = case.build(*xs, *constants)
            if weights is None:
                weights = rng.standard_normal(out.shape.as_list())
            scalar = tf.reduce_sum(out * weights)
        grads = tape.gradient(scalar, xs, unconnected_gradients="zero")
        projection = tf.add_n([tf.reduce_sum(g * v) for g, v in zip(grads, vectors, strict=True)])
        return xs, projection

    with tf.GradientTape() as outer:
        xs, projection = gradient_projection(inputs, outer)
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
