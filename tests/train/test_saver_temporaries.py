"""A save removes the temporary files that killed saves of the same checkpoint left,
never those of a live process; a truncated data file raises OutOfRangeError as in
TensorFlow."""

import os
import subprocess
import sys

import numpy as np
import pytest

import tinytf as tf
from tinytf.train.checkpoint_format import atomic_file

DATA = ".data-00000-of-00001"


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def saver_and_session():
    variable = tf.Variable(np.arange(6, dtype=np.float32), name="w")
    session = tf.Session()
    session.run(variable.initializer)
    return tf.train.Saver(), session


def test_temporary_names_tell_the_writing_process(tmp_path):
    name = atomic_file.temporary_path(str(tmp_path / "model.index"))
    assert name.startswith(str(tmp_path / f"model.index.tempstate{os.getpid()}-"))
    assert name != atomic_file.temporary_path(str(tmp_path / "model.index"))


def test_a_save_removes_what_killed_saves_left_and_keeps_live_ones(tmp_path):
    prefix = tmp_path / "model.ckpt"
    gone = dead_pid()
    stale = [
        tmp_path / f"model.ckpt.index.tempstate{gone}-0123abcd",
        tmp_path / f"model.ckpt{DATA}.tempstate{gone}-ffff",
        tmp_path / f"checkpoint.tempstate{gone}-42",
    ]
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        kept = [
            tmp_path / f"model.ckpt.index.tempstate{sleeper.pid}-abc",  # a live process's
            tmp_path / f"other.ckpt.index.tempstate{gone}-abc",  # another checkpoint's
            tmp_path / f"model.ckpt.index.tempstate{gone}",  # not a name tinytf writes
        ]
        for path in stale + kept:
            path.write_bytes(b"half a checkpoint")
        saver, session = saver_and_session()
        saver.save(session, str(prefix))
        left = sorted(path.name for path in tmp_path.iterdir())
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not any(path.exists() for path in stale), left
    assert all(path.exists() for path in kept), left
    assert sorted(set(left) - {path.name for path in kept}) == [
        "checkpoint",
        "model.ckpt.data-00000-of-00001",
        "model.ckpt.index",
        "model.ckpt.meta",
    ]


def test_a_temporary_file_this_process_is_writing_is_kept(tmp_path):
    target = str(tmp_path / "model.ckpt.index")
    writing = atomic_file.AtomicFile(target)
    leftover = tmp_path / f"model.ckpt.index.tempstate{os.getpid()}-dead"  # a past run's
    leftover.write_bytes(b"")
    try:
        removed = atomic_file.remove_stale_temporaries(target)
        assert os.path.exists(writing.temporary_path)
        assert removed == [str(leftover)]
    finally:
        writing.discard()


@pytest.mark.parametrize("cut", [0, 5, -1])
def test_a_truncated_data_file_raises_out_of_range_naming_it(tmp_path, cut):
    saver, session = saver_and_session()
    prefix = saver.save(session, str(tmp_path / "model"))
    data = tmp_path / f"model{DATA}"
    content = data.read_bytes()
    data.write_bytes(content[: cut if cut >= 0 else len(content) + cut])
    with pytest.raises(tf.errors.OutOfRangeError, match=f"model{DATA}.*truncated"):
        saver.restore(session, prefix)
