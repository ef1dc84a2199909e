"""tf.nn's fused activations, bias_add, l2_loss and in_top_k against NumPy formulas."""

import numpy as np
import pytest

import tinytf as tf

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

ACTIVATIONS = {
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0)),
    "relu6": (tf.nn.relu6, lambda x: np.minimum(np.maximum(x, 0), 6)),
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    "elu": (tf.nn.elu, lambda x: np.where(x > 0, x, np.exp(x) - 1)),
    "selu": (tf.nn.selu, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * (np.exp(x) - 1))),
    "softplus": (tf.nn.softplus, lambda x: np.log1p(np.exp(x))),
    "softsign": (tf.nn.softsign, lambda x: x / (1 + np.abs(x))),
}

DERIVATIVES = {
    "relu": lambda x: (x > 0) * 1.0,
    "relu6": lambda x: ((x > 0) & (x < 6)) * 1.0,
    "leaky_relu": lambda x: np.where(x > 0, 1.0, 0.2),
    "elu": lambda x: np.where(x > 0, 1.0, np.exp(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(x)),
    "softplus": lambda x: 1 / (1 + np.exp(-x)),
    "softsign": lambda x: 1 / (1 + np.abs(x)) ** 2,
}

OP_TYPES = {
    "relu": "Relu",
    "relu6": "Relu6",
    "leaky_relu": "LeakyRelu",
    "elu": "Elu",
    "selu": "Selu",
    "softplus": "Softplus",
    "softsign": "Softsign",
}


@pytest.fixture
def values():
    return np.array([[-7.5, -3.0, -0.5, 0.25], [1.0, 2.5, 6.5, 9.0]], dtype=np.float32)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values_dtype_and_name(name, values):
    function, reference = ACTIVATIONS[name]
    x = tf.placeholder(tf.float32, [None, 4])
    y = function(x)
    assert y.op.type == OP_TYPES[name]
    assert y.name == f"{OP_TYPES[name]}:0"
    assert y.shape.as_list() == [None, 4]
    fed = values.copy()
    with tf.Session() as session:
        result = session.run(y, {x: fed})
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, reference(values.astype(np.float64)), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(fed, values)  # kernels never write into their inputs


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradients(name, values):
    function, _ = ACTIVATIONS[name]
    x = tf.constant(values)
    grad = tf.gradients(tf.reduce_sum(function(x)), x)[0]
    with tf.Session() as session:
        result = session.run(grad)
    assert result.dtype == np.float32
    # Elu and Selu take their gradients from the float32 outputs, as TensorFlow does.
    np.testing.assert_allclose(
        result, DERIVATIVES[name](values.astype(np.float64)), rtol=1e-6, atol=1e-6
    )


def test_activation_names_and_leaky_relu_alpha():
    x = tf.constant([-2.0, 3.0])
    assert tf.nn.relu(x, name="hidden").name == "hidden:0"
    assert tf.nn.leaky_relu(x, name="leaky").name == "leaky:0"
    leaky = tf.nn.leaky_relu(x, alpha=0.5)
    integer_leaky = tf.nn.leaky_relu(tf.constant([-2, 4]))
    assert integer_leaky.dtype == tf.float32
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(leaky), [-1.0, 3.0])
        np.testing.assert_allclose(session.run(integer_leaky), [-0.4, 4.0])


def test_gradient_ops_are_fused_like_tensorflow():
    x = tf.placeholder(tf.float32, [3])
    for function, op_type in (
        (tf.nn.relu, "ReluGrad"),
        (tf.nn.elu, "EluGrad"),
        (tf.nn.selu, "SeluGrad"),
        (tf.nn.relu6, "Relu6Grad"),
        (tf.nn.leaky_relu, "LeakyReluGrad"),
    ):
        assert tf.gradients(function(x), x)[0].op.type == op_type


def test_selu_gradient_at_zero_is_the_positive_slope():
    x = tf.constant([0.0])
    with tf.Session() as session:
        np.testing.assert_allclose(
            session.run(tf.gradients(tf.nn.selu(x), x)[0]), [SELU_SCALE], rtol=1e-6
        )


