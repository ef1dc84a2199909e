"""Saving again to one prefix: the new data file keeps the old checkpoint's bytes in place."""

import os
import pathlib
import shutil

import numpy as np
import pytest

import tinytf as tf
from tests.train.fixtures import fixture_values
from tinytf.train.checkpoint_format import tensor_bundle
from tinytf.train.checkpoint_format.tensor_bundle import (
    BundleReader,
    BundleWriter,
    payload_offset,
    referenced_region,
)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
DATA = ".data-00000-of-00001"


def write_bundle(prefix, tensors):
    with BundleWriter(str(prefix)) as writer:
        for name, value in tensors.items():
            writer.add(name, value)
        writer.finish()


def read_bundle(prefix):
    reader = BundleReader(str(prefix))
    return reader.read(reader.keys())


def offsets(prefix):
    return sorted(entry.offset for entry in BundleReader(str(prefix)).entries())


def tensors(fill, size=5):
    """Two tensors of `size` float32 and 2 int64 values (4 * size + 16 bytes), set to `fill`."""
    return {"a": np.full(size, fill, np.float32), "b": np.full(2, fill, np.int64)}


class Killed(BaseException):
    """Stands for a SIGKILL: no `except Exception` handler can intercept it."""


@pytest.fixture
def kill_index_writes(monkeypatch):
    """Once called, index writes fail as a kill would: after the data file's rename."""

    def killed(path, data):
        raise Killed(f"killed before {path} was written")

    return lambda: monkeypatch.setattr(tensor_bundle, "write_atomically", killed)


# Where the new tensors go.
@pytest.mark.parametrize(
    "kept, size, offset",
    [
        (None, 40, 0),  # nothing to keep: TensorFlow's own layout
        ((0, 40), 40, 40),  # no room before the old bytes: after them
        ((40, 80), 40, 0),  # exactly fits before them
        ((40, 80), 41, 80),  # one byte too many: after them
        ((100, 120), 0, 0),  # only empty tensors
    ],
)
def test_payload_offset_places_new_bytes_before_or_after_the_kept_ones(kept, size, offset):
    assert payload_offset(kept, size) == offset
    if kept is not None and size:
        assert offset + size <= kept[0] or offset >= kept[1]


def test_referenced_region_spans_the_bytes_the_index_points_at(tmp_path):
    write_bundle(tmp_path / "model", tensors(1.0))
    assert referenced_region(str(tmp_path / "model")) == (0, 36)
    write_bundle(tmp_path / "model", tensors(2.0))
    assert referenced_region(str(tmp_path / "model")) == (36, 72)
    assert referenced_region(str(tmp_path / "missing")) is None
    write_bundle(tmp_path / "empty", {"e": np.zeros((0, 3), np.float32)})
    assert referenced_region(str(tmp_path / "empty")) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda prefix: pathlib.Path(prefix + ".index").write_bytes(b"not a table"),
        lambda prefix: os.truncate(prefix + DATA, 35),
        lambda prefix: os.remove(prefix + DATA),
    ],
)
def test_a_broken_checkpoint_is_not_kept(tmp_path, damage):
    prefix = str(tmp_path / "model")
    write_bundle(prefix, tensors(1.0))
    damage(prefix)
    assert referenced_region(prefix) is None
    write_bundle(prefix, tensors(2.0))
    assert offsets(prefix) == [0, 20]
    assert os.path.getsize(prefix + DATA) == 36


def test_saves_alternate_between_the_two_halves_of_the_data_file(tmp_path):
    prefix = tmp_path / "model"
    placements = []
    for fill in range(1, 5):
        write_bundle(prefix, tensors(float(fill)))
        placements.append(offsets(prefix))
        values = read_bundle(prefix)
        np.testing.assert_array_equal(values["a"], np.full(5, fill, np.float32))
    assert placements == [[0, 20], [36, 56], [0, 20], [36, 56]]


def test_a_bigger_payload_goes_after_the_old_bytes_a_smaller_one_before(tmp_path):
    prefix = tmp_path / "model"
    write_bundle(prefix, tensors(1.0, size=5))  # [0, 36)
    write_bundle(prefix, tensors(2.0, size=5))  # [36, 72)
    write_bundle(prefix, tensors(3.0, size=10))  # 56 bytes do not fit before 36: [72, 128)
    assert offsets(prefix) == [72, 112]
    write_bundle(prefix, tensors(4.0, size=2))  # 24 bytes fit before 72: [0, 24)
    assert offsets(prefix) == [0, 8]
    assert os.path.getsize(prefix.with_name("model" + DATA)) == 128
    np.testing.assert_array_equal(read_bundle(prefix)["a"], [4.0, 4.0])


