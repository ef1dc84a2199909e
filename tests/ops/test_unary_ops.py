"""Element-wise functions of one tensor: values against NumPy, dtypes, shapes, names, errors."""

import math

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import unary_ops


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# (function, NumPy reference, op type, input domain)
FUNCTIONS = [
    (tf.negative, np.negative, "Neg", (-3, 3)),
    (tf.abs, np.abs, "Abs", (-3, 3)),
    (tf.sign, np.sign, "Sign", (-3, 3)),
    (tf.square, np.square, "Square", (-3, 3)),
    (tf.sqrt, np.sqrt, "Sqrt", (0.1, 3)),
    (tf.rsqrt, lambda x: 1 / np.sqrt(x), "Rsqrt", (0.1, 3)),
    (tf.reciprocal, np.reciprocal, "Reciprocal", (0.1, 3)),
    (tf.exp, np.exp, "Exp", (-3, 3)),
    (tf.expm1, np.expm1, "Expm1", (-3, 3)),
    (tf.log, np.log, "Log", (0.1, 3)),
    (tf.log1p, np.log1p, "Log1p", (-0.5, 3)),
    (tf.sin, np.sin, "Sin", (-3, 3)),
    (tf.cos, np.cos, "Cos", (-3, 3)),
    (tf.tan, np.tan, "Tan", (-1, 1)),
    (tf.tanh, np.tanh, "Tanh", (-3, 3)),
    (tf.sigmoid, _sigmoid, "Sigmoid", (-8, 8)),
    (tf.erf, np.vectorize(math.erf), "Erf", (-4, 4)),
    (tf.floor, np.floor, "Floor", (-3, 3)),
    (tf.ceil, np.ceil, "Ceil", (-3, 3)),
    (tf.round, np.round, "Round", (-3, 3)),
]


