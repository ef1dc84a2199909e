"""Checkpoints cross between tinytf and TensorFlow, live, in both directions, byte for byte."""

import os

import numpy as np
import pytest

import tinytf
from tinytf.train.checkpoint_format import tensor_bundle
from tinytf.train.checkpoint_format.tensor_bundle import BundleReader, BundleWriter

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
text_format = pytest.importorskip("google.protobuf.text_format")
CheckpointState = pytest.importorskip(
    "tensorflow.python.checkpoint.checkpoint_management"
).CheckpointState

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
        f"scope/{np.dtype(dtype).name}": (rng.standard_normal((3, 2)) * 40).astype(dtype)
        for dtype in DTYPES
    }
    values["scalar"] = np.float64(seed)
    values["empty"] = np.zeros((0, 4), np.float32)
    values["global_step"] = np.int64(seed)
    return values


def tensorflow_save(values, directory, steps=(None,), max_to_keep=5, relative=False):
    """Saves `values` (shifted by each step) with TensorFlow's compat.v1 Saver."""
    with tensorflow.Graph().as_default():
        variables = {name: compat.Variable(value, name=name) for name, value in values.items()}
        saver = compat.train.Saver(max_to_keep=max_to_keep, save_relative_paths=relative)
        with compat.Session() as session:
            session.run(compat.global_variables_initializer())
            for step in steps:
                prefix = saver.save(
                    session,
                    os.path.join(directory, "model.ckpt"),
                    global_step=step,
                    write_meta_graph=False,
                )
        del variables
    return prefix


def tinytf_save(values, directory, steps=(None,), max_to_keep=5, relative=False):
    with tinytf.Graph().as_default():
        for name, value in values.items():
            tinytf.Variable(value, name=name)
        saver = tinytf.train.Saver(max_to_keep=max_to_keep, save_relative_paths=relative)
        with tinytf.Session() as session:
            session.run(tinytf.global_variables_initializer())
            for step in steps:
                prefix = saver.save(
                    session,
                    os.path.join(directory, "model.ckpt"),
                    global_step=step,
                    write_meta_graph=False,  # as tensorflow_save: the file lists compare
                )
    return prefix


def read_bytes(prefix, suffix):
    with open(prefix + suffix, "rb") as file:
        return file.read()


def test_tensorflow_restores_what_tinytf_wrote(tmp_path):
    values = sample_values(3)
    prefix = tinytf_save(values, str(tmp_path))
    with tensorflow.Graph().as_default():
        variables = {
            name: compat.Variable(np.zeros_like(value), name=name) for name, value in values.items()
        }
        with compat.Session() as session:
            compat.train.Saver().restore(session, prefix)
            for name, value in values.items():
                np.testing.assert_array_equal(session.run(variables[name]), value)
    reader = compat.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {
        name: list(np.shape(value)) for name, value in values.items()
    }
    assert compat.train.latest_checkpoint(str(tmp_path)) == prefix


def test_tinytf_restores_what_tensorflow_wrote(tmp_path):
    values = sample_values(5)
    prefix = tensorflow_save(values, str(tmp_path))
    assert tinytf.train.latest_checkpoint(str(tmp_path)) == prefix
    with tinytf.Graph().as_default():
        variables = {
            name: tinytf.Variable(np.zeros_like(value), name=name) for name, value in values.items()
        }
        with tinytf.Session() as session:
            tinytf.train.Saver().restore(session, prefix)
            for name, value in values.items():
                restored = session.run(variables[name])
                assert restored.dtype == np.asarray(value).dtype
                np.testing.assert_array_equal(restored, value)


def test_same_values_give_the_same_bytes(tmp_path):
    values = sample_values(7)
    ours = tinytf_save(values, str(tmp_path / "tinytf"))
    theirs = tensorflow_save(values, str(tmp_path / "tensorflow"))
    for suffix in (".index", ".data-00000-of-00001"):
        assert read_bytes(ours, suffix) == read_bytes(theirs, suffix), suffix


def test_an_index_of_several_blocks_matches_tensorflow(tmp_path):
    # 3000 entries with long names: the index outgrows one 256 KiB block.
    names = [f"model/layer_{index:04d}/" + "sub/" * 20 + "kernel" for index in range(3000)]
    tensors = [np.full((index % 3,), index, np.float32) for index in range(3000)]
    tensorflow.raw_ops.SaveV2(
        prefix=str(tmp_path / "theirs"),
        tensor_names=names,
        shape_and_slices=[""] * len(names),
        tensors=tensors,
    )
    with BundleWriter(str(tmp_path / "ours")) as writer:
        for name, tensor in zip(names, tensors, strict=True):
            writer.add(name, tensor)
        writer.finish()
    index = read_bytes(str(tmp_path / "ours"), ".index")
    assert len(index) > 300_000
    assert index == read_bytes(str(tmp_path / "theirs"), ".index")
    reader = tinytf.train.load_checkpoint(str(tmp_path / "theirs"))
    np.testing.assert_array_equal(reader.get_tensor(names[2999]), tensors[2999])


