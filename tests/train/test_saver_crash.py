"""A killed save always leaves the last complete checkpoint loadable.

Two tests: one kills the saving process at each step of the save protocol in turn (every
write, fsync, rename and delete: deterministic, it reaches every window), the other at
random moments (real kills that can land inside a system call).
"""

import os
import random
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import tinytf as tf
from tinytf.train.checkpoint_format.tensor_bundle import BundleReader

SIZES = {"big/kernel": (300, 500), "big/bias": (500,), "small": (3,)}
MODES = ["global_step", "same_prefix"]
TRIALS = 50  # random kills per mode

# Builds the model whose every variable holds the step number; argv[2] "global_step": a new
# prefix per save (model.ckpt-1, -2, ...); "same_prefix": every save to model.ckpt, as TF 1.x
# programs that save each epoch without a global_step.
MODEL = f"""
import sys
import numpy as np
import tinytf as tf

sizes = {SIZES!r}
variables = [tf.Variable(np.zeros(shape, np.float32), name=name) for name, shape in sizes.items()]
step = tf.Variable(0, dtype=tf.int64, name="global_step")
increment = tf.group(*[v.assign_add(tf.ones_like(v)) for v in variables], step.assign_add(1))
saver = tf.train.Saver(max_to_keep=2)
session = tf.Session()
session.run(tf.global_variables_initializer())

def save_next_step():
    session.run(increment)
    if sys.argv[2] == "global_step":
        saver.save(session, sys.argv[1] + "/model.ckpt", global_step=step)
    else:
        saver.save(session, sys.argv[1] + "/model.ckpt")
"""

# Saves forever and reports every finished save.
SAVE_FOREVER = (
    MODEL
    + """
while True:
    save_next_step()
    print("saved", session.run(step), flush=True)
"""
)

# Saves steps 1 and 2, then dies at the argv[3]-th file-system step of saving step 3: just
# before an fsync, a rename or a delete, or half-way through a write (the half flushed).
# Exits normally when the save has fewer steps.
KILLED_AT_STEP = (
    MODEL
    + """
import os
import signal
from tinytf.train.checkpoint_format import atomic_file

kill_at = int(sys.argv[3])
steps_taken = None  # counting starts with the third save


def maybe_die():
    global steps_taken
    if steps_taken is not None:
        if steps_taken == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        steps_taken += 1


def watched(function):
    def run_unless_killed(*args, **kwargs):
        maybe_die()
        return function(*args, **kwargs)
    return run_unless_killed


for name in ("fsync", "replace", "remove"):
    setattr(os, name, watched(getattr(os, name)))
write_whole = atomic_file.AtomicFile.write


def write_in_two_halves(self, data):
    middle = len(data) // 2
    write_whole(self, data[:middle])
    self._file.flush()
    maybe_die()
    write_whole(self, data[middle:])


atomic_file.AtomicFile.write = write_in_two_halves
save_next_step()
save_next_step()
steps_taken = 0
save_next_step()
print("steps", steps_taken)
"""
)


def newer_bytes_beside_the_index(prefix, saved_step):
    """Whether the data file also holds the next step's values, which the index does not
    reference yet: the kill came between the data file's rename and the index's."""
    reader = BundleReader(prefix)
    payload = sum(entry.size for entry in reader.entries())
    with open(prefix + ".data-00000-of-00001", "rb") as file:
        content = file.read()
    if len(content) != 2 * payload:
        return False
    entry = reader.entry("small")
    other = entry.offset + payload if entry.offset < payload else entry.offset - payload
    values = np.frombuffer(content[other : other + entry.size], np.float32)
    return bool(np.all(values == saved_step + 1))


class CheckpointLoader:
    """Restores the latest checkpoint of a directory into a graph like the child's."""

    def __init__(self):
        self.variables = {
            name: tf.Variable(np.full(shape, -1, np.float32), name=name)
            for name, shape in SIZES.items()
        }
        self.step = tf.Variable(np.int64(-1), name="global_step")
        self.saver = tf.train.Saver()
        self.session = tf.Session()

    def restore_latest(self, directory, mode):
        """The step of the latest checkpoint, after checking its name and every value."""
        latest = tf.train.latest_checkpoint(str(directory))
        assert latest is not None, sorted(p.name for p in directory.iterdir())
        self.saver.restore(self.session, latest)
        saved_step = int(self.session.run(self.step))
        expected_name = "model.ckpt" if mode == "same_prefix" else f"model.ckpt-{saved_step}"
        assert os.path.basename(latest) == expected_name
        for name, variable in self.variables.items():
            np.testing.assert_array_equal(
                self.session.run(variable), np.full(SIZES[name], saved_step), err_msg=name
            )
        return saved_step, latest


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_a_save_killed_at_each_of_its_steps_leaves_the_last_checkpoint_loadable(tmp_path, mode):
    loader = CheckpointLoader()
    restored_steps = []
    temporary_files_left = kills_between_renames = 0
    for kill_at in range(200):
        directory = tmp_path / f"killed_at_{kill_at}"
        directory.mkdir()
        child = subprocess.run(
            [sys.executable, "-c", KILLED_AT_STEP, str(directory), mode, str(kill_at)],
            capture_output=True,
            text=True,
        )
        if child.returncode == 0:
            assert child.stdout.split() == ["steps", str(kill_at)]
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        saved_step, latest = loader.restore_latest(directory, mode)
        restored_steps.append(saved_step)
        temporary_files_left += any(".tempstate" in path.name for path in directory.iterdir())
        if mode == "same_prefix":
            kills_between_renames += newer_bytes_beside_the_index(latest, saved_step)
    else:
        pytest.fail("the third save was still running after 200 steps")
    # Killed early the save leaves step 2, killed late step 3, and never step 2 again after.
    assert restored_steps == sorted(restored_steps)
    assert set(restored_steps) == {2, 3}
    assert temporary_files_left >= 2  # the data file's and the index's
    if mode == "same_prefix":
        assert kills_between_renames >= 1


def run_child_and_kill_it(directory, mode, rng):
    """Kills a saving child at a random moment; returns the last step it reported saved."""
    child = subprocess.Popen(
        [sys.executable, "-c", SAVE_FOREVER, str(directory), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "saved 1", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.15))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        # The kill may cut the last report short: only whole lines count.
        reports = re.findall(r"saved (\d+)\n", child.stdout.read())
        child.stdout.close()
        child.stderr.close()
    return int(reports[-1]) if reports else 1


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_a_save_killed_at_random_moments_leaves_the_last_checkpoint_loadable(tmp_path, mode):
    loader = CheckpointLoader()
    rng = random.Random(0)
    for trial in range(TRIALS):
        directory = tmp_path / f"trial_{trial}"
        directory.mkdir()
        reported = run_child_and_kill_it(directory, mode, rng)
        saved_step, _ = loader.restore_latest(directory, mode)
        # The save under way when the kill came finished, or left the previous one.
        assert saved_step in (reported, reported + 1), (saved_step, reported)
