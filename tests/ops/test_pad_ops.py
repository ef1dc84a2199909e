"""Padding: tf.pad in CONSTANT, REFLECT and SYMMETRIC modes, and its gradients."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops.pad_ops import mirror_pad_grad

VALUE = np.arange(6.0).reshape(2, 3)
PADDINGS = [[1, 1], [2, 2]]


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


@pytest.mark.parametrize(
    "mode, op_type, numpy_mode",
    [
        ("CONSTANT", "Pad", "constant"),
        ("REFLECT", "MirrorPad", "reflect"),
        ("symmetric", "MirrorPad", "symmetric"),
    ],
)
def test_pad_modes_equal_numpys(mode, op_type, numpy_mode):
    padded = tf.pad(VALUE, [[1, 1], [2, 2]], mode)
    assert padded.op.type == op_type and padded.op.name == op_type
    assert padded.op.inputs[1].op.name == f"{op_type}/paddings"
    assert padded.shape.as_list() == [4, 7]
    np.testing.assert_array_equal(run(padded), np.pad(VALUE, PADDINGS, mode=numpy_mode))


def test_pad_with_constant_values_is_pad_v2():
    padded = tf.pad(VALUE, [[0, 1], [1, 0]], constant_values=-1)
    assert padded.op.type == "PadV2" and padded.op.inputs[2].dtype == tf.float64
    np.testing.assert_array_equal(run(padded), np.pad(VALUE, [[0, 1], [1, 0]], constant_values=-1))


def test_pad_static_shapes_with_unknown_dims_and_paddings():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.pad(x, PADDINGS).shape.as_list() == [None, 7]
    paddings = tf.placeholder(tf.int32, [2, 2])
    assert tf.pad(x, paddings).shape.as_list() == [None, None]
    assert tf.pad(tf.placeholder(tf.float32), paddings).shape.as_list() == [None, None]
    value = run(tf.pad(x, paddings), {x: np.ones((1, 3)), paddings: [[1, 0], [0, 2]]})
    np.testing.assert_array_equal(value, np.pad(np.ones((1, 3)), [[1, 0], [0, 2]]))


def test_pad_errors_at_build_time():
    with pytest.raises(
        ValueError,
        match='expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received `mode` = WRAP',
    ):
        tf.pad(VALUE, PADDINGS, "WRAP")
    with pytest.raises(ValueError, match="Paddings must be non-negative"):
        tf.pad(VALUE, [[1, -1], [1, 1]])
    with pytest.raises(ValueError, match="first dimension of paddings must be the rank"):
        tf.pad(VALUE, [[1, 1]])


@pytest.mark.parametrize(
    "mode, message",
    [
        ("REFLECT", "paddings must be less than the dimension size: 2, 2 not less than 2"),
        ("SYMMETRIC", "paddings must be no greater than the dimension size: 3, 3 greater than 2"),
    ],
)
def test_mirror_pad_beyond_the_tensor_fails_at_run_time(mode, message):
    x = tf.placeholder(tf.float32, [None, 3])
    paddings = [[2, 2], [0, 0]] if mode == "REFLECT" else [[3, 3], [0, 0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.pad(x, paddings, mode), {x: np.zeros((2, 3))})


@pytest.mark.parametrize("mode", ["CONSTANT", "REFLECT", "SYMMETRIC"])
def test_pad_gradient_sums_every_copy_of_an_element(mode):
    x = tf.placeholder(tf.float64, [None, 3])
    weights = np.random.default_rng(0).standard_normal((4, 7))
    grad = tf.gradients(tf.reduce_sum(tf.pad(x, PADDINGS, mode) * weights), x)[0]
    # Element (i, j) of x receives the weight of every padded position holding x[i, j].
    labels = np.arange(6).reshape(2, 3)
    padded_labels = (
        np.pad(labels, PADDINGS, mode="constant", constant_values=-1)
        if mode == "CONSTANT"
        else np.pad(labels, PADDINGS, mode=mode.lower())
    )
    expected = np.array([weights[padded_labels == k].sum() for k in range(6)]).reshape(2, 3)
    np.testing.assert_allclose(run(grad, {x: VALUE}), expected)


def test_mirror_pad_grad_is_the_adjoint_of_mirror_pad():
    rng = np.random.default_rng(1)
    upstream = rng.standard_normal((4, 7))
    for mode in ("REFLECT", "SYMMETRIC"):
        folded = run(mirror_pad_grad(tf.constant(upstream), tf.constant(PADDINGS), mode))
        assert folded.shape == (2, 3)
        # <pad(x), g> == <x, fold(g)> for every x.
        np.testing.assert_allclose(
            (np.pad(VALUE, PADDINGS, mode.lower()) * upstream).sum(), (VALUE * folded).sum()
        )