@pytest.mark.parametrize("relative", [False, True])
def test_state_files_and_rotation_match_tensorflow(tmp_path, relative):
    values = {"w": np.ones(2, np.float32)}
    steps = (1, 2, 3, 4)
    tensorflow_save(values, str(tmp_path / "run"), steps, max_to_keep=2, relative=relative)
    theirs = (tmp_path / "run" / "checkpoint").read_text()
    their_files = sorted(os.listdir(tmp_path / "run"))
    os.rename(tmp_path / "run", tmp_path / "tensorflow_run")
    tinytf_save(values, str(tmp_path / "run"), steps, max_to_keep=2, relative=relative)
    assert (tmp_path / "run" / "checkpoint").read_text() == theirs
    assert sorted(os.listdir(tmp_path / "run")) == their_files


def test_state_text_matches_protobuf_text_format(tmp_path):
    fields = {
        "model_checkpoint_path": 'odd "name"\\\n\t\x01\u00e9\'',
        "all_model_checkpoint_paths": ["a", 'odd "name"\\\n\t\x01\u00e9\''],
        "all_model_checkpoint_timestamps": [1.5, 1700000000.123456789],
        "last_preserved_timestamp": 12.25,
    }
    text = text_format.MessageToString(CheckpointState(**fields))
    ours = tinytf.train.CheckpointState(**fields)
    assert ours.to_text() == text
    assert tinytf.train.CheckpointState.from_text(text) == ours


def test_checkpoint_manager_state_files_are_read(tmp_path):
    checkpoint = tensorflow.train.Checkpoint(v=tensorflow.Variable([1.0, 2.0]))
    manager = tensorflow.train.CheckpointManager(checkpoint, str(tmp_path), max_to_keep=3)
    for _ in range(2):
        manager.save()
    state = tinytf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == manager.latest_checkpoint
    assert len(state.all_model_checkpoint_timestamps) == 2
    reader = tinytf.train.load_checkpoint(str(tmp_path))
    np.testing.assert_array_equal(reader.get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE"), [1.0, 2.0])


def test_missing_key_messages_agree(tmp_path):
    prefix = tinytf_save({"w": np.ones(1, np.float32)}, str(tmp_path))
    with pytest.raises(tensorflow.errors.NotFoundError) as theirs:
        compat.train.NewCheckpointReader(prefix).get_tensor("v")
    with pytest.raises(tinytf.errors.NotFoundError) as ours:
        tinytf.train.NewCheckpointReader(prefix).get_tensor("v")
    assert str(ours.value) == theirs.value.message


def tensorflow_restore(prefix, values):
    """The values TensorFlow's compat.v1 Saver restores from `prefix` into fresh variables."""
    with tensorflow.Graph().as_default():
        variables = {
            name: compat.Variable(np.zeros_like(value), name=name) for name, value in values.items()
        }
        with compat.Session() as session:
            compat.train.Saver().restore(session, prefix)
            return {name: session.run(variable) for name, variable in variables.items()}


def test_tensorflow_restores_each_save_to_one_prefix(tmp_path):
    saves = [sample_values(seed) for seed in (1, 2, 3)]
    starts = []
    for values in saves:
        prefix = tinytf_save(values, str(tmp_path))
        restored = tensorflow_restore(prefix, values)
        for name, value in values.items():
            np.testing.assert_array_equal(restored[name], value, err_msg=name)
        starts.append(min(entry.offset for entry in BundleReader(prefix).entries()))
    payload = starts[1]
    assert payload > 0 and starts == [0, payload, 0]
    assert os.path.getsize(prefix + ".data-00000-of-00001") == 2 * payload


def test_tensorflow_reads_the_old_index_against_the_new_data_file(tmp_path, monkeypatch):
    old, new = sample_values(1), sample_values(2)
    prefix = tinytf_save(old, str(tmp_path))
    tinytf_save(old, str(tmp_path))  # the next save will go before these bytes

    def killed(path, data):
        raise InterruptedError(f"killed before {path} was written")

    index, data = read_bytes(prefix, ".index"), read_bytes(prefix, ".data-00000-of-00001")
    monkeypatch.setattr(tensor_bundle, "write_atomically", killed)
    with pytest.raises(InterruptedError):
        tinytf_save(new, str(tmp_path))
    assert read_bytes(prefix, ".index") == index
    assert read_bytes(prefix, ".data-00000-of-00001") != data
    reader = compat.train.NewCheckpointReader(prefix)
    for name, value in old.items():
        np.testing.assert_array_equal(reader.get_tensor(name), value, err_msg=name)


def test_state_file_after_saves_to_one_prefix_matches_tensorflow(tmp_path):
    values = {"w": np.ones(2, np.float32)}
    tensorflow_save(values, str(tmp_path / "tensorflow"), (None, None, None), max_to_keep=2)
    tinytf_save(values, str(tmp_path / "tinytf"), (None, None, None), max_to_keep=2)
    theirs = (tmp_path / "tensorflow" / "checkpoint").read_text()
    ours = (tmp_path / "tinytf" / "checkpoint").read_text()
    assert ours == theirs.replace("/tensorflow/", "/tinytf/")
    assert sorted(os.listdir(tmp_path / "tinytf")) == sorted(os.listdir(tmp_path / "tensorflow"))
