"""Sigmoid's and tanh's gradients: the same SigmoidGrad and TanhGrad ops as TensorFlow's
gradient graphs, with the same names, inputs and control inputs, and the same values to the
second order."""

import re

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph, tolerances
from tests.differential.reporting import record

VALUES = np.linspace(-4.0, 4.0, 12).reshape(3, 4)
UPSTREAM = np.random.default_rng(11).standard_normal((3, 4))
# The scopes sigmoid's and tanh's gradient functions (first and second order) build in.
ACTIVATION_GRADIENT_SCOPE = re.compile(r"(Sigmoid(_\d+)?|candidate)_grad/")


def activations(tf, x):
    """A sigmoid of a tanh (the gradient of one feeds the other) plus a sigmoid."""
    return tf.sigmoid(tf.tanh(x, name="candidate")) + tf.sigmoid(x)


def gradient_graph(engine: str, dtype) -> tuple[list, list]:
    """The ops the gradient functions built (first and second order), and the values."""
    tf = ENGINES[engine]
    with graph(tf):
        x = tf.placeholder(dtype, [3, 4], name="x")
        first = tf.gradients(activations(tf, x), x)[0]
        second = tf.gradients(first, x)[0]
        ops = [
            (
                op.name,
                op.type,
                [t.name for t in op.inputs],
                sorted(c.name for c in op.control_inputs),
            )
            for op in tf.get_default_graph().get_operations()
            if ACTIVATION_GRADIENT_SCOPE.search(op.name)
        ]
        with tf.Session() as session:
            values = session.run([first, second], {x: VALUES})
    return ops, values


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_and_tanh_gradients_match_tensorflow_op_for_op_and_value(dtype):
    ours_ops, ours = gradient_graph("tinytf", dtype)
    theirs_ops, theirs = gradient_graph("tensorflow", dtype)
    assert ours_ops == theirs_ops
    types = {op_type for _, op_type, _, _ in ours_ops}
    assert {"SigmoidGrad", "TanhGrad"} <= types
    assert [name for name, _, _, _ in ours_ops][:3] == [
        "gradients/Sigmoid_grad/SigmoidGrad",
        "gradients/Sigmoid_1_grad/SigmoidGrad",
        "gradients/candidate_grad/TanhGrad",
    ]
    for got, expected in zip(ours, theirs, strict=True):
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, **tolerances(dtype))
    record("programs")


@pytest.mark.parametrize("op_type", ["SigmoidGrad", "TanhGrad"])
def test_sigmoid_grad_and_tanh_grad_ops_match_tensorflow(op_type):
    """The ops on their own, float16 included: TensorFlow's raw ops against tinytf's."""
    from tinytf.ops import unary_ops

    build = {"SigmoidGrad": unary_ops.sigmoid_grad, "TanhGrad": unary_ops.tanh_grad}[op_type]
    raw = getattr(ENGINES["tensorflow"].raw_ops, op_type)
    y = np.tanh(VALUES) * 0.999
    for dtype in ("float16", "float32", "float64"):
        results = {}
        for engine, make in (("tinytf", build), ("tensorflow", None)):
            tf = ENGINES[engine]
            with graph(tf):
                y_in = tf.constant(y.astype(dtype))
                dy_in = tf.constant(UPSTREAM.astype(dtype))
                out = make(y_in, dy_in) if make else raw(y=y_in, dy=dy_in)
                with tf.Session() as session:
                    results[engine] = (out.op.type, out.shape.as_list(), session.run(out))
        assert results["tinytf"][:2] == results["tensorflow"][:2]
        ours, theirs = results["tinytf"][2], results["tensorflow"][2]
        assert ours.dtype == theirs.dtype
        # float16: both round each step to half; the order of the steps may differ.
        scale = {"float16": 2e-3}.get(dtype)
        limits = {"rtol": scale, "atol": scale} if scale else tolerances(dtype)
        np.testing.assert_allclose(ours, theirs, **limits)
    record("ops")
