"""math_ops as a whole: Tensor operators, the tf.math and tf.linalg namespaces, old aliases,
and dtypes kept end to end through gradients."""

import numpy as np
import pytest

import tinytf as tf
from tinytf import linalg
from tinytf import math as tf_math
from tinytf.ops import math_ops


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_operators_build_the_ops_tensorflow_builds():
    x, y = tf.constant([[7.0, -7.0]]), tf.constant([[2.0, 2.0]])
    tensors = [x + y, x - y, x * y, x / y, x // y, x % y, x**y, -x, abs(x), x @ tf.transpose(y)]
    assert [(t.op.type, t.op.name) for t in tensors] == [
        ("AddV2", "add"),
        ("Sub", "sub"),
        ("Mul", "mul"),
        ("RealDiv", "truediv"),
        ("FloorDiv", "floordiv"),
        ("FloorMod", "mod"),
        ("Pow", "pow"),
        ("Neg", "Neg"),
        ("Abs", "Abs"),
        ("MatMul", "matmul"),
    ]
    values = run(tensors[:7])
    a, b = np.float32([[7.0, -7.0]]), np.float32([[2.0, 2.0]])
    for value, expected in zip(
        values, [a + b, a - b, a * b, a / b, a // b, a % b, a**b], strict=True
    ):
        np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_reflected_operators_convert_the_number_to_the_tensors_dtype():
    x = tf.constant([1.0, 2.0], tf.float64)
    tensors = [1 + x, 1 - x, 2 * x, 1 / x, 7 // x, 7 % x, 2**x]
    assert all(t.dtype == tf.float64 for t in tensors)
    assert [t.op.name for t in tensors] == [
        "add",
        "sub",
        "mul",
        "truediv",
        "floordiv",
        "mod",
        "pow",
    ]
    values = run(tensors)
    a = np.array([1.0, 2.0])
    for value, expected in zip(
        values, [1 + a, 1 - a, 2 * a, 1 / a, 7 // a, 7 % a, 2**a], strict=True
    ):
        np.testing.assert_allclose(value, expected)


def test_numpy_arrays_on_the_left_defer_to_the_tensor():
    x = tf.constant([1.0, 2.0])
    total = np.array([10.0, 20.0], np.float32) + x
    assert isinstance(total, tf.Tensor) and total.op.type == "AddV2"
    np.testing.assert_array_equal(run(total), [11.0, 22.0])


def test_integer_operators_follow_tensorflow():
    i, j = tf.constant([-7, 7]), tf.constant([2, 2])
    quotient = i / j
    assert quotient.dtype == tf.float64
    floor, mod, true = run([i // j, i % j, quotient])
    np.testing.assert_array_equal(floor, [-4, 3])
    np.testing.assert_array_equal(mod, [1, 1])
    np.testing.assert_array_equal(true, [-3.5, 3.5])


def test_an_operator_with_a_mismatched_tensor_is_a_type_error():
    with pytest.raises(
        TypeError,
        match="Input 'y' of 'Mul' Op has type float64 that does not "
        "match type float32 of argument 'x'.",
    ):
        tf.constant(1.0) * tf.constant(1.0, tf.float64)


def test_old_names_are_aliases():
    assert tf.mul is tf.multiply and tf.sub is tf.subtract and tf.neg is tf.negative
    assert tf.arg_max is math_ops.arg_max
    assert (tf.mul(2.0, 3.0).op.type, run(tf.neg(2.0))) == ("Mul", -2.0)


def test_math_and_linalg_namespaces_reexport_the_ops():
    renamed = {"divide_no_nan": "div_no_nan"}
    for name in tf_math.__all__:
        expected = getattr(tf, renamed.get(name, name), None) or getattr(tf.nn, name)
        assert getattr(tf.math, name) is expected, name
    assert tf.math.reduce_sum is math_ops.reduce_sum and tf.math.softmax is tf.nn.softmax
    renamed = {
        "det": "matrix_determinant",
        "diag": "matrix_diag",
        "diag_part": "matrix_diag_part",
        "inv": "matrix_inverse",
        "set_diag": "matrix_set_diag",
        "band_part": "matrix_band_part",
        "solve": "matrix_solve",
        "triangular_solve": "matrix_triangular_solve",
        "eigh": "self_adjoint_eig",
        "eigvalsh": "self_adjoint_eigvals",
    }
    for name in linalg.__all__:
        expected = getattr(tf, renamed.get(name, name), None) or getattr(math_ops, name)
        assert getattr(tf.linalg, name) is expected, name


def test_every_name_math_ops_exports_exists():
    missing = [name for name in math_ops.__all__ if not hasattr(math_ops, name)]
    assert not missing


def test_float32_stays_float32_through_gradients_of_gradients():
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.constant(np.ones((3, 2), np.float32))
    hidden = tf.tanh(tf.matmul(x, w)) ** 2.0 + tf.sqrt(tf.abs(x[:, :2]) + 1.0)
    loss = tf.reduce_logsumexp(hidden, 1) + tf.reduce_max(hidden, 1) / 2
    loss = tf.reduce_mean(tf.clip_by_value(loss, -5.0, 5.0) - tf.erf(tf.reduce_min(x, 1)))
    grad = tf.gradients(loss, x)[0]
    second = tf.gradients(tf.reduce_sum(grad * grad), x)[0]
    floats = {
        t.dtype
        for op in tf.get_default_graph().get_operations()
        for t in op.outputs
        if t.dtype.is_floating
    }
    assert floats == {tf.float32}
    value = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    grad_value, second_value = run([grad, second], {x: value})
    assert grad_value.dtype == second_value.dtype == np.float32
    assert grad_value.shape == second_value.shape == (4, 3)