@pytest.mark.parametrize(
    "function, reference, op_type, domain", FUNCTIONS, ids=[case[2] for case in FUNCTIONS]
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_dtype_shape_and_name_match_numpy(function, reference, op_type, domain, dtype):
    values = np.random.default_rng(3).uniform(*domain, size=(3, 4)).astype(dtype)
    x = tf.placeholder(dtype, [None, 4])
    y = function(x)
    assert (y.op.type, y.op.name, y.dtype, y.shape.as_list()) == (
        op_type,
        op_type,
        x.dtype,
        [None, 4],
    )
    result = run(y, {x: values})
    assert result.dtype == dtype
    tolerance = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(
        result, reference(values.astype(np.float64)), rtol=tolerance, atol=tolerance
    )


@pytest.mark.parametrize(
    "function, reference, op_type, domain", FUNCTIONS, ids=[case[2] for case in FUNCTIONS]
)
def test_scalars_give_scalars(function, reference, op_type, domain):
    value = np.float32(np.mean(domain) + 0.25)
    result = run(function(tf.constant(value)))
    assert np.shape(result) == () and result.dtype == np.float32
    np.testing.assert_allclose(result, reference(np.float64(value)), rtol=1e-6)


def test_a_name_is_used_as_is_and_python_values_become_constants_in_the_scope():
    y = tf.sqrt(4.0, name="root")
    assert y.op.name == "root" and y.op.inputs[0].op.name == "root/x"
    assert run(y) == 2.0


def test_float_only_functions_reject_integers_with_tensorflows_message():
    with pytest.raises(
        TypeError,
        match="Value passed to parameter 'x' has DataType int32 not "
        "in list of allowed values: float16, float32, float64",
    ):
        tf.sqrt(tf.constant([1, 4]))


def test_signed_functions_take_integers_but_not_booleans():
    np.testing.assert_array_equal(run(tf.abs(tf.constant([-2, 0, 3], tf.int8))), [2, 0, 3])
    np.testing.assert_array_equal(run(tf.sign(tf.constant([-2, 0, 3]))), [-1, 0, 1])
    np.testing.assert_array_equal(run(-tf.constant([1, -2], tf.int64)), [-1, 2])
    with pytest.raises(TypeError, match="DataType bool not in list"):
        tf.negative(tf.constant([True]))


def test_round_is_bankers_rounding_as_in_tensorflow():
    values = [0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6]
    np.testing.assert_array_equal(
        run(tf.round(tf.constant(values))), [0.0, 2.0, 2.0, -0.0, -2.0, 2.0, 3.0]
    )
    np.testing.assert_array_equal(run(tf.round(tf.constant([3, -4]))), [3, -4])


def test_sign_of_nan_is_nan_and_sigmoid_saturates_without_overflow():
    np.testing.assert_array_equal(
        run(tf.sign(tf.constant([np.nan, -0.0, 2.0]))), [np.nan, 0.0, 1.0]
    )
    np.testing.assert_array_equal(run(tf.sigmoid(tf.constant([-1000.0, 1000.0]))), [0.0, 1.0])


def test_erf_agrees_with_the_standard_library_to_1e_13_relative():
    values = np.concatenate(
        [
            np.linspace(-7, 7, 20001),
            np.geomspace(1e-300, 1e-2, 300),
            -np.geomspace(1e-300, 1e-2, 300),
            [0.0, 2.0, -2.0, 6.0],
        ]
    )
    expected = np.array([math.erf(v) for v in values])
    result = run(tf.erf(tf.constant(values)))
    np.testing.assert_allclose(result, expected, rtol=1e-13, atol=0)
    special = run(tf.erf(tf.constant([np.inf, -np.inf, np.nan])))
    np.testing.assert_array_equal(special, [1.0, -1.0, np.nan])


def test_gradients_at_special_points_follow_tensorflow():
    x = tf.constant([0.0, -1.0, 2.0])
    abs_grad, sign_grad = run([tf.gradients(tf.abs(x), x)[0], tf.gradients(tf.sign(x), x)[0]])
    np.testing.assert_array_equal(abs_grad, [0.0, -1.0, 1.0])
    np.testing.assert_array_equal(sign_grad, [0.0, 0.0, 0.0])
    assert tf.gradients(tf.floor(x) + tf.ceil(x) + tf.round(x), x) == [None]


def test_gradients_keep_float32():
    x = tf.placeholder(tf.float32, [3])
    functions = [
        tf.sqrt,
        tf.rsqrt,
        tf.reciprocal,
        tf.log1p,
        tf.tan,
        tf.erf,
        tf.sigmoid,
        tf.square,
        tf.abs,
        tf.expm1,
        tf.cos,
    ]
    grads = tf.gradients([f(x) for f in functions], x)
    assert grads[0].dtype == tf.float32
    ops = tf.get_default_graph().get_operations()
    assert all(t.dtype != tf.float64 for op in ops for t in op.outputs)
    assert run(grads[0], {x: [0.5, 1.0, 2.0]}).dtype == np.float32


def test_cast_converts_and_skips_a_cast_to_the_same_dtype():
    x = tf.constant([1.7, -1.7, 0.0])
    as_int = tf.cast(x, tf.int32)
    assert (as_int.op.type, as_int.op.name, as_int.dtype) == ("Cast", "Cast", tf.int32)
    np.testing.assert_array_equal(run(as_int), [1, -1, 0])
    np.testing.assert_array_equal(run(tf.cast(x, tf.bool)), [True, True, False])
    assert tf.cast(x, tf.float32) is x
    from_python = tf.cast(1, tf.float32)
    assert from_python.op.inputs[0].op.name == "Cast_2/x" and run(from_python) == 1.0


def test_to_helpers_cast_with_tensorflows_names():
    x = tf.constant([1, 2])
    cases = [
        (tf.to_float, "ToFloat", tf.float32),
        (tf.to_double, "ToDouble", tf.float64),
        (tf.to_int64, "ToInt64", tf.int64),
    ]
    for function, name, dtype in cases:
        y = function(x)
        assert (y.op.name, y.dtype) == (name, dtype)
    y = tf.to_int32(tf.constant([1.9]))
    assert (y.op.name, y.dtype) == ("ToInt32", tf.int32) and run(y)[0] == 1
    assert tf.to_int32(x) is x


def test_cast_gradient_flows_between_floats_only():
    x = tf.constant([1.0, 2.0], tf.float64)
    grad = tf.gradients(tf.cast(x, tf.float32) * 3.0, x)[0]
    assert grad.dtype == tf.float64
    np.testing.assert_array_equal(run(grad), [3.0, 3.0])
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x) == [None]


def test_erf_fits_are_computed_once():
    assert unary_ops._erf_polynomials() is unary_ops._erf_polynomials()


