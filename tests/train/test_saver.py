"""tf.train.Saver and the checkpoint helpers: round trips and TensorFlow-written checkpoints."""

import pathlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from tests.train.fixtures import fixture_values
from tests.train.saver_values import assert_values_equal, make_variables, run_values

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
DTYPES = [
    np.float16,
    np.float32,
    np.float64,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.bool_,
]


def sample_values(seed):
    rng = np.random.default_rng(seed)
    values = {
        f"v_{np.dtype(dtype).name}": (rng.standard_normal((2, 3)) * 50).astype(dtype)
        for dtype in DTYPES
    }
    values["scope/scalar"] = np.float32(seed)
    values["scope/empty"] = np.zeros((3, 0), np.int32)
    return values


def test_round_trip_of_every_dtype_scalars_and_empty_shapes(tmp_path):
    values = sample_values(1)
    variables = make_variables(values)
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        prefix = saver.save(session, str(tmp_path / "model.ckpt"))
        assert prefix == str(tmp_path / "model.ckpt")
    with tf.Session() as session:  # a fresh session: restoring initializes the variables
        saver.restore(session, prefix)
        assert_values_equal(run_values(session, variables), values)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=hnp.arrays(
        st.sampled_from(DTYPES), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
    )
)
def test_round_trip_property(tmp_path, value):
    with tf.Graph().as_default():
        variable = tf.Variable(value, name="x")
        saver = tf.train.Saver()
        with tf.Session() as session:
            session.run(variable.initializer)
            prefix = saver.save(session, str(tmp_path / "p"), write_state=False)
            session.run(variable.initializer, {variable.initial_value: np.zeros_like(value)})
            saver.restore(session, prefix)
            restored = session.run(variable)
    assert restored.dtype == value.dtype and restored.shape == value.shape
    np.testing.assert_array_equal(restored, value)
    np.testing.assert_array_equal(tf.train.load_variable(prefix, "x:0"), value)


def test_var_list_as_dict_renames_and_as_list_subsets(tmp_path):
    weights = tf.Variable([1.0, 2.0], name="weights")
    bias = tf.Variable(3.0, name="bias")
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        tf.train.Saver({"renamed": weights}).save(session, str(tmp_path / "a"))
        tf.train.Saver([bias]).save(session, str(tmp_path / "b"))
    assert tf.train.list_variables(str(tmp_path / "a")) == [("renamed", [2])]
    assert tf.train.list_variables(str(tmp_path / "b")) == [("bias", [])]


def test_default_var_list_is_every_global_variable(tmp_path):
    tf.Variable(1, name="counted")
    tf.Variable(2, name="local", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        saver.save(session, str(tmp_path / "model"))
    assert tf.train.list_variables(str(tmp_path / "model")) == [("counted", [])]


def test_restore_builds_its_ops_once(tmp_path):
    variable = tf.Variable(np.ones(3, np.float32), name="w")
    saver = tf.train.Saver()
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("save/restore_all").type == "NoOp"
    with tf.Session() as session:
        session.run(variable.initializer)
        prefix = saver.save(session, str(tmp_path / "model"))
        op_count = len(graph.get_operations())
        for _ in range(3):
            saver.restore(session, prefix)
        assert len(graph.get_operations()) == op_count
        assert session.plan_builds <= 3


def test_save_evaluates_a_global_step_variable(tmp_path):
    tf.Variable(1.0, name="w")
    step = tf.Variable(42, name="global_step", trainable=False)
    saver = tf.train.Saver(pad_step_number=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        assert saver.save(session, str(tmp_path / "m"), global_step=step).endswith("m-00000042")
        assert saver.save(session, str(tmp_path / "m"), global_step=np.int64(7)).endswith(
            "m-00000007"
        )


def test_reshape_restores_equal_sized_tensors(tmp_path):
    with tf.Graph().as_default():
        variable = tf.Variable(np.arange(6.0), name="w")
        saver = tf.train.Saver()
        with tf.Session() as session:
            session.run(variable.initializer)
            prefix = saver.save(session, str(tmp_path / "flat"))
    variable = tf.Variable(np.zeros((2, 3)), name="w")
    with tf.Session() as session:
        tf.train.Saver(reshape=True).restore(session, prefix)
        np.testing.assert_array_equal(session.run(variable), np.arange(6.0).reshape(2, 3))


def test_restores_tensorflow_fixtures():
    expected = fixture_values.all_dtypes(4)
    variables = make_variables({name: np.zeros_like(value) for name, value in expected.items()})
    saver = tf.train.Saver()
    with tf.Session() as session:
        saver.restore(session, tf.train.latest_checkpoint(str(FIXTURES / "all_dtypes")))
        assert_values_equal(run_values(session, variables), expected)
        saver.restore(session, str(FIXTURES / "all_dtypes" / "model.ckpt-3"))
        assert_values_equal(run_values(session, variables), fixture_values.all_dtypes(3))


def test_reads_a_tensorflow_2_object_based_checkpoint():
    names = dict(tf.train.list_variables(str(FIXTURES / "object_based")))
    assert names == {
        "_CHECKPOINTABLE_OBJECT_GRAPH": [],
        "save_counter/.ATTRIBUTES/VARIABLE_VALUE": [],
        "weights/.ATTRIBUTES/VARIABLE_VALUE": [2, 2],
    }
    reader = tf.train.load_checkpoint(str(FIXTURES / "object_based"))
    np.testing.assert_array_equal(
        reader.get_tensor("weights/.ATTRIBUTES/VARIABLE_VALUE"), np.eye(2, dtype=np.float32)
    )
    assert reader.get_tensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE") == 1
    assert isinstance(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"), bytes)


def test_checkpoint_reader_maps_and_debug_string():
    reader = tf.train.NewCheckpointReader(str(FIXTURES / "all_dtypes" / "model.ckpt-4"))
    assert reader.has_tensor("layer/weights") and not reader.has_tensor("layer")
    assert reader.get_variable_to_shape_map()["layer/weights"] == [3, 4]
    assert reader.get_variable_to_dtype_map()["half"] is tf.float16
    lines = reader.debug_string().decode().splitlines()
    assert "double (DT_DOUBLE) [2,1,3]" in lines and "flags (DT_BOOL) [5]" in lines
    assert "global_step (DT_INT64) []" in lines
    assert isinstance(reader.get_tensor("scalar"), np.float32)


def test_checkpoint_helpers_on_missing_checkpoints(tmp_path):
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    assert not tf.train.checkpoint_exists(str(tmp_path / "m"))
    assert tf.train.checkpoint_exists(str(FIXTURES / "all_dtypes" / "model.ckpt-*"))
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.list_variables(str(tmp_path))
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.load_variable(str(tmp_path / "m"), "w")
    (tmp_path / "checkpoint").write_text("garbage here")
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "m"')
    with pytest.raises(ValueError, match="Invalid checkpoint state"):
        tf.train.get_checkpoint_state(str(tmp_path))
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "gone"')
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
