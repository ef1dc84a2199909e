"""Comparisons, logic, NaN/Inf tests, where (both forms) and check_numerics."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


COMPARISONS = [
    (tf.equal, np.equal, "Equal"),
    (tf.not_equal, np.not_equal, "NotEqual"),
    (tf.less, np.less, "Less"),
    (tf.less_equal, np.less_equal, "LessEqual"),
    (tf.greater, np.greater, "Greater"),
    (tf.greater_equal, np.greater_equal, "GreaterEqual"),
]


@pytest.mark.parametrize(
    "function, reference, op_type", COMPARISONS, ids=[case[2] for case in COMPARISONS]
)
def test_comparisons_broadcast_to_booleans(function, reference, op_type):
    x_value = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], np.float32)
    y_value = np.array([2.0, 2.0, 2.0], np.float32)
    x = tf.placeholder(tf.float32, [None, 3])
    z = function(x, y_value)
    assert (z.op.type, z.op.name, z.dtype) == (op_type, op_type, tf.bool)
    assert z.shape.as_list() == [None, 3]
    np.testing.assert_array_equal(run(z, {x: x_value}), reference(x_value, y_value))
    assert tf.gradients(tf.cast(z, tf.float32), x) == [None]


def test_equality_takes_booleans_but_ordering_does_not():
    b = tf.constant([True, False])
    np.testing.assert_array_equal(run(tf.equal(b, True)), [True, False])
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.less(b, b)


def test_comparison_operators_are_named_as_in_tensorflow():
    x, y = tf.constant([1.0, 3.0]), tf.constant([2.0, 2.0])
    ops = [(x < y).op, (x <= 2.0).op, (x > y).op, (2.0 < x).op, (x >= y).op]
    assert [(op.type, op.name) for op in ops] == [
        ("Less", "Less"),
        ("LessEqual", "LessEqual"),
        ("Greater", "Greater"),
        ("Greater", "Greater_1"),
        ("GreaterEqual", "GreaterEqual"),
    ]
    np.testing.assert_array_equal(run(2.0 < x), [False, True])


def test_logical_ops_and_their_operators():
    a, b = tf.constant([True, True, False, False]), tf.constant([True, False, True, False])
    cases = {
        "LogicalAnd": (tf.logical_and(a, b), [True, False, False, False]),
        "LogicalOr": (tf.logical_or(a, b), [True, True, True, False]),
        "LogicalNot": (tf.logical_not(a), [False, False, True, True]),
    }
    for op_type, (tensor, expected) in cases.items():
        assert (tensor.op.type, tensor.op.name) == (op_type, op_type)
        np.testing.assert_array_equal(run(tensor), expected)
    operators = [a & b, a | b, a ^ b, ~a, True & b]
    assert [(t.op.type, t.op.name) for t in operators] == [
        ("LogicalAnd", "and"),
        ("LogicalOr", "or"),
        ("LogicalAnd", "xor"),
        ("LogicalNot", "LogicalNot_1"),
        ("LogicalAnd", "and_1"),
    ]
    np.testing.assert_array_equal(run(a ^ b), [False, True, True, False])


def test_logical_xor_is_three_ops_named_as_in_tensorflow():
    a, b = tf.constant([True, False]), tf.constant([True, True])
    xor = tf.logical_xor(a, b)
    assert (xor.op.type, xor.op.name) == ("LogicalAnd", "LogicalXor")
    assert [t.op.type for t in xor.op.inputs] == ["LogicalOr", "LogicalNot"]
    np.testing.assert_array_equal(run(xor), [False, True])


def test_logical_ops_need_booleans():
    with pytest.raises(
        TypeError,
        match="Input 'x' of 'LogicalAnd' Op has type float32 that does "
        "not match expected type of bool.",
    ):
        tf.logical_and(tf.ones([2]), tf.ones([2]))


def test_nan_and_inf_tests():
    x = tf.constant([1.0, np.nan, np.inf, -np.inf])
    nan, inf, finite = run([tf.is_nan(x), tf.is_inf(x), tf.is_finite(x)])
    np.testing.assert_array_equal(nan, [False, True, False, False])
    np.testing.assert_array_equal(inf, [False, False, True, True])
    np.testing.assert_array_equal(finite, [True, False, False, False])
    with pytest.raises(TypeError, match="DataType int32 not in list"):
        tf.is_nan(tf.constant([1]))


def test_where_with_one_argument_gives_int64_coordinates():
    condition = tf.placeholder(tf.bool, [None, 2])
    where = tf.where(condition)
    assert (where.op.type, where.dtype, where.shape.as_list()) == ("Where", tf.int64, [None, 2])
    value = np.array([[True, False], [False, True], [True, True]])
    result = run(where, {condition: value})
    np.testing.assert_array_equal(result, np.argwhere(value))
    assert result.dtype == np.int64
    np.testing.assert_array_equal(run(tf.where([0.0, 3.0, 0.0, 1.0])), [[1], [3]])


def test_where_with_three_arguments_selects_elements():
    x, y = tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])
    same_shape = tf.where(tf.constant([[True, False], [False, True]]), x, y)
    rows = tf.where(tf.constant([True, False]), x, y)
    assert (same_shape.op.type, same_shape.op.name) == ("Select", "Select")
    np.testing.assert_array_equal(run(same_shape), [[1, 6], [7, 4]])
    np.testing.assert_array_equal(run(rows), [[1, 2], [7, 8]])
    np.testing.assert_array_equal(run(tf.where(True, 1.0, 2.0)), 1.0)


def test_where_errors_as_tensorflow():
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where(tf.constant([True]), tf.constant([1.0]))
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
        tf.where(tf.ones([2, 3]) > 0, tf.ones([2, 3]), tf.ones([3]))
    with pytest.raises(
        ValueError,
        match="Dimension 0 in both shapes must be equal, but are 3 "
        r"and 2. Shapes are \[3\] and \[2\].",
    ):
        tf.where(tf.ones([3]) > 0, tf.ones([2, 3]), tf.ones([2, 3]))
    with pytest.raises(TypeError, match="Input 'condition' of 'Select' Op has type float32"):
        tf.where(tf.ones([2]), tf.ones([2]), tf.ones([2]))
    with pytest.raises(
        TypeError,
        match="Input 'e' of 'Select' Op has type float64 that does not "
        "match type float32 of argument 't'.",
    ):
        tf.where(tf.ones([2]) > 0, tf.ones([2]), tf.ones([2], tf.float64))


def test_select_checks_shapes_it_could_not_check_statically():
    condition = tf.placeholder(tf.bool)
    z = tf.where(condition, tf.ones([2, 3]), tf.zeros([2, 3]))
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="'condition' must have the same shape as 'then'"
    ):
        run(z, {condition: [[True, False, True]]})


def test_select_gradient_goes_to_the_chosen_side():
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    x_grad, y_grad = run(tf.gradients(tf.where(tf.constant([True, False]), x, y), [x, y]))
    np.testing.assert_array_equal(x_grad, [1.0, 0.0])
    np.testing.assert_array_equal(y_grad, [0.0, 1.0])


@pytest.mark.parametrize(
    "values, found",
    [([1.0, np.nan], "NaN"), ([np.inf, 1.0], "Inf"), ([-np.inf, np.nan], "Inf and NaN")],
)
def test_check_numerics_raises_tensorflows_error(values, found):
    x = tf.placeholder(tf.float32, [2])
    checked = tf.check_numerics(x, "bad thing")
    assert (checked.op.type, checked.op.name) == ("CheckNumerics", "CheckNumerics")
    np.testing.assert_array_equal(run(checked, {x: [1.0, 2.0]}), [1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(checked, {x: values})
    assert info.value.message == f"bad thing : Tensor had {found} values"
    assert info.value.op is checked.op


def test_check_numerics_checks_the_gradient_too():
    x = tf.constant([0.0, 1.0])
    grad = tf.gradients(tf.sqrt(tf.check_numerics(x, "x")), x)[0]
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match="Not a number \\(NaN\\) or infinity "
        "\\(Inf\\) values detected in "
        "gradient. x : Tensor had Inf",
    ):
        run(grad)
