"""Initializers: values and statistics, TF's fan rules, configs, names and errors."""

import math

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import init_ops


def run(fetches):
    with tf.Session() as session:
        return session.run(fetches)


def test_zeros_and_ones():
    zeros, ones = run([tf.zeros_initializer()([2, 3]), tf.ones_initializer()([4])])
    np.testing.assert_array_equal(zeros, np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(ones, np.ones(4, np.float32))
    assert zeros.dtype == np.float32


def test_dtype_at_call_overrides_the_constructor():
    value = run(tf.ones_initializer(dtype=tf.float64)([2], dtype=tf.int32))
    assert value.dtype == np.int32


def test_shape_may_be_a_tensor_shape():
    assert tf.zeros_initializer()(tf.TensorShape([2, 3])).shape.as_list() == [2, 3]


def test_constant_initializer_fills_and_pads_with_the_last_value():
    filled, padded, matrix = run(
        [
            tf.constant_initializer(3)([2, 2], dtype=tf.int32),
            tf.constant_initializer([1, 2])([4]),
            tf.constant_initializer([[1, 2], [3, 4]])([2, 2]),
        ]
    )
    np.testing.assert_array_equal(filled, np.full((2, 2), 3, np.int32))
    np.testing.assert_array_equal(padded, [1.0, 2.0, 2.0, 2.0])
    np.testing.assert_array_equal(matrix, [[1.0, 2.0], [3.0, 4.0]])


def test_constant_initializer_errors():
    with pytest.raises(TypeError, match="Invalid type for initial value"):
        tf.constant_initializer({1: 2})
    with pytest.raises(ValueError, match="Too many elements provided"):
        tf.constant_initializer([1, 2, 3, 4, 5])([4])
    with pytest.raises(TypeError, match="Expected int32"):
        tf.constant_initializer(1.5)([2], dtype=tf.int32)


def test_identity_initializer():
    value = run(tf.initializers.identity(gain=2.0)([2, 3]))
    np.testing.assert_array_equal(value, 2.0 * np.eye(2, 3))
    with pytest.raises(ValueError, match="Received shape=\\[3\\]"):
        tf.initializers.identity()([3])


def test_random_normal_initializer_statistics():
    values = run(tf.random_normal_initializer(mean=1.0, stddev=0.5, seed=1)([400, 500]))
    assert values.mean() == pytest.approx(1.0, abs=0.005)
    assert values.std() == pytest.approx(0.5, rel=0.01)


def test_truncated_normal_initializer_bounds():
    values = run(tf.truncated_normal_initializer(stddev=0.1, seed=2)([400, 500]))
    assert np.abs(values).max() <= 0.2
    assert values.std() == pytest.approx(0.1 * 0.87962566, rel=0.01)


def test_random_uniform_initializer_range():
    values = run(tf.random_uniform_initializer(-0.5, 0.25, seed=3)([1000, 100]))
    assert values.min() >= -0.5 and values.max() < 0.25
    assert values.mean() == pytest.approx(-0.125, abs=0.005)
    integers = run(tf.random_uniform_initializer(0, 10, dtype=tf.int32)([1000]))
    assert integers.dtype == np.int32 and set(np.unique(integers)) == set(range(10))


@pytest.mark.parametrize(
    "shape, fans",
    [
        ([], (1, 1)),
        ([7], (7, 7)),
        ([3, 5], (3, 5)),
        ([2, 3, 4, 5], (24, 30)),
    ],
)
def test_fans(shape, fans):
    assert init_ops._compute_fans(shape) == fans


def test_glorot_uniform_limit():
    fan_in, fan_out = 300, 500
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    values = run(tf.glorot_uniform_initializer(seed=4)([fan_in, fan_out]))
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.99 * limit
    assert values.var() == pytest.approx(2.0 / (fan_in + fan_out), rel=0.02)


def test_glorot_normal_variance_and_truncation():
    fan_in, fan_out = 300, 500
    values = run(tf.glorot_normal_initializer(seed=5)([fan_in, fan_out]))
    assert values.var() == pytest.approx(2.0 / (fan_in + fan_out), rel=0.02)
    assert np.abs(values).max() <= 2 * math.sqrt(2.0 / (fan_in + fan_out)) / 0.87962566


@pytest.mark.parametrize(
    "initializer, variance",
    [
        (tf.initializers.he_normal(seed=6), 2.0 / 200),
        (tf.initializers.he_uniform(seed=6), 2.0 / 200),
        (tf.initializers.lecun_normal(seed=6), 1.0 / 200),
        (tf.initializers.lecun_uniform(seed=6), 1.0 / 200),
        (tf.variance_scaling_initializer(3.0, "fan_out", "uniform", seed=6), 3.0 / 400),
        (tf.variance_scaling_initializer(1.0, "fan_avg", "untruncated_normal", seed=6), 1 / 300),
        (tf.variance_scaling_initializer(2.0, "fan_in", "normal", seed=6), 2.0 / 200),
    ],
)
def test_variance_scaling_variances(initializer, variance):
    values = run(initializer([200, 400]))
    assert values.var() == pytest.approx(variance, rel=0.03)


def test_variance_scaling_normal_means_truncated_normal():
    tf.variance_scaling_initializer(distribution="normal")([3, 3])
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert "TruncatedNormal" in types and "RandomStandardNormal" not in types


def test_variance_scaling_errors():
    with pytest.raises(ValueError, match="`scale` must be a positive float. Received: 0"):
        tf.variance_scaling_initializer(scale=0)
    with pytest.raises(ValueError, match="Argument `mode` should be one of"):
        tf.variance_scaling_initializer(mode="fan")
    with pytest.raises(ValueError, match="Argument `distribution` should be one of"):
        tf.variance_scaling_initializer(distribution="cauchy")


def test_float_initializers_refuse_integer_dtypes():
    for initializer in (
        tf.random_normal_initializer,
        tf.truncated_normal_initializer,
        tf.glorot_uniform_initializer,
        tf.orthogonal_initializer,
    ):
        with pytest.raises(ValueError, match="expected to be floating point"):
            initializer(dtype=tf.int32)


def test_orthogonal_initializer_gives_orthonormal_columns():
    tall, wide, kernel = run(
        [
            tf.orthogonal_initializer(seed=7)([6, 4]),
            tf.orthogonal_initializer(gain=2.0, seed=8)([3, 5]),
            tf.orthogonal_initializer(seed=9)([2, 3, 5]),
        ]
    )
    np.testing.assert_allclose(tall.T @ tall, np.eye(4), atol=1e-5)
    np.testing.assert_allclose(wide @ wide.T, 4.0 * np.eye(3), atol=1e-5)
    flat = kernel.reshape(6, 5)
    np.testing.assert_allclose(flat.T @ flat, np.eye(5), atol=1e-5)
    with pytest.raises(ValueError, match="at least two-dimensional. Received shape=\\[3\\]"):
        tf.orthogonal_initializer()([3])


def test_orthogonal_builds_tf_ops():
    tf.orthogonal_initializer()([3, 4])
    types = [op.type for op in tf.get_default_graph().get_operations()]
    for op_type in ("RandomStandardNormal", "Qr", "DiagPart", "Sign", "Transpose", "Reshape"):
        assert op_type in types


def test_uniform_unit_scaling():
    values = run(tf.uniform_unit_scaling_initializer(factor=2.0, seed=10)([3, 4, 500]))
    limit = 2.0 * math.sqrt(3.0 / 12)
    assert np.abs(values).max() <= limit and np.abs(values).max() > 0.98 * limit


def test_seeded_initializers_repeat_across_graphs():
    def build():
        return tf.glorot_uniform_initializer(seed=11)([3, 4])

    first = run(build())
    with tf.Graph().as_default():
        second = run(build())
    np.testing.assert_array_equal(first, second)


def test_get_config_and_from_config():
    assert tf.zeros_initializer().get_config() == {"dtype": "float32"}
    assert tf.constant_initializer([1, 2]).get_config() == {"value": [1, 2], "dtype": "float32"}
    assert tf.random_normal_initializer().get_config() == {
        "mean": 0.0,
        "stddev": 1.0,
        "seed": None,
        "dtype": "float32",
    }
    assert tf.glorot_uniform_initializer(seed=3).get_config() == {"seed": 3, "dtype": "float32"}
    assert tf.variance_scaling_initializer().get_config() == {
        "scale": 1.0,
        "mode": "fan_in",
        "distribution": "truncated_normal",
        "seed": None,
        "dtype": "float32",
    }
    assert tf.initializers.he_normal().get_config()["scale"] == 2.0
    assert tf.orthogonal_initializer().get_config() == {
        "gain": 1.0,
        "seed": None,
        "dtype": "float32",
    }
    rebuilt = init_ops.VarianceScaling.from_config(
        tf.variance_scaling_initializer(2.0, "fan_out", "uniform", seed=1).get_config()
    )
    assert (rebuilt.scale, rebuilt.mode, rebuilt.distribution, rebuilt.seed) == (
        2.0,
        "fan_out",
        "uniform",
        1,
    )


def test_classes_and_function_names_are_the_same():
    assert tf.zeros_initializer is init_ops.Zeros
    assert tf.initializers.zeros is init_ops.Zeros
    assert tf.initializers.variance_scaling is tf.variance_scaling_initializer
    assert isinstance(tf.glorot_uniform_initializer(), init_ops.VarianceScaling)
    assert isinstance(tf.initializers.random_uniform(), init_ops.Initializer)
    assert tf.initializers.global_variables is tf.global_variables_initializer
    assert tf.initializers.variables is tf.variables_initializer
    assert tf.initializers.local_variables is tf.local_variables_initializer


def test_base_initializer_is_abstract():
    with pytest.raises(NotImplementedError):
        init_ops.Initializer()([2])