def test_softplus_and_elu_are_finite_for_huge_inputs():
    x = tf.constant([-1e4, -80.0, 80.0, 1e4])
    with tf.Session() as session:
        softplus, elu, softplus_grad = session.run(
            [tf.nn.softplus(x), tf.nn.elu(x), tf.gradients(tf.nn.softplus(x), x)[0]]
        )
    np.testing.assert_allclose(softplus, [0.0, 1.8048514e-35, 80.0, 1e4], rtol=1e-6)
    np.testing.assert_allclose(elu, [-1.0, -1.0, 80.0, 1e4])
    np.testing.assert_allclose(softplus_grad, [0.0, 0.0, 1.0, 1.0], atol=1e-30)


def test_bias_add_adds_along_the_last_axis_or_the_channels():
    value = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    last = tf.nn.bias_add(value, [1.0, 2.0, 3.0, 4.0])
    channels = tf.nn.bias_add(value, [10.0, 20.0, 30.0], data_format="NCHW")
    assert last.op.type == "BiasAdd" and last.name == "BiasAdd:0"
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(last), value + [1, 2, 3, 4])
        np.testing.assert_allclose(session.run(channels), value + np.array([10, 20, 30])[:, None])


def test_bias_add_gradients_sum_over_everything_but_the_channels():
    value = tf.constant(np.ones((2, 3, 4), np.float32))
    bias = tf.constant(np.zeros(4, np.float32))
    channel_bias = tf.constant(np.zeros(3, np.float32))
    weights = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    grads = tf.gradients(tf.reduce_sum(tf.nn.bias_add(value, bias) * weights), [value, bias])
    channel_grad = tf.gradients(
        tf.reduce_sum(tf.nn.bias_add(value, channel_bias, data_format="NCHW") * weights),
        channel_bias,
    )[0]
    with tf.Session() as session:
        value_grad, bias_grad, channels = session.run(grads + [channel_grad])
    np.testing.assert_allclose(value_grad, weights)
    np.testing.assert_allclose(bias_grad, weights.sum(axis=(0, 1)))
    np.testing.assert_allclose(channels, weights.sum(axis=(0, 2)))


def test_bias_add_shape_errors_are_tensorflows():
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.nn.bias_add(tf.ones([3]), tf.ones([3]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 3"):
        tf.nn.bias_add(tf.ones([2, 3, 4]), tf.ones([3]))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))
    with pytest.raises(TypeError, match="does not match type float32"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([3], dtype=tf.float64))


def test_l2_loss_is_half_the_sum_of_squares():
    values = np.random.default_rng(0).standard_normal((5, 7)).astype(np.float32)
    x = tf.constant(values)
    loss = tf.nn.l2_loss(x)
    assert loss.op.type == "L2Loss" and loss.shape.as_list() == []
    with tf.Session() as session:
        result, grad = session.run([loss, tf.gradients(loss, x)[0]])
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, 0.5 * np.sum(values.astype(np.float64) ** 2), rtol=1e-6)
    np.testing.assert_allclose(grad, values)


def test_in_top_k_counts_ties_for_the_target_and_rejects_bad_targets():
    predictions = tf.constant(
        [[1.0, 5.0, 3.0], [2.0, 2.0, 2.0], [1.0, np.nan, 3.0], [0.1, 0.2, 0.3]]
    )
    top_1 = tf.nn.in_top_k(predictions, [1, 0, 2, 3], 1)
    top_2 = tf.nn.in_top_k(predictions, [2, 1, 2, 1], 2)
    assert top_1.op.type == "InTopKV2" and top_1.name == "in_top_k/InTopKV2:0"
    assert top_1.dtype == tf.bool and top_1.shape.as_list() == [4]
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(top_1), [True, True, True, False])
        np.testing.assert_array_equal(session.run(top_2), [True, True, True, True])


def test_in_top_k_matches_a_ranking_on_random_data():
    rng = np.random.default_rng(3)
    scores = rng.standard_normal((50, 10)).astype(np.float32)
    targets = rng.integers(0, 10, 50)
    result = tf.nn.in_top_k(scores, targets.astype(np.int32), 3)
    ranks = (scores > scores[np.arange(50), targets][:, None]).sum(axis=1)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(result), ranks < 3)


def test_in_top_k_needs_integer_targets():
    with pytest.raises(TypeError, match="not in list of allowed values: int32, int64"):
        tf.nn.in_top_k(tf.ones([2, 3]), tf.constant([0.0, 1.0]), 1)