def test_the_old_index_reads_the_new_data_file_before_the_index_rename(tmp_path, kill_index_writes):
    prefix = tmp_path / "model"
    write_bundle(prefix, tensors(1.0))
    write_bundle(prefix, tensors(2.0))
    kill_index_writes()
    old_index = prefix.with_name("model.index").read_bytes()
    old_data = prefix.with_name("model" + DATA).read_bytes()
    with pytest.raises(Killed):
        write_bundle(prefix, tensors(3.0))
    assert prefix.with_name("model.index").read_bytes() == old_index
    new_data = prefix.with_name("model" + DATA).read_bytes()
    assert new_data != old_data
    # The new tensors landed before the old ones, which kept their offsets.
    assert np.frombuffer(new_data[:20], np.float32).tolist() == [3.0] * 5
    assert new_data[36:] == old_data[36:]
    values = read_bundle(prefix)
    np.testing.assert_array_equal(values["a"], np.full(5, 2.0, np.float32))
    np.testing.assert_array_equal(values["b"], [2, 2])
    assert not [path for path in tmp_path.iterdir() if ".tempstate" in path.name]


def test_a_tensorflow_checkpoint_is_kept_too(tmp_path, kill_index_writes):
    for path in (FIXTURES / "many_variables").glob("model.ckpt.*"):
        shutil.copy(path, tmp_path)
    prefix = tmp_path / "model.ckpt"
    kill_index_writes()
    with pytest.raises(Killed):
        write_bundle(
            prefix, {name: value + 100 for name, value in fixture_values.many_variables().items()}
        )
    for name, value in fixture_values.many_variables().items():
        np.testing.assert_array_equal(read_bundle(prefix)[name], value, err_msg=name)


def test_an_aborted_save_leaves_the_old_files_as_they_were(tmp_path):
    prefix = tmp_path / "model"
    write_bundle(prefix, tensors(1.0))
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    with pytest.raises(RuntimeError), BundleWriter(str(prefix)) as writer:
        writer.add("a", np.zeros(3, np.float32))
        raise RuntimeError("interrupted")
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_the_writer_keeps_a_copy_of_each_added_tensor(tmp_path):
    value = np.ones(4, np.float32)
    with BundleWriter(str(tmp_path / "model")) as writer:
        writer.add("a", value)
        value[:] = 7
        writer.finish()
    np.testing.assert_array_equal(read_bundle(tmp_path / "model")["a"], np.ones(4))


# Through the Saver.
def test_ten_saves_to_one_prefix_keep_the_data_file_within_twice_the_payload(tmp_path):
    weights = tf.Variable(np.zeros((30, 40), np.float32), name="weights")
    counter = tf.Variable(np.int64(0), name="counter")
    step = tf.group(weights.assign_add(tf.ones_like(weights)), counter.assign_add(1))
    payload = 30 * 40 * 4 + 8
    saver = tf.train.Saver(max_to_keep=2)
    sizes = []
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for saved in range(1, 11):
            session.run(step)
            prefix = saver.save(session, str(tmp_path / "model.ckpt"))
            sizes.append(os.path.getsize(prefix + DATA))
            with tf.Session() as fresh:
                saver.restore(fresh, prefix)
                assert fresh.run(counter) == saved
                np.testing.assert_array_equal(fresh.run(weights), np.full((30, 40), saved))
    assert sizes == [payload] + [2 * payload] * 9
    assert saver.last_checkpoints == [str(tmp_path / "model.ckpt")]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "checkpoint",
        "model.ckpt" + DATA,
        "model.ckpt.index",
        "model.ckpt.meta",
    ]
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{tmp_path}/model.ckpt"\n'
        f'all_model_checkpoint_paths: "{tmp_path}/model.ckpt"\n'
    )


def test_rotation_with_a_prefix_saved_again(tmp_path):
    tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for name in ("a", "b", "a", "c"):
            saver.save(session, str(tmp_path / name))
    assert saver.last_checkpoints == [str(tmp_path / "a"), str(tmp_path / "c")]
    assert sorted(path.name for path in tmp_path.glob("*.index")) == ["a.index", "c.index"]
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "c")


def test_a_failed_index_write_keeps_the_last_checkpoint_and_state(tmp_path, monkeypatch):
    variable = tf.Variable(np.zeros(3, np.float32), name="v")
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(variable.assign([1.0, 2.0, 3.0]))
        prefix = saver.save(session, str(tmp_path / "model.ckpt"))
        state = (tmp_path / "checkpoint").read_text()
        session.run(variable.assign([4.0, 5.0, 6.0]))
        monkeypatch.setattr(tensor_bundle, "write_atomically", _failing_write)
        with pytest.raises(OSError, match="disk full"):
            saver.save(session, prefix)
        monkeypatch.undo()
        assert (tmp_path / "checkpoint").read_text() == state
        saver.restore(session, prefix)
        np.testing.assert_array_equal(session.run(variable), [1.0, 2.0, 3.0])


def _failing_write(path, data):
    raise OSError(f"disk full while writing {path}")
