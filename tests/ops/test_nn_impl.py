"""tf.nn's composites: logistic losses, moments, normalisation, dropout, lookups."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.fixture
def logits():
    return np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 8.0]], dtype=np.float32)


@pytest.fixture
def labels():
    return np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 1.0]], dtype=np.float32)


def test_sigmoid_cross_entropy_value_gradient_and_name(logits, labels):
    x = tf.constant(logits)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=x)
    assert loss.name == "logistic_loss:0" and loss.shape.as_list() == [2, 3]
    value, grad = run([loss, tf.gradients(loss, x)[0]])
    p = sigmoid(logits.astype(np.float64))
    np.testing.assert_allclose(value, -labels * np.log(p) - (1 - labels) * np.log(1 - p), rtol=1e-5)
    np.testing.assert_allclose(grad, p - labels, rtol=1e-5, atol=1e-7)


def test_sigmoid_cross_entropy_is_precise_for_confident_logits_and_smooth_at_zero():
    x = tf.constant([0.0, 20.0, -20.0])
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 0.0], logits=x)
    value, grad = run([loss, tf.gradients(loss, x)[0]])
    np.testing.assert_allclose(
        value, [np.log(2), np.log1p(np.exp(-20)), np.log1p(np.exp(-20))], rtol=1e-6
    )
    np.testing.assert_allclose(grad, [0.5, sigmoid(20.0) - 1, sigmoid(-20.0)], rtol=1e-5)


def test_sigmoid_cross_entropy_shapes_must_match():
    with pytest.raises(ValueError, match="`logits` and `labels` must have the same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones([3]), logits=tf.ones([2, 3]))


def test_weighted_cross_entropy_scales_the_positive_term(logits, labels):
    weighted = tf.nn.weighted_cross_entropy_with_logits(
        labels=labels, logits=logits, pos_weight=3.0
    )
    plain = tf.nn.weighted_cross_entropy_with_logits(targets=labels, logits=logits, pos_weight=1.0)
    sigmoid_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    p = sigmoid(logits.astype(np.float64))
    expected = -3.0 * labels * np.log(p) - (1 - labels) * np.log(1 - p)
    weighted_value, plain_value, sigmoid_value = run([weighted, plain, sigmoid_loss])
    np.testing.assert_allclose(weighted_value, expected, rtol=1e-5)
    np.testing.assert_allclose(plain_value, sigmoid_value, rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match="Cannot specify both 'targets' and 'labels'."):
        tf.nn.weighted_cross_entropy_with_logits(labels, logits, 2.0, targets=labels)


def test_moments_values_names_and_keep_dims():
    values = np.random.default_rng(0).standard_normal((4, 3, 2)).astype(np.float32)
    mean, variance = tf.nn.moments(tf.constant(values), axes=[0, 1])
    kept_mean, kept_variance = tf.nn.moments(values, axes=[0], keep_dims=True, name="stats")
    assert (mean.name, variance.name) == ("moments/Squeeze:0", "moments/Squeeze_1:0")
    assert (kept_mean.name, kept_variance.name) == ("stats/mean:0", "stats/variance:0")
    assert mean.shape.as_list() == [2] and kept_variance.shape.as_list() == [1, 3, 2]
    results = run([mean, variance, kept_mean, kept_variance])
    data = values.astype(np.float64)
    np.testing.assert_allclose(results[0], data.mean(axis=(0, 1)), rtol=1e-5)
    np.testing.assert_allclose(results[1], data.var(axis=(0, 1)), rtol=1e-5)
    np.testing.assert_allclose(results[2], data.mean(axis=0, keepdims=True), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(results[3], data.var(axis=0, keepdims=True), rtol=1e-5)


def test_the_variance_gradient_is_the_full_one():
    values = np.array([[1.0, 2.0], [3.0, 7.0], [2.0, 0.0]])
    x = tf.constant(values)
    _, variance = tf.nn.moments(x, [0])
    grad = run(tf.gradients(variance, x)[0])
    np.testing.assert_allclose(grad, 2 * (values - values.mean(axis=0)) / 3)


def test_batch_normalization_formula():
    rng = np.random.default_rng(1)
    x, mean, variance = rng.standard_normal((5, 3)), rng.standard_normal(3), rng.random(3)
    offset, scale = rng.standard_normal(3), rng.standard_normal(3)
    tensors = [tf.constant(value) for value in (x, mean, variance, offset, scale)]
    full = tf.nn.batch_normalization(*tensors, 1e-3)
    bare = tf.nn.batch_normalization(*tensors[:3], None, None, 1e-3)
    assert full.name == "batchnorm/add_1:0"
    normalised = (x - mean) / np.sqrt(variance + 1e-3)
    full_value, bare_value = run([full, bare])
    np.testing.assert_allclose(full_value, normalised * scale + offset, rtol=1e-10)
    np.testing.assert_allclose(bare_value, normalised, rtol=1e-10)


def test_l2_normalize_leaves_zero_rows_at_zero():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1e-8, 0.0]], dtype=np.float32)
    rows = tf.nn.l2_normalize(x, axis=1)
    columns = tf.nn.l2_normalize(x, dim=0, name="columns")
    assert rows.name == "l2_normalize:0" and columns.name == "columns:0"
    rows_value, columns_value = run([rows, columns])
    np.testing.assert_allclose(rows_value, [[0.6, 0.8], [0.0, 0.0], [1e-2, 0.0]], rtol=1e-5)
    np.testing.assert_allclose(columns_value, x / np.linalg.norm(x, axis=0), rtol=1e-5)


def test_dropout_keeps_and_scales():
    x = tf.ones([2000])
    dropped = tf.nn.dropout(x, keep_prob=0.25, seed=3)
    with tf.Session() as session:
        first, second = session.run(dropped), session.run(dropped)
    assert set(np.unique(first)) <= {0.0, 4.0}
    assert abs((first > 0).mean() - 0.25) < 0.05
    assert not np.array_equal(first, second)  # each run draws a new mask


def test_dropout_rate_and_keep_prob_agree_and_a_zero_rate_is_the_identity():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert tf.nn.dropout(x, rate=0.0) is x
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    keep = tf.placeholder(tf.float32, [])
    fed = tf.nn.dropout(x, keep_prob=keep)
    np.testing.assert_allclose(run(fed, {keep: 1.0}), [[1.0, 2.0], [3.0, 4.0]])


def test_dropout_noise_shape_drops_whole_rows():
    dropped = run(tf.nn.dropout(tf.ones([50, 6]), rate=0.5, noise_shape=[50, 1], seed=1))
    assert np.all((dropped == 0).all(axis=1) | (dropped == 2).all(axis=1))
    dropped_none = run(tf.nn.dropout(tf.ones([50, 6]), rate=0.5, noise_shape=[None, 1]))
    assert np.all((dropped_none == 0).all(axis=1) | (dropped_none == 2).all(axis=1))


def test_dropout_gradient_follows_the_mask():
    x = tf.constant(np.ones(100, np.float32))
    dropped = tf.nn.dropout(x, rate=0.5, seed=5)
    value, grad = run([dropped, tf.gradients(dropped, x)[0]])
    np.testing.assert_array_equal(grad, value)


def test_dropout_argument_errors():
    x = tf.ones([3])
    with pytest.raises(ValueError, match="Cannot specify both 'keep_prob' and 'rate'."):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match="`rate` must be provided"):
        tf.nn.dropout(x)
    with pytest.raises(ValueError, match=r"in the range \[0, 1\). Received: rate=1.0"):
        tf.nn.dropout(x, keep_prob=0.0)
    with pytest.raises(ValueError, match="Received: rate=-0.5"):
        tf.nn.dropout(x, keep_prob=1.5)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor"):
        tf.nn.dropout(tf.ones([3], tf.int32), rate=0.5)


def test_xw_plus_b():
    x, w, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4), np.arange(4.0)
    result = tf.nn.xw_plus_b(x, w, b)
    assert result.name == "xw_plus_b:0" and result.op.type == "BiasAdd"
    np.testing.assert_allclose(run(result), x @ w + b)


def test_embedding_lookup_from_one_table_and_its_gradient():
    table = np.arange(12, dtype=np.float32).reshape(4, 3)
    params = tf.constant(table)
    rows = tf.nn.embedding_lookup(params, [[3, 0], [1, 1]])
    assert rows.name == "embedding_lookup/Identity:0"
    assert rows.shape.as_list() == [2, 2, 3]
    grad = tf.gradients(tf.reduce_sum(rows), params)[0]
    value, grad_value = run([rows, tf.convert_to_tensor(grad)])
    np.testing.assert_array_equal(value, table[[[3, 0], [1, 1]]])
    np.testing.assert_array_equal(grad_value, [[1] * 3, [2] * 3, [0] * 3, [1] * 3])


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_embedding_lookup_over_shards(strategy):
    table = np.arange(5, dtype=np.float32)[:, None] * 10
    if strategy == "mod":
        shards = [table[0::2], table[1::2]]  # id i lives in shard i % 2
    else:
        shards = [table[:3], table[3:]]  # contiguous blocks
    rows = tf.nn.embedding_lookup(
        [tf.constant(s) for s in shards], [4, 0, 3, 1, 2], partition_strategy=strategy
    )
    np.testing.assert_array_equal(run(rows)[:, 0], [40, 0, 30, 10, 20])


def test_embedding_lookup_max_norm_shrinks_long_rows_only():
    table = np.array([[3.0, 4.0], [0.3, 0.4]], dtype=np.float32)
    rows = run(tf.nn.embedding_lookup(table, [0, 1], max_norm=1.0))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)


def test_zero_fraction_and_top_k():
    fraction = tf.nn.zero_fraction(tf.constant([0.0, 1.0, 0.0, 2.0]))
    assert fraction.name == "zero_fraction/fraction:0"
    assert run(fraction) == 0.5
    values, indices = run(tf.nn.top_k(tf.constant([1.0, 9.0, 4.0]), k=2))
    np.testing.assert_array_equal(values, [9.0, 4.0])
    np.testing.assert_array_equal(indices, [1, 2])
