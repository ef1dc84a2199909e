"""use_locking=True makes concurrent updates of one variable exact; the default stays
unlocked, as in TensorFlow (whose Assign op alone locks by default)."""

import threading

import numpy as np
import pytest

import tinytf as tf

THREADS, STEPS, SIZE = 4, 100, 1_000_000


def run_concurrently(session, fetch) -> None:
    """`THREADS` threads each running `fetch` `STEPS` times in `session`."""
    errors = []

    def worker():
        try:
            for _ in range(STEPS):
                session.run(fetch)
        except Exception as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.parametrize("kind", ["function", "method"])
def test_locked_assign_add_from_four_threads_is_exact(kind):
    counter = tf.Variable(tf.zeros([SIZE]), name="counter")
    ones = tf.ones([SIZE])
    if kind == "function":
        update = tf.assign_add(counter, ones, use_locking=True)
    else:
        update = counter.assign_add(ones, use_locking=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        run_concurrently(session, update.op)
        final = session.run(counter)
    np.testing.assert_array_equal(final, np.full(SIZE, THREADS * STEPS, np.float32))


def test_locked_assign_sub_from_four_threads_is_exact():
    counter = tf.Variable(tf.zeros([SIZE]), name="counter")
    update = tf.assign_sub(counter, tf.ones([SIZE]), use_locking=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        run_concurrently(session, update.op)
        assert (session.run(counter) == -THREADS * STEPS).all()


def test_use_locking_is_an_attribute_with_tensorflows_defaults():
    v = tf.Variable(1.0)
    assert tf.assign(v, 2.0).op.get_attr("use_locking") is True
    assert v.assign(2.0).op.get_attr("use_locking") is False
    assert tf.assign_add(v, 1.0).op.get_attr("use_locking") is False
    assert tf.assign_add(v, 1.0, use_locking=True).op.get_attr("use_locking") is True
    assert v.assign_sub(1.0, use_locking=True).op.get_attr("use_locking") is True


def test_an_unlocked_update_never_takes_the_lock():
    counter = tf.Variable(tf.zeros([3]), name="counter")
    unlocked = tf.assign_add(counter, tf.ones([3]))
    locked = tf.assign_add(counter, tf.ones([3]), use_locking=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        cell = session.variable_cell(counter.op)
        with cell.lock:  # held elsewhere: an unlocked update goes ahead anyway
            session.run(unlocked)
            blocked = threading.Thread(target=session.run, args=(locked,))
            blocked.start()
            blocked.join(timeout=0.2)
            assert blocked.is_alive()  # the locked one waits for the lock
        blocked.join()
        np.testing.assert_array_equal(session.run(counter), [2.0, 2.0, 2.0])


# With a constant gradient each update is the same function of the variable and its slots,
# so 400 locked updates from four threads must equal 400 made one after another.
OPTIMIZERS = {
    "gradient_descent": lambda: tf.train.GradientDescentOptimizer(0.5, use_locking=True),
    "momentum": lambda: tf.train.MomentumOptimizer(0.01, 0.9, use_locking=True),
    "nesterov": lambda: tf.train.MomentumOptimizer(0.01, 0.9, use_locking=True, use_nesterov=True),
    "adagrad": lambda: tf.train.AdagradOptimizer(0.1, use_locking=True),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0, use_locking=True),
    "rmsprop": lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, use_locking=True),
    "centered_rmsprop": lambda: tf.train.RMSPropOptimizer(
        0.01, momentum=0.5, centered=True, use_locking=True
    ),
}


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_locked_optimizer_updates_from_four_threads_are_exact(optimizer):
    size = 200_000
    weights = tf.Variable(tf.zeros([size]), name="weights")
    gradient = tf.constant(np.linspace(0.1, 1.0, size, dtype=np.float32))
    train = OPTIMIZERS[optimizer]().minimize(tf.reduce_sum(weights * gradient))
    init = tf.global_variables_initializer()
    with tf.Session() as serial:
        serial.run(init)
        for _ in range(THREADS * STEPS):
            serial.run(train)
        expected = serial.run(weights)
    with tf.Session() as session:
        session.run(init)
        run_concurrently(session, train)
        final = session.run(weights)
    np.testing.assert_array_equal(final, expected)
