"""A save killed at a random moment always leaves the last complete checkpoint loadable."""

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
TRIALS = 50

# Saves forever, each checkpoint filled with its step number, and reports every finished save.
# argv[2] "global_step": a new prefix per save (model.ckpt-1, -2, ...); "same_prefix": every
# save to model.ckpt, as TF 1.x programs that save each epoch without a global_step.
CHILD = f"""
import sys
import numpy as np
import tinytf as tf

sizes = {SIZES!r}
variables = [tf.Variable(np.zeros(shape, np.float32), name=name) for name, shape in sizes.items()]
step = tf.Variable(0, dtype=tf.int64, name="global_step")
increment = tf.group(*[v.assign_add(tf.ones_like(v)) for v in variables], step.assign_add(1))
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    while True:
        session.run(increment)
        if sys.argv[2] == "global_step":
            saver.save(session, sys.argv[1] + "/model.ckpt", global_step=step)
        else:
            saver.save(session, sys.argv[1] + "/model.ckpt")
        print("saved", session.run(step), flush=True)
"""


def run_child_and_kill_it(directory, mode, rng):
    """Kills a saving child at a random moment; returns the last step it reported saved."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(directory), mode],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    values = np.frombuffer(content[other:other + entry.size], np.float32)
    return bool(np.all(values == saved_step + 1))


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["global_step", "same_prefix"])
def test_killed_saves_leave_the_last_checkpoint_loadable(tmp_path, mode):
    variables = {name: tf.Variable(np.full(shape, -1, np.float32), name=name)
                 for name, shape in SIZES.items()}
    step = tf.Variable(np.int64(-1), name="global_step")
    saver = tf.train.Saver()
    rng = random.Random(0)
    steps_seen = []
    interrupted_writes = kills_between_renames = 0
    with tf.Session() as session:
        for trial in range(TRIALS):
            directory = tmp_path / f"trial_{trial}"
            directory.mkdir()
            reported = run_child_and_kill_it(directory, mode, rng)
            latest = tf.train.latest_checkpoint(str(directory))
            assert latest is not None, sorted(p.name for p in directory.iterdir())
            saver.restore(session, latest)
            saved_step = session.run(step)
            # The save under way when the kill came finished, or left the previous one.
            assert saved_step in (reported, reported + 1), (saved_step, reported)
            expected_name = "model.ckpt" if mode == "same_prefix" else f"model.ckpt-{saved_step}"
            assert os.path.basename(latest) == expected_name
            for name, variable in variables.items():
                np.testing.assert_array_equal(session.run(variable),
                                              np.full(SIZES[name], saved_step), err_msg=name)
            steps_seen.append(int(saved_step))
            interrupted_writes += any(".tempstate" in path.name for path in directory.iterdir())
            if mode == "same_prefix":
                kills_between_renames += newer_bytes_beside_the_index(latest, saved_step)
    print(f"{mode}: steps {sorted(set(steps_seen))}, {interrupted_writes} kills mid-write, "
          f"{kills_between_renames} between a same-prefix save's data and index renames")
    # The kills landed at many different moments, often in the middle of writing a file.
    assert len(set(steps_seen)) > 5
    assert interrupted_writes >= 10
    if mode == "same_prefix":  # about one kill in ten lands in this window
        assert kills_between_renames >= 1
