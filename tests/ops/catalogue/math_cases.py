"""Catalogue cases for the math ops: element-wise, broadcasting arithmetic, comparisons'
select, reductions, scans, matrix products and matrix functions; and math composites."""

import numpy as np

import tinytf as tf
from tests.ops.catalogue.case import Case

POSITIVE = (0.5, 2.0)
CONDITION = np.array([[True, False, True], [False, False, True]])

ELEMENTWISE = [
    Case("Neg", lambda x: -x, [(3,)]),
    Case("Abs", tf.abs, [(2, 3)], second_order=True),
    Case("Sign", lambda x: tf.sign(x) * x, [(2, 3)]),
    Case("Square", tf.square, [(2, 3)], second_order=True),
    Case("Sqrt", tf.sqrt, [(2, 3)], domain=POSITIVE, second_order=True),
    Case("Rsqrt", tf.rsqrt, [(2, 3)], domain=POSITIVE, second_order=True),
    Case("Reciprocal", tf.reciprocal, [(2, 3)], domain=POSITIVE, second_order=True),
    Case("Exp", tf.exp, [(2, 3)], second_order=True),
    Case("Expm1", tf.expm1, [(2, 3)], second_order=True),
    Case("Log", tf.log, [(2, 3)], domain=POSITIVE, second_order=True),
    Case("Log1p", tf.log1p, [(2, 3)], domain=(-0.5, 2.0), second_order=True),
    Case("Sin", tf.sin, [(2, 3)], second_order=True),
    Case("Cos", tf.cos, [(2, 3)], second_order=True),
    Case("Tan", tf.tan, [(2, 3)], domain=(-1.0, 1.0), second_order=True),
    Case("Tanh", tf.tanh, [(2, 3)], second_order=True),
    Case("Sigmoid", tf.sigmoid, [(2, 3)], second_order=True),
    # The gradient ops, built from an upstream gradient; their own gradients are checked
    # to the second order too (TensorFlow's _SigmoidGradGrad and _TanhGradGrad).
    Case(
        "SigmoidGrad",
        lambda x, grad: tf.gradients(tf.sigmoid(x), x, grad)[0],
        [(2, 3)] * 2,
        second_order=True,
    ),
    Case(
        "TanhGrad",
        lambda x, grad: tf.gradients(tf.tanh(x), x, grad)[0],
        [(2, 3)] * 2,
        second_order=True,
    ),
    Case("Erf", tf.erf, [(2, 3)], domain=(-3.0, 3.0), second_order=True),
    Case(
        "Cast", lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64), [(3,)], eps=1e-2, rtol=1e-3
    ),
    Case("CheckNumerics", lambda x: tf.check_numerics(x, "x is finite"), [(2, 3)]),
]

BINARY = [
    Case("AddV2", lambda x, y: x + y, [(3, 4), (4,)], second_order=True),
    Case("Sub", lambda x, y: x - y, [(3, 1), (1, 4)], second_order=True),
    Case("Mul", lambda x, y: x * y, [(2, 3), (3,)], second_order=True),
    Case("RealDiv", lambda x, y: x / y, [(2, 3), (2, 3)], domain=POSITIVE, second_order=True),
    Case("RealDiv", lambda x, y: x / y, [(2, 3), (3,)], domain=POSITIVE, label="RealDiv_broadcast"),
    Case("DivNoNan", tf.div_no_nan, [(2, 3), (3,)], domain=POSITIVE, second_order=True),
    Case("AddN", lambda x, y, z: tf.add_n([x, y, z]), [(2, 2)] * 3),
    Case("Pow", tf.pow, [(2, 3), (2, 3)], domain=POSITIVE, second_order=True),
    Case("Pow", lambda x: x**3.0, [(2, 3)], label="Pow_negative_base", second_order=True),
    Case("Maximum", tf.maximum, [(2, 3), (3,)], second_order=True),
    Case("Minimum", tf.minimum, [(2, 3), (2, 1)], second_order=True),
    Case("SquaredDifference", tf.squared_difference, [(2, 3), (3,)], second_order=True),
    # Away from the jumps of floor(x / y), the remainders are smooth in x and y.
    Case("FloorMod", lambda x, y: tf.floormod(x, y + 3.0), [(2, 3), (2, 3)], domain=(-4, 4)),
    Case("TruncateMod", lambda x, y: tf.truncatemod(x, y - 3.0), [(2, 3), (2, 3)], domain=(-4, 4)),
    Case(
        "Select",
        lambda x, y, condition: tf.where(condition, x, y),
        [(2, 3), (2, 3)],
        constant_inputs=[CONDITION],
        second_order=True,
    ),
    Case(
        "Select",
        lambda x, y, condition: tf.where(condition, x, y),
        [(2, 3), (2, 3)],
        constant_inputs=[np.array([False, True])],
        label="Select_rows",
    ),
]

