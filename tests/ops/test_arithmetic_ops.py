"""Broadcasting arithmetic: values against NumPy, TF's division rules, dtypes, names, errors."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


# (function, NumPy reference, op type, default op name)
BINARY = [
    (tf.add, np.add, "AddV2", "Add"),
    (tf.subtract, np.subtract, "Sub", "Sub"),
    (tf.multiply, np.multiply, "Mul", "Mul"),
    (tf.realdiv, np.true_divide, "RealDiv", "RealDiv"),
    (tf.truediv, np.true_divide, "RealDiv", "truediv"),
    (tf.divide, np.true_divide, "RealDiv", "truediv"),
    (tf.floordiv, lambda x, y: np.floor(x / y), "FloorDiv", "floordiv"),
    (tf.floor_div, lambda x, y: np.floor(x / y), "FloorDiv", "FloorDiv"),
    (tf.truncatediv, lambda x, y: np.trunc(x / y), "TruncateDiv", "TruncateDiv"),
    (tf.mod, np.mod, "FloorMod", "FloorMod"),
    (tf.floormod, np.mod, "FloorMod", "FloorMod"),
    (tf.truncatemod, np.fmod, "TruncateMod", "TruncateMod"),
    (tf.pow, np.power, "Pow", "Pow"),
    (tf.maximum, np.maximum, "Maximum", "Maximum"),
    (tf.minimum, np.minimum, "Minimum", "Minimum"),
    (tf.squared_difference, lambda x, y: (x - y) ** 2, "SquaredDifference", "SquaredDifference"),
]


@pytest.mark.parametrize(
    "function, reference, op_type, name", BINARY, ids=[case[0].__name__ for case in BINARY]
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_broadcast_values_dtypes_shapes_and_names(function, reference, op_type, name, dtype):
    rng = np.random.default_rng(5)
    x_value = rng.uniform(0.5, 3, size=(2, 1, 4)).astype(dtype)
    y_value = rng.uniform(-3, 3, size=(3, 1)).astype(dtype)
    y_value[np.abs(y_value) < 0.5] = 1.0
    x = tf.placeholder(dtype, [None, 1, 4])
    y = tf.placeholder(dtype, [3, 1])
    z = function(x, y)
    assert (z.op.type, z.op.name, z.dtype) == (op_type, name, x.dtype)
    assert z.shape.as_list() == [None, 3, 4]
    result = run(z, {x: x_value, y: y_value})
    assert result.dtype == dtype and result.shape == (2, 3, 4)
    expected = reference(x_value.astype(np.float64), y_value.astype(np.float64))
    np.testing.assert_allclose(result, expected, rtol=1e-6 if dtype == np.float32 else 1e-12)


def test_python_numbers_take_the_tensors_dtype():
    x = tf.constant([1.0, 2.0], tf.float64)
    for z in (tf.add(x, 1), x * 2, 2 * x, tf.maximum(x, 1.5), x**2, 2.0**x):
        assert z.dtype == tf.float64
    assert tf.add(x, 1, name="total").op.inputs[1].op.name == "total/y"


def test_a_dtype_mismatch_is_a_type_error_naming_both():
    with pytest.raises(
        TypeError,
        match="Input 'y' of 'AddV2' Op has type float64 that does not "
        "match type float32 of argument 'x'.",
    ):
        tf.add(tf.constant(1.0), tf.constant(1.0, tf.float64))
    with pytest.raises(
        TypeError,
        match="Input 'y' of 'Maximum' Op has type float64 that does "
        "not match type int32 of argument 'x'.",
    ):
        tf.maximum(2, tf.constant([1.0], tf.float64))
    with pytest.raises(
        TypeError,
        match=r"`x` and `y` must have the same dtype, got tf.int32 != "
        r"tf.float64.",
    ):
        tf.truediv(2, tf.constant([1.0], tf.float64))


def test_incompatible_shapes_are_a_value_error():
    with pytest.raises(
        ValueError,
        match="Dimensions must be equal, but are 3 and 4 for 'AddV2' "
        r"with input shapes: \[2,3\], \[4\].",
    ):
        tf.add(tf.ones([2, 3]), tf.ones([4]))


def test_booleans_are_rejected_by_arithmetic():
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.add(tf.constant(True), tf.constant(False))


def test_truediv_casts_integers_to_floats_as_tensorflow():
    small = tf.truediv(tf.constant([3], tf.int16), tf.constant([2], tf.int16))
    large = tf.constant([3]) / tf.constant([2])
    assert small.dtype == tf.float32 and large.dtype == tf.float64
    assert run(small)[0] == 1.5 and run(large)[0] == 1.5


def test_div_no_nan_gives_zero_for_zero_divisors_as_tensorflow():
    x = tf.constant([1.0, 0.0, -2.0, np.inf])
    y = tf.constant([0.0, 0.0, 4.0, 0.0])
    z = tf.div_no_nan(x, y)
    assert (z.op.type, z.op.name) == ("DivNoNan", "div_no_nan")
    assert tf.math.divide_no_nan(x, 2.0).op.inputs[1].name == "div_no_nan_1/y:0"
    gradient_x, gradient_y = tf.gradients(z, [x, y])
    np.testing.assert_array_equal(run(z), [0.0, 0.0, -0.5, 0.0])
    np.testing.assert_array_equal(run(gradient_x), [0.0, 0.0, 0.25, 0.0])
    np.testing.assert_array_equal(run(gradient_y), [0.0, 0.0, 0.125, 0.0])
    integers = tf.div_no_nan(tf.constant([3, 2]), tf.constant([2, 0]))
    assert integers.dtype == tf.float64
    np.testing.assert_array_equal(run(integers), [1.5, 0.0])
    with pytest.raises(TypeError, match="must have the same dtype"):
        tf.div_no_nan(tf.constant([1.0]), tf.constant([1]))


def test_divide_converts_a_python_numerator_to_the_denominators_dtype():
    x = tf.constant([2.0, 4.0], tf.float64)
    z = tf.divide(1, x)
    assert z.dtype == tf.float64 and z.op.name == "truediv"
    np.testing.assert_array_equal(run(z), [0.5, 0.25])
    assert tf.divide(x, 2.0, name="half").op.name == "half"


def test_div_floors_integers_and_divides_floats():
    ints = tf.div(tf.constant([-7, 7]), tf.constant([2, 2]))
    floats = tf.div(tf.constant([-7.0, 7.0]), 2.0)
    assert (ints.op.type, ints.op.name, floats.op.type) == ("FloorDiv", "div", "RealDiv")
    np.testing.assert_array_equal(run(ints), [-4, 3])
    np.testing.assert_array_equal(run(floats), [-3.5, 3.5])


def test_integer_division_of_negatives_follows_tensorflow():
    x, y = tf.constant([-7, 7, -7, 7]), tf.constant([2, -2, -2, 2])
    floor, mod, truncate, truncated_mod = run(
        [x // y, x % y, tf.truncatediv(x, y), tf.truncatemod(x, y)]
    )
    np.testing.assert_array_equal(floor, [-4, -4, 3, 3])
    np.testing.assert_array_equal(mod, [1, -1, -1, 1])
    np.testing.assert_array_equal(truncate, [-3, -3, 3, 3])
    np.testing.assert_array_equal(truncated_mod, [-1, 1, -1, 1])
    assert floor.dtype == np.int32
    big = tf.constant([2**62 + 1], tf.int64)
    assert run(tf.truncatediv(-big, tf.constant([3], tf.int64)))[0] == -((2**62 + 1) // 3)


def test_float_floor_division_is_floor_of_the_quotient():
    np.testing.assert_array_equal(
        run(tf.floordiv(tf.constant([1.0, 7.5, -7.5]), tf.constant([0.1, 2.0, 2.0]))),
        np.floor(np.float32([1.0, 7.5, -7.5]) / np.float32([0.1, 2.0, 2.0])),
    )
    np.testing.assert_array_equal(
        run(tf.constant([-7.5, 7.0]) % tf.constant([2.0, -2.0])), [0.5, -1.0]
    )


@pytest.mark.parametrize(
    "function", [tf.floordiv, tf.floormod, tf.truncatediv, tf.truncatemod, tf.realdiv]
)
def test_integer_division_by_zero_is_an_invalid_argument_error(function):
    z = function(tf.constant([1, 2]), tf.constant([1, 0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero") as info:
        run(z)
    assert info.value.op is z.op
    np.testing.assert_array_equal(run(function(1.0, tf.constant([0.0]))) != 0, [True])


def test_integers_to_negative_powers_fail_at_run_time():
    np.testing.assert_array_equal(run(tf.pow(tf.constant([2, 3]), tf.constant([3, 2]))), [8, 9])
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="Integers to negative integer powers are not allowed"
    ):
        run(tf.pow(tf.constant([2]), tf.constant([-1])))


def test_maximum_and_minimum_send_the_gradient_to_the_winner_and_ties_to_x():
    c = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, 1.0]])
    y = tf.constant(2.0)
    max_x, max_y = tf.gradients(tf.maximum(c, y), [c, y])
    min_x, min_y = tf.gradients(tf.minimum(c, y), [c, y])
    max_x, max_y, min_x, min_y = run([max_x, max_y, min_x, min_y])
    np.testing.assert_array_equal(max_x, [[0, 1, 1], [1, 1, 0]])
    np.testing.assert_array_equal(min_x, [[1, 0, 0], [1, 1, 1]])
    assert (max_y, min_y) == (2.0, 2.0)


def test_pow_gradients_follow_tensorflow_at_zero_and_negative_bases():
    z = tf.constant([0.0, -1.0, 2.0])
    power_grad = run(tf.gradients(tf.pow(z, 2.0), z)[0])
    exponent_grad = run(tf.gradients(tf.pow(2.0, z), z)[0])
    both = run(tf.gradients(tf.pow(z, z), z)[0])
    np.testing.assert_array_equal(power_grad, [0.0, -2.0, 4.0])
    np.testing.assert_allclose(
        exponent_grad, 2.0 ** np.array([0.0, -1.0, 2.0]) * np.log(2.0), rtol=1e-6
    )
    assert np.isnan(both[0]) and both[1] == -1.0
    np.testing.assert_allclose(both[2], 4 + 4 * np.log(2), rtol=1e-6)


def test_quotients_have_no_gradient():
    x = tf.constant([3.0])
    assert tf.gradients(tf.floordiv(x, 2.0) + tf.truncatediv(x, 2.0), x) == [None]


def test_add_n_sums_and_checks_its_inputs():
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    total = tf.add_n([a, b, a])
    assert (total.op.type, total.op.name) == ("AddN", "AddN")
    np.testing.assert_array_equal(run(total), [5.0, 8.0])
    assert tf.add_n([a]) is a
    assert tf.add_n([a], name="only").op.type == "Identity"
    assert run(tf.add_n([tf.constant(1.0), tf.constant(2.0)])) == 3.0
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.add_n([])
    with pytest.raises(TypeError, match="Input 'inputs' of 'AddN' Op has type float64 at index 1"):
        tf.add_n([a, tf.constant([1.0, 2.0], tf.float64)])
    with pytest.raises(ValueError, match="Shapes must be equal"):
        tf.add_n([a, tf.constant([1.0])])


def test_scalar_mul_takes_only_scalars():
    x = tf.constant([1.0, 2.0])
    z = tf.scalar_mul(3, x)
    assert (z.op.type, z.dtype) == ("Mul", tf.float32)
    np.testing.assert_array_equal(run(z), [3.0, 6.0])
    with pytest.raises(ValueError, match="Only scalar multiply works"):
        tf.scalar_mul([1.0, 2.0], x)


def test_sum_to_shape_reduces_broadcast_gradients_with_an_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 3])
    bias = tf.constant([1.0, 2.0, 3.0])
    grad = tf.gradients(tf.reduce_sum(x * bias + bias), bias)[0]
    assert grad.shape.as_list() == [3]
    np.testing.assert_array_equal(run(grad, {x: np.ones((4, 3))}), [8.0, 8.0, 8.0])


def test_squared_difference_gradient_has_both_signs():
    x, y = tf.constant([3.0]), tf.constant([1.0])
    x_grad, y_grad = run(tf.gradients(tf.squared_difference(x, y), [x, y]))
    assert (x_grad[0], y_grad[0]) == (4.0, -4.0)
