"""tf.train.Saver and the checkpoint helpers: round trips, rotation, state file, errors."""

import os
import pathlib
import shutil
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from tests.train.fixtures import fixture_values

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


def make_variables(values):
    return {name: tf.Variable(value, name=name) for name, value in values.items()}


def run_values(session, variables):
    return {name: session.run(variable) for name, variable in variables.items()}


def assert_values_equal(actual, expected):
    assert sorted(actual) == sorted(expected)
    for name, value in expected.items():
        assert np.asarray(actual[name]).dtype == np.asarray(value).dtype, name
        np.testing.assert_array_equal(actual[name], value, err_msg=name)


def sample_values(seed):
    rng = np.random.default_rng(seed)
    values = {
        f"v_{np.dtype(dtype).name}": (rng.standard_normal((2, 3)) * 50).astype(dtype)
        for dtype in DTYPES
    }
    values["scope/scalar"] = np.float32(seed)
    values["scope/empty"] = np.zeros((3, 0), np.int32)
    return values


# Round trips.
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


# Rotation and the state file.
def test_max_to_keep_rotation_and_state_file(tmp_path):
    variable = tf.Variable(0, name="step_value")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as session:
        for step in range(1, 5):
            session.run(variable.assign(step))
            saver.save(session, str(tmp_path / "model.ckpt"), global_step=step)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "checkpoint",
        "model.ckpt-3.data-00000-of-00001",
        "model.ckpt-3.index",
        "model.ckpt-3.meta",
        "model.ckpt-4.data-00000-of-00001",
        "model.ckpt-4.index",
        "model.ckpt-4.meta",
    ]
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{tmp_path}/model.ckpt-4"\n'
        f'all_model_checkpoint_paths: "{tmp_path}/model.ckpt-3"\n'
        f'all_model_checkpoint_paths: "{tmp_path}/model.ckpt-4"\n'
    )
    assert saver.last_checkpoints == [
        str(tmp_path / "model.ckpt-3"),
        str(tmp_path / "model.ckpt-4"),
    ]
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model.ckpt-4")
    assert tf.train.load_variable(str(tmp_path), "step_value") == 4


def test_relative_paths_in_the_state_file(tmp_path, monkeypatch):
    tf.Variable(1.0, name="w")
    monkeypatch.chdir(tmp_path)
    os.mkdir("run")
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        saver = tf.train.Saver()
        assert saver.save(session, "run/model", global_step=1) == "run/model-1"
        saver.save(session, "run/model", global_step=2)
        assert (tmp_path / "run" / "checkpoint").read_text() == (
            'model_checkpoint_path: "model-2"\n'
            'all_model_checkpoint_paths: "model-1"\nall_model_checkpoint_paths: "model-2"\n'
        )
        state = tf.train.get_checkpoint_state("run")
        assert state.model_checkpoint_path == "run/model-2"
        assert state.all_model_checkpoint_paths == ["run/model-1", "run/model-2"]

        relative_saver = tf.train.Saver(save_relative_paths=True)
        relative_saver.save(session, str(tmp_path / "run" / "model"), global_step=3)
        assert (tmp_path / "run" / "checkpoint").read_text() == (
            'model_checkpoint_path: "model-3"\nall_model_checkpoint_paths: "model-3"\n'
        )


def test_state_file_options(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=None)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for step in range(3):
            saver.save(session, str(tmp_path / "m"), step, latest_filename="latest")
        saver.save(session, str(tmp_path / "quiet"), write_state=False)
        with pytest.raises(ValueError, match="must not contain path components"):
            saver.save(session, str(tmp_path / "m"), latest_filename="a/b")
        with pytest.raises(ValueError, match="collides with 'save_path'"):
            saver.save(session, str(tmp_path / "checkpoint"))
        with pytest.raises(TypeError, match="'sess' must be a Session"):
            saver.save("session", str(tmp_path / "m"))
    assert not (tmp_path / "checkpoint").exists()
    assert tf.train.get_checkpoint_state(str(tmp_path), "latest").all_model_checkpoint_paths == [
        str(tmp_path / "m-2")
    ]  # max_to_keep=None keeps files but lists only the last
    assert sorted(p.name for p in tmp_path.glob("*.index")) == [
        "m-0.index",
        "m-1.index",
        "m-2.index",
        "quiet.index",
    ]


def test_keep_checkpoint_every_n_hours_spares_old_checkpoints(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1e-7)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for step in range(3):
            time.sleep(0.01)
            saver.save(session, str(tmp_path / "m"), step)
    assert len(list(tmp_path.glob("*.index"))) == 3
    assert saver.last_checkpoints == [str(tmp_path / "m-2")]


def test_recover_last_checkpoints_after_a_crash(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        paths = [saver.save(session, str(tmp_path / "m"), step) for step in range(2)]
        fresh = tf.train.Saver(max_to_keep=2)
        fresh.recover_last_checkpoints(paths + [str(tmp_path / "gone")])
        assert fresh.last_checkpoints == paths
        fresh.save(session, str(tmp_path / "m"), 2)
    assert not (tmp_path / "m-0.index").exists() and (tmp_path / "m-1.index").exists()


def test_empty_var_lists(tmp_path):
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    saver = tf.train.Saver(allow_empty=True)
    with tf.Session() as session:
        assert saver.save(session, str(tmp_path / "m")) is None
        saver.restore(session, str(tmp_path / "m"))
    assert list(tmp_path.iterdir()) == []


def test_bad_var_lists():
    variable = tf.Variable(1.0, name="w")
    with pytest.raises(TypeError, match="not a Variable"):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(ValueError, match="two names: w"):
        tf.train.Saver({"a": variable, "w": variable})
    with pytest.raises(ValueError, match="build cannot be deferred"):
        tf.train.Saver([variable], defer_build=True)
    with pytest.raises(NotImplementedError, match="V2"):
        tf.train.Saver(write_version=tf.train.SaverDef.V1)
    deferred = tf.train.Saver(defer_build=True)
    with pytest.raises(RuntimeError, match="build"):
        deferred.restore(None, "x")
    deferred.build()
    assert deferred.as_saver_def().restore_op_name == "save/restore_all"
    assert tf.train.Saver().as_saver_def().restore_op_name == "save_1/restore_all"


def test_a_meta_graph_is_written_unless_asked_not_to(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        prefix = saver.save(session, str(tmp_path / "m"))
        other = saver.save(session, str(tmp_path / "n"), write_meta_graph=False)
    assert os.path.exists(prefix + ".meta") and not os.path.exists(other + ".meta")
    meta_graph = tf.MetaGraphDef.FromString(open(prefix + ".meta", "rb").read())
    assert meta_graph.saver_def.restore_op_name == "save/restore_all"
    assert "save/RestoreV2" in {node.name for node in meta_graph.graph_def.node}


def test_save_creates_one_missing_directory_level(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        saver.save(session, str(tmp_path / "new" / "m"))
        with pytest.raises(ValueError, match="Parent directory of .* doesn't exist"):
            saver.save(session, str(tmp_path / "a" / "b" / "m"))
    assert (tmp_path / "new" / "m.index").exists()


# TensorFlow-written checkpoints.
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


# Errors: clear, TensorFlow's types, and nothing restored.
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
