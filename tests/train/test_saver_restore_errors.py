"""Restoring bad checkpoints: clear errors of TensorFlow's types, and nothing restored."""

import pathlib
import shutil

import numpy as np
import pytest

import tinytf as tf
from tests.train.saver_values import assert_values_equal, make_variables, run_values


@pytest.fixture
def saved_model(tmp_path):
    """A checkpoint of w (2x3 float32) and b (3 float32), and a graph whose variables differ."""
    with tf.Graph().as_default():
        make_variables(
            {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.ones(3, np.float32)}
        )
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            prefix = tf.train.Saver().save(session, str(tmp_path / "model"))
    return prefix


def restore_changes_nothing(graph_values, prefix, error, match):
    variables = make_variables(graph_values)
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        with pytest.raises(error, match=match) as info:
            saver.restore(session, prefix)
        assert_values_equal(run_values(session, variables), graph_values)
    return info.value


def test_restore_none_raises_value_error():
    tf.Variable(1.0, name="w")
    with pytest.raises(ValueError, match="^Can't load save_path when it is None.$"):
        tf.train.Saver().restore(tf.Session(), None)


def test_missing_checkpoint_raises_naming_the_path(tmp_path):
    error = restore_changes_nothing(
        {"w": np.zeros(1)},
        str(tmp_path / "nothing"),
        ValueError,
        "not a valid checkpoint: .*nothing",
    )
    assert isinstance(error, tf.errors.NotFoundError)


def test_missing_variable_raises_not_found(saved_model):
    values = {"w": np.zeros((2, 3), np.float32), "extra": np.zeros(2, np.float32)}
    restore_changes_nothing(
        values, saved_model, tf.errors.NotFoundError, "Key extra not found in checkpoint .*model"
    )


def test_shape_mismatch_names_variable_and_shapes(saved_model):
    values = {"b": np.zeros(3, np.float32), "w": np.zeros((3, 2), np.float32)}
    error = restore_changes_nothing(
        values,
        saved_model,
        tf.errors.InvalidArgumentError,
        r"lhs shape= \[3,2\] rhs shape= \[2,3\] \(variable w",
    )
    assert "Restoring from checkpoint failed" in str(error)


def test_dtype_mismatch_raises_invalid_argument(saved_model):
    values = {"b": np.zeros(3, np.float32), "w": np.zeros((2, 3), np.float64)}
    restore_changes_nothing(
        values,
        saved_model,
        tf.errors.InvalidArgumentError,
        "tensor_name = w; expected dtype double does not equal original dtype float",
    )


@pytest.mark.parametrize(
    "suffix, damage, error_type",
    [
        # TensorFlow reports a data file too short as OutOfRangeError, the rest as DataLoss.
        (".data-00000-of-00001", lambda content: content[:-3], tf.errors.OutOfRangeError),
        (
            ".data-00000-of-00001",
            lambda content: content[:8] + b"\x7f" + content[9:],
            tf.errors.DataLossError,
        ),
        (".index", lambda content: content[:-10], tf.errors.DataLossError),
        (
            ".index",
            lambda content: content[:20] + bytes([content[20] ^ 1]) + content[21:],
            tf.errors.DataLossError,
        ),
        (".index", lambda content: b"", tf.errors.DataLossError),
    ],
)
def test_damaged_files_raise_data_loss_and_restore_nothing(saved_model, suffix, damage, error_type):
    path = pathlib.Path(saved_model + suffix)
    path.write_bytes(damage(path.read_bytes()))
    values = {"b": np.full(3, 7, np.float32), "w": np.full((2, 3), 7, np.float32)}
    error = restore_changes_nothing(values, saved_model, error_type, None)
    assert path.name in str(error)


def test_restore_from_a_copied_directory(saved_model, tmp_path):
    shutil.copytree(tmp_path, tmp_path.parent / (tmp_path.name + "_copy"))
    copied = str(tmp_path.parent / (tmp_path.name + "_copy") / "model")
    variable = tf.Variable(np.zeros(3, np.float32), name="b")
    with tf.Session() as session:
        tf.train.Saver([variable]).restore(session, copied)
        np.testing.assert_array_equal(session.run(variable), np.ones(3))
