"""Catalogue cases for the core ops: arithmetic, matmul, reductions, casts."""

import numpy as np

import tinytf as tf
from tests.ops.catalogue.case import Case

CASES = [
    Case("AddV2", lambda x, y: x + y, [(3, 4), (4,)], second_order=True),
    Case("Sub", lambda x, y: x - y, [(3, 1), (1, 4)]),
    Case("Mul", lambda x, y: x * y, [(2, 3), (3,)], second_order=True),
    Case("RealDiv", lambda x, y: x / y, [(2, 3), (2, 3)], domain=(0.5, 2.0)),
    Case("Neg", lambda x: -x, [(3,)]),
    Case("AddN", lambda x, y, z: tf.add_n([x, y, z]), [(2, 2)] * 3),
    Case("Square", tf.square, [(2, 3)], second_order=True),
    Case("Exp", tf.exp, [(2, 3)], second_order=True),
    Case("Log", tf.log, [(2, 3)], domain=(0.5, 2.0)),
    Case("Sigmoid", tf.sigmoid, [(2, 3)], second_order=True),
    Case("Tanh", tf.tanh, [(2, 3)], second_order=True),
    Case("MatMul", tf.matmul, [(2, 3), (3, 4)], second_order=True),
    Case("MatMul", lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
         [(3, 2), (4, 3)], label="MatMul_transposed"),
    Case("Sum", lambda x: tf.reduce_sum(x, axis=1), [(3, 4)]),
    Case("Sum", lambda x: tf.reduce_sum(x, axis=[0, 2], keepdims=True), [(2, 3, 2)],
         label="Sum_keepdims"),
    Case("Mean", lambda x: tf.reduce_mean(x, axis=-1), [(3, 4)]),
    Case("Mean", tf.reduce_mean, [(3, 4)], label="Mean_all"),
    Case("Cast", lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64), [(3,)], eps=1e-2,
         rtol=1e-3),
    Case("PlaceholderWithDefault", lambda x: tf.placeholder_with_default(x, [3]) * 1.0, [(3,)]),
]

# SumToShape appears in the gradient of any broadcasting op; it is checked directly here.
CASES.append(Case("SumToShape", lambda x: tf.gradients(
    tf.reduce_sum(tf.square(x + np.ones((4, 3)))), x)[0], [(3,)], label="SumToShape_direct"))