def test_sigmoid_keeps_precision_for_large_negative_inputs():
    x = np.array([-20.0, -80.0, -1.0, 0.0, 1.0, 30.0], dtype=np.float32)
    got = tf.Session().run(tf.sigmoid(tf.constant(x)))
    expected = 1.0 / (1.0 + np.exp(-x.astype(np.float64)))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_sigmoid_of_mixed_signs_nan_and_signed_zero_matches_float64():
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((64, 48)) * 12).astype(np.float32)
    x[0, :4] = [np.nan, -0.0, 0.0, -np.inf]
    got = tf.Session().run(tf.sigmoid(tf.constant(x)))
    expected = 1.0 / (1.0 + np.exp(-x.astype(np.float64)))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=0)
    assert np.isnan(got[0, 0]) and got[0, 1] == got[0, 2] == 0.5 and got[0, 3] == 0.0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sigmoid_grad_and_tanh_grad_are_one_op_each_computing_dy_times_the_slope(dtype):
    rng = np.random.default_rng(5)
    y = rng.uniform(-1, 1, (4, 5)).astype(dtype)
    dy = rng.standard_normal((4, 5)).astype(dtype)
    y_in, dy_in = tf.constant(y), tf.constant(dy)
    sigmoid_grad = unary_ops.sigmoid_grad(y_in, dy_in)
    tanh_grad = unary_ops.tanh_grad(y_in, dy_in, name="slope")
    assert (sigmoid_grad.op.type, sigmoid_grad.name) == ("SigmoidGrad", "SigmoidGrad:0")
    assert (tanh_grad.op.type, tanh_grad.name) == ("TanhGrad", "slope:0")
    got_sigmoid, got_tanh = run([sigmoid_grad, tanh_grad])
    y64, dy64 = y.astype(np.float64), dy.astype(np.float64)
    # float16 rounds each step, as TensorFlow's half kernels do: 1 - y * y cancels near 1.
    rtol, atol = {np.float16: (2e-3, 1e-3), np.float32: (1e-5, 1e-6)}.get(dtype, (1e-12, 0))
    assert got_sigmoid.dtype == got_tanh.dtype == dtype
    np.testing.assert_allclose(got_sigmoid, dy64 * y64 * (1 - y64), rtol=rtol, atol=atol)
    np.testing.assert_allclose(got_tanh, dy64 * (1 - y64 * y64), rtol=rtol, atol=atol)


def test_sigmoid_grad_and_tanh_grad_leave_their_inputs_unchanged_and_keep_0_d():
    y, dy = tf.placeholder(tf.float32, None), tf.placeholder(tf.float32, None)
    grads = [unary_ops.sigmoid_grad(y, dy), unary_ops.tanh_grad(y, dy)]
    y_value, dy_value = np.float32(0.5), np.float32(2.0)
    assert [float(g) for g in run(grads, {y: y_value, dy: dy_value})] == [0.5, 1.5]
    y_array, dy_array = np.full(3, 0.5, np.float32), np.full(3, 2.0, np.float32)
    run([g + 0 for g in grads], {y: y_array, dy: dy_array})
    assert y_array.tolist() == [0.5] * 3 and dy_array.tolist() == [2.0] * 3


def test_sigmoid_grad_checks_dtypes_and_element_counts_as_tensorflow():
    with pytest.raises(TypeError, match="Input 'dy' of 'TanhGrad' Op has type float64 that"):
        unary_ops.tanh_grad(tf.zeros([3]), tf.zeros([3], tf.float64))
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values"):
        unary_ops.sigmoid_grad(tf.zeros([3], tf.int32), tf.zeros([3], tf.int32))
    y, dy = tf.placeholder(tf.float32, None), tf.placeholder(tf.float32, None)
    grad = unary_ops.sigmoid_grad(y, dy, name="backprop")
    # As TensorFlow's kernels, equal element counts are read as flat arrays: y's shape.
    same_count = run(grad, {y: np.full((2, 3), 0.5), dy: np.arange(6.0)})
    np.testing.assert_array_equal(same_count, np.arange(6.0).reshape(2, 3) * 0.25)
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="must have same number of elements, got 3 and 6"
    ) as caught:
        run(grad, {y: np.zeros(3), dy: np.zeros((2, 3))})
    assert caught.value.op.name == "backprop"


def test_sigmoid_and_tanh_gradients_are_tensorflows_single_ops():
    x = tf.placeholder(tf.float32, [2, 3])
    first = tf.gradients(tf.sigmoid(x) + tf.tanh(x), x)[0]
    types = {op.name: op.type for op in tf.get_default_graph().get_operations()}
    assert types["gradients/Sigmoid_grad/SigmoidGrad"] == "SigmoidGrad"
    assert types["gradients/Tanh_grad/TanhGrad"] == "TanhGrad"
    second = tf.gradients(first, x)[0]
    value = np.linspace(-3, 3, 6).reshape(2, 3)
    sigmoid, tanh = 1 / (1 + np.exp(-value)), np.tanh(value)
    got_first, got_second = run([first, second], {x: value})
    np.testing.assert_allclose(got_first, sigmoid * (1 - sigmoid) + 1 - tanh**2, rtol=1e-5)
    expected_second = sigmoid * (1 - sigmoid) * (1 - 2 * sigmoid) - 2 * tanh * (1 - tanh**2)
    np.testing.assert_allclose(got_second, expected_second, rtol=1e-4, atol=1e-6)
