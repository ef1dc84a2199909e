"""A save killed at a random moment always leaves the last complete checkpoint loadable."""

import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import tinytf as tf

SIZES = {"big/kernel": (300, 500), "big/bias": (500,), "small": (3,)}

# Saves forever, each checkpoint filled with its step number; says "ready" after the first.
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
        saver.save(session, sys.argv[1] + "/model.ckpt", global_step=step)
        if session.run(step) == 1:
            print("ready", flush=True)
"""


def run_child_and_kill_it(directory, rng):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(directory)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.15))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()


@pytest.mark.slow
def test_killed_saves_leave_the_last_checkpoint_loadable(tmp_path):
    variables = {name: tf.Variable(np.full(shape, -1, np.float32), name=name)
                 for name, shape in SIZES.items()}
    step = tf.Variable(np.int64(-1), name="global_step")
    saver = tf.train.Saver()
    rng = random.Random(0)
    steps_seen = []
    interrupted_writes = 0
    with tf.Session() as session:
        for trial in range(50):
            directory = tmp_path / f"trial_{trial}"
            directory.mkdir()
            run_child_and_kill_it(directory, rng)
            latest = tf.train.latest_checkpoint(str(directory))
            assert latest is not None, sorted(p.name for p in directory.iterdir())
            saver.restore(session, latest)
            saved_step = session.run(step)
            assert latest.endswith(f"model.ckpt-{saved_step}")
            for name, variable in variables.items():
                np.testing.assert_array_equal(session.run(variable),
                                              np.full(SIZES[name], saved_step), err_msg=name)
            steps_seen.append(int(saved_step))
            interrupted_writes += any(".tempstate" in path.name for path in directory.iterdir())
    # The kills landed at many different moments, often in the middle of writing a file.
    assert len(set(steps_seen)) > 5
    assert interrupted_writes >= 10