REDUCTIONS = [
    Case("Sum", lambda x: tf.reduce_sum(x, axis=1), [(3, 4)]),
    Case(
        "Sum",
        lambda x: tf.reduce_sum(x, axis=[0, 2], keepdims=True),
        [(2, 3, 2)],
        label="Sum_keepdims",
    ),
    Case("Mean", lambda x: tf.reduce_mean(x, axis=-1), [(3, 4)]),
    Case("Mean", tf.reduce_mean, [(3, 4)], label="Mean_all"),
    Case("Max", lambda x: tf.reduce_max(x, axis=1), [(3, 4)], second_order=True),
    Case(
        "Max",
        lambda x: tf.reduce_max(x, axis=[0, 2], keepdims=True),
        [(2, 3, 2)],
        label="Max_keepdims",
    ),
    Case("Min", tf.reduce_min, [(3, 4)], second_order=True),
    Case("Prod", lambda x: tf.reduce_prod(x, axis=1), [(3, 4)], domain=POSITIVE, second_order=True),
    Case("Prod", lambda x: tf.reduce_prod(x, axis=[0, 2]), [(2, 3, 2)], label="Prod_axes"),
    Case("Prod", tf.reduce_prod, [(2, 3)], label="Prod_all"),
    Case("Cumsum", lambda x: tf.cumsum(x, axis=1), [(2, 4)], second_order=True),
    Case(
        "Cumsum",
        lambda x: tf.cumsum(x, exclusive=True, reverse=True),
        [(4, 2)],
        label="Cumsum_exclusive_reverse",
    ),
    Case("Cumprod", lambda x: tf.cumprod(x, axis=1), [(2, 4)], domain=POSITIVE, second_order=True),
    Case(
        "Cumprod",
        lambda x: tf.cumprod(x, exclusive=True, reverse=True),
        [(4, 2)],
        domain=POSITIVE,
        label="Cumprod_exclusive_reverse",
    ),
    Case(
        "AddV2",
        lambda x: tf.reduce_logsumexp(x, axis=1),
        [(3, 4)],
        second_order=True,
        label="reduce_logsumexp",
    ),
]

MATRICES = [
    Case("MatMul", tf.matmul, [(2, 3), (3, 4)], second_order=True),
    Case(
        "MatMul",
        lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
        [(3, 2), (4, 3)],
        label="MatMul_transposed",
    ),
    Case("BatchMatMulV2", tf.matmul, [(2, 2, 3), (3, 4)], second_order=True),
    Case(
        "BatchMatMulV2",
        lambda a, b: tf.matmul(a, b, adjoint_a=True, transpose_b=True),
        [(2, 1, 3, 2), (3, 4, 3)],
        label="BatchMatMulV2_broadcast_adjoint",
    ),
    Case("Transpose", lambda x: tf.transpose(x, [1, 2, 0]), [(2, 3, 4)]),
    Case(
        "Reshape",
        lambda a, b: tf.tensordot(a, b, [[0, 2], [2, 0]]),
        [(2, 3, 4), (4, 5, 2)],
        label="tensordot",
    ),
    # Adding 3I keeps the matrices far from singular.
    Case(
        "MatrixInverse",
        lambda x: tf.matrix_inverse(x + 3 * np.eye(3)),
        [(2, 3, 3)],
        domain=(-1.0, 1.0),
        second_order=True,
    ),
    Case(
        "MatrixInverse",
        lambda x: tf.matrix_inverse(x + 3 * np.eye(3), adjoint=True),
        [(3, 3)],
        domain=(-1.0, 1.0),
        label="MatrixInverse_adjoint",
    ),
    Case("MatrixDeterminant", tf.matrix_determinant, [(2, 3, 3)], second_order=True),
    Case("MatrixDiagPartV3", tf.matrix_diag_part, [(2, 3, 4)]),
    Case("MatrixDiagV3", tf.matrix_diag, [(2, 3)]),
    Case("MatrixSetDiagV3", tf.matrix_set_diag, [(4, 3), (3,)]),
    Case("Sum", tf.trace, [(2, 3, 3)], label="trace"),
]

CLIPPING = [
    Case("Maximum", lambda x: tf.clip_by_value(x, -0.5, 0.5), [(3, 4)], label="clip_by_value"),
    Case("Identity", lambda x: tf.clip_by_norm(x, 1.0, axes=[1]), [(3, 4)], label="clip_by_norm"),
    Case(
        "Identity",
        lambda x, y: tf.add_n(tf.clip_by_global_norm([x, y], 1.5)[0]),
        [(2, 3), (2, 3)],
        label="clip_by_global_norm",
    ),
    Case("Sqrt", lambda x, y: tf.global_norm([x, y]), [(2, 3), (3,)], label="global_norm"),
]

CASES = [*ELEMENTWISE, *BINARY, *REDUCTIONS, *MATRICES, *CLIPPING]

# SumToShape appears in the gradient of any broadcasting op; it is checked directly here.
CASES.append(
    Case(
        "SumToShape",
        lambda x: tf.gradients(tf.reduce_sum(tf.square(x + np.ones((4, 3)))), x)[0],
        [(3,)],
        label="SumToShape_direct",
    )
)
