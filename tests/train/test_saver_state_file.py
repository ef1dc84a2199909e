"""tf.train.Saver's rotation: max_to_keep, keep_checkpoint_every_n_hours and the state file."""

import os
import time

import pytest

import tinytf as tf


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
