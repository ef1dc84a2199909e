"""Optimized plans (rewrites and buffer reuse) compute exactly what plain plans compute.

Two sources of graphs: every op of the gradient catalogue with its first (and second)
order gradients, and random graphs drawn by Hypothesis. Each runs twice in a plain and in
an optimized session; values must agree bit for bit and no fed array may change.
"""

import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests.client.conftest import assert_same_both_ways
from tests.ops.catalogue import CASES


def _catalogue_graph(case, rng, dtype):
    inputs = [value.astype(dtype) for value in case.draw(rng)]
    xs = [tf.placeholder(dtype, value.shape, name=f"x{i}") for i, value in enumerate(inputs)]
    constants = [tf.constant(value) for value in case.constant_inputs]
    out = case.build(*xs, *constants)
    weights = rng.standard_normal(out.shape.as_list()).astype(out.dtype.as_numpy_dtype)
    grads = [g for g in tf.gradients(tf.reduce_sum(out * weights), xs) if g is not None]
    fetches = [out, *grads]
    if case.second_order and grads:
        fetches += [
            g
            for g in tf.gradients(tf.add_n([tf.reduce_sum(g * g) for g in grads]), xs)
            if g is not None
        ]
    return fetches, dict(zip(xs, inputs, strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_catalogue_op_and_its_gradients_agree(case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    constant_copies = [value.copy() for value in case.constant_inputs]
    fetches, feed = _catalogue_graph(case, rng, np.float64)
    assert_same_both_ways(fetches, feed)
    for value, original in zip(case.constant_inputs, constant_copies, strict=True):
        np.testing.assert_array_equal(value, original)


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if c.op_type
        in {
            "MatMul",
            "AddV2",
            "Relu",
            "Sigmoid",
            "Tanh",
            "BiasAdd",
            "Mean",
            "SparseSoftmaxCrossEntropyWithLogits",
            "Softmax",
            "SquaredDifference",
        }
    ],
    ids=lambda case: case.id,
)
def test_float32_graphs_agree(case):
    fetches, feed = _catalogue_graph(case, np.random.default_rng(3), np.float32)
    assert_same_both_ways(fetches, feed)


_UNARY = [
    tf.nn.relu,
    tf.sigmoid,
    tf.tanh,
    tf.negative,
    tf.square,
    tf.identity,
    tf.stop_gradient,
    lambda x: tf.exp(tf.minimum(x, 5.0)),
    lambda x: tf.reshape(tf.reshape(x, [-1]), tf.shape(x)),
    lambda x: tf.transpose(x) if x.shape.ndims == 2 else x,
    lambda x: tf.cast(x, tf.float32),
    lambda x: x * 1.0,
    lambda x: x / 1.0,
]
_BINARY = [
    tf.add,
    tf.subtract,
    tf.multiply,
    tf.maximum,
    lambda x, y: x / (tf.abs(y) + 1.0),
    lambda x, y: tf.matmul(x, y) if x.shape.ndims == y.shape.ndims == 2 else x + y,
]
_REDUCE = [
    lambda x: tf.reduce_sum(x, axis=0, keepdims=True),
    lambda x: tf.reduce_mean(x, axis=-1),
    lambda x: tf.broadcast_to(tf.reduce_max(x), tf.shape(x)),
]


@st.composite
def random_graphs(draw):
    """Instructions building a graph over two fed [None, 3] and [3] tensors and equal
    constants (so folding and merging have something to find)."""
    steps = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["unary", "binary", "reduce", "constant"]))
        table = {"unary": _UNARY, "binary": _BINARY, "reduce": _REDUCE, "constant": [None]}
        steps.append(
            (
                kind,
                draw(st.integers(0, len(table[kind]) - 1)),
                draw(st.integers(0, 99)),
                draw(st.integers(0, 99)),
            )
        )
    fetch_count = draw(st.integers(1, 3))
    return steps, fetch_count


def _build(steps, fetch_count, x, bias):
    pool = [x, bias, x * 2.0]
    for kind, which, first, second in steps:
        a, b = pool[first % len(pool)], pool[second % len(pool)]
        try:
            if kind == "constant":
                pool.append(tf.constant([1.0, -2.0, 3.0]) * tf.constant(0.5) + a)
            elif kind == "unary":
                pool.append(_UNARY[which](a))
            elif kind == "binary":
                pool.append(_BINARY[which](a, b))
            else:
                pool.append(_REDUCE[which](a) if a.shape.ndims else a)
        except ValueError:  # shapes that do not broadcast
            pool.append(a + 1.0)
    outputs = [tensor for tensor in pool[-fetch_count:] if tensor.dtype == tf.float32]
    total = tf.add_n([tf.reduce_sum(tensor) for tensor in pool[2:]])
    return outputs + [g for g in tf.gradients(total, [x, bias]) if g is not None]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs(), st.integers(1, 4), st.booleans())
def test_random_graphs_agree(graph, rows, static):
    """With `static`, every shape is known when the graph is built (more to fold)."""
    steps, fetch_count = graph
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [rows if static else None, 3], name="x")
        bias = tf.placeholder(tf.float32, [3], name="bias")
        fetches = _build(steps, fetch_count, x, bias)
        rng = np.random.default_rng(rows)
        feed = {
            x: rng.uniform(-2, 2, (rows, 3)).astype(np.float32),
            bias: rng.uniform(-2, 2, 3).astype(np.float32),
        }
        assert_same_both_ways(fetches, feed)
