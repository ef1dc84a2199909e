"""tf.nn's pooling against direct NumPy loops over the windows."""

import numpy as np
import pytest

import tinytf as tf


def run(tensor):
    with tf.Session() as session:
        return session.run(tensor)


def reference_pool(x, size, strides, pads, reduce):
    """Pooling by a loop over output cells, ignoring padded cells."""
    (top, _), (left, _) = pads
    out_h = (x.shape[1] + sum(pads[0]) - size[0]) // strides[0] + 1
    out_w = (x.shape[2] + sum(pads[1]) - size[1]) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, x.shape[3]))
    for i in range(out_h):
        for j in range(out_w):
            rows = slice(max(i * strides[0] - top, 0), i * strides[0] - top + size[0])
            cols = slice(max(j * strides[1] - left, 0), j * strides[1] - left + size[1])
            out[:, i, j] = reduce(x[:, rows, cols], axis=(1, 2))
    return out


@pytest.mark.parametrize(
    "size, strides, padding, pads",
    [
        ((2, 2), (2, 2), "SAME", ((0, 1), (0, 0))),
        ((3, 3), (2, 2), "VALID", ((0, 0), (0, 0))),
        ((3, 2), (1, 2), "SAME", ((1, 1), (0, 0))),
    ],
)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pooling_matches_a_loop_over_windows(size, strides, padding, pads, kind):
    x = np.random.default_rng(0).standard_normal((2, 7, 6, 3))
    pool, reduce = (tf.nn.max_pool, np.max) if kind == "max" else (tf.nn.avg_pool, np.mean)
    with tf.Graph().as_default():
        y = pool(x, [1, *size, 1], [1, *strides, 1], padding)
        value = run(y)
    expected = reference_pool(x, size, strides, pads, reduce)
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_allclose(value, expected, rtol=1e-12)


def test_max_pool_gradient_goes_to_the_first_maximum_of_each_window():
    image = np.ones((1, 4, 4, 1), np.float32)
    with tf.Graph().as_default():
        x = tf.constant(image)
        grad = tf.gradients(tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME"), x)[0]
        value = run(grad)[0, :, :, 0]
    # Each window's first cell (row-major, padding excluded) gets its output's gradient.
    expected = [[4, 2, 2, 0], [2, 1, 1, 0], [2, 1, 1, 0], [0, 0, 0, 0]]
    np.testing.assert_array_equal(value, expected)
    assert grad.op.type == "MaxPoolGrad" and grad.dtype == tf.float32


def test_nchw_pooling_is_the_transposed_nhwc_pooling():
    x = np.random.default_rng(1).standard_normal((2, 5, 6, 3)).astype(np.float32)
    with tf.Graph().as_default():
        nhwc = tf.nn.avg_pool(x, [1, 2, 3, 1], [1, 2, 1, 1], "SAME")
        nchw = tf.nn.avg_pool(
            x.transpose(0, 3, 1, 2), [1, 1, 2, 3], [1, 1, 2, 1], "SAME", data_format="NCHW"
        )
        a, b = run([nhwc, nchw])
    np.testing.assert_allclose(b, a.transpose(0, 3, 1, 2), rtol=1e-6)


def test_pool_names_its_op_by_pooling_type():
    with tf.Graph().as_default():
        x = tf.ones([1, 4, 4, 2])
        assert tf.nn.pool(x, [2, 2], "MAX", "VALID", strides=[2, 2]).name == "max_pool:0"
        assert tf.nn.pool(x, [2, 2], "AVG", "SAME").shape.as_list() == [1, 4, 4, 2]
        with pytest.raises(ValueError, match="Invalid pooling_type"):
            tf.nn.pool(x, [2, 2], "MIN", "SAME")


def test_pooling_a_window_larger_than_the_image_fails_when_built():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Negative dimension size"):
        tf.nn.max_pool(tf.ones([2, 7, 8, 3]), [1, 9, 2, 1], [1, 2, 2, 1], "VALID")
