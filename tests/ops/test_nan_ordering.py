"""argmax, argmin and top_k treat NaN as TensorFlow does: NaN never wins a comparison.

The reference is TensorFlow's loop written out: keep the best value so far, starting from
index 0 and the dtype's lowest (argmax) or highest (argmin) finite value, and replace it
only with a strictly better one. The differential tier compares the same with TensorFlow.
"""

import numpy as np
import pytest

import tinytf as tf


def scanned(row: np.ndarray, better) -> int:
    info = np.finfo(row.dtype)
    best_index, best = 0, info.min if better is np.greater else info.max
    for index, value in enumerate(row):
        if better(value, best):
            best_index, best = index, value
    return best_index


def rows_with_specials(seed: int, dtype) -> np.ndarray:
    rng = np.random.default_rng(seed)
    info = np.finfo(dtype)
    specials = np.array([np.nan, np.inf, -np.inf, info.min, info.max, 0.0, 1.0], dtype)
    rows = rng.choice(specials, size=(60, 5))
    plain = rng.random((60, 5)) < 0.3
    return np.where(plain, rng.normal(size=(60, 5)), rows).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("find, better", [(tf.argmax, np.greater), (tf.argmin, np.less)])
def test_arg_extrema_skip_nan_as_tensorflows_loop_does(dtype, find, better):
    rows = rows_with_specials(7, dtype)
    with tf.Session() as session:
        along_rows = session.run(find(rows, axis=1))
        along_columns = session.run(find(rows.T, axis=0))
    expected = [scanned(row, better) for row in rows]
    np.testing.assert_array_equal(along_rows, expected)
    np.testing.assert_array_equal(along_columns, expected)


def test_argmax_of_one_nan_row_is_the_largest_number():
    with tf.Session() as session:
        assert session.run(tf.argmax([1.0, np.nan, 3.0])) == 2  # NumPy says 1
        assert session.run(tf.argmin([np.nan, 1.0, 3.0])) == 1  # NumPy says 0


def test_integer_arg_extrema_are_numpys():
    values = np.array([[3, 9, 9, -4], [-7, -7, 2, 2]], np.int32)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(tf.argmax(values, 1)), values.argmax(1))
        np.testing.assert_array_equal(session.run(tf.argmin(values, 1)), values.argmin(1))


@pytest.mark.parametrize("k", [1, 3, 5])
def test_top_k_puts_nan_after_every_number(k):
    rows = rows_with_specials(11, np.float32)
    with tf.Session() as session:
        values, indices = session.run(tf.nn.top_k(rows, k=k))
    for row, row_values, row_indices in zip(rows, values, indices, strict=True):
        numbers = sorted(
            (index for index in range(5) if not np.isnan(row[index])),
            key=lambda index: (-row[index], index),
        )
        expected = (numbers + [index for index in range(5) if np.isnan(row[index])])[:k]
        np.testing.assert_array_equal(row_indices, expected)
        np.testing.assert_array_equal(row_values, row[expected])
    first = np.array([[np.nan, 1.0, 3.0], [np.nan, -np.inf, np.nan]], np.float32)
    with tf.Session() as session:
        top_1 = session.run(tf.nn.top_k(first, k=1).indices)
    np.testing.assert_array_equal(top_1, [[2], [1]])
