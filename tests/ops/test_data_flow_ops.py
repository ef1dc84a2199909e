"""Queues (tf.FIFOQueue, tf.RandomShuffleQueue, tf.PaddingFIFOQueue): their elements live
in the session, shared by the threads that run its ops."""

import threading
import time

import numpy as np
import pytest

import tinytf as tf


def test_fifo_queue_keeps_order_and_builds_tensorflows_graph():
    queue = tf.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[], [2]])
    enqueue = queue.enqueue_many([[1, 2, 3], [[1, 2], [3, 4], [5, 6]]])
    pair = queue.dequeue_many(2)
    single = queue.dequeue()
    assert queue.name == "fifo_queue" and queue.queue_ref.dtype == tf.resource
    assert enqueue.name == "fifo_queue_EnqueueMany"
    assert [t.name for t in pair] == ["fifo_queue_DequeueMany:0", "fifo_queue_DequeueMany:1"]
    assert pair[1].shape.as_list() == [2, 2] and single[1].shape.as_list() == [2]
    with tf.Session() as sess:
        sess.run(enqueue)
        assert sess.run(queue.size()) == 3
        numbers, rows = sess.run(pair)
        np.testing.assert_array_equal(numbers, [1, 2])
        np.testing.assert_array_equal(rows, [[1, 2], [3, 4]])
        number, row = sess.run(single)
        assert number == 3 and row.tolist() == [5, 6]


def test_a_closed_queue_drains_then_raises_out_of_range():
    queue = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(queue.enqueue_many([[1, 2, 3]]))
        sess.run(queue.close())
        assert sess.run(queue.is_closed())
        with pytest.raises(
            tf.errors.CancelledError, match="FIFOQueue '_\\d+_fifo_queue' is closed"
        ):
            sess.run(queue.enqueue(4))
        with pytest.raises(tf.errors.OutOfRangeError, match=r"requested 5, current size 3"):
            sess.run(queue.dequeue_many(5))
        np.testing.assert_array_equal(sess.run(queue.dequeue_up_to(5)), [1, 2, 3])
        with pytest.raises(tf.errors.OutOfRangeError, match="insufficient elements"):
            sess.run(queue.dequeue())


def test_a_full_queue_blocks_the_enqueuing_thread_until_a_dequeue():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    enqueue = queue.enqueue_many([[1, 2, 3, 4]])
    dequeue = queue.dequeue()
    with tf.Session() as sess:
        thread = threading.Thread(target=sess.run, args=(enqueue,))
        thread.start()
        time.sleep(0.2)
        assert thread.is_alive() and sess.run(queue.size()) == 2
        assert [sess.run(dequeue) for _ in range(4)] == [1, 2, 3, 4]
        thread.join(5)
        assert not thread.is_alive()


def test_closing_the_session_cancels_a_blocked_dequeue():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    dequeue = queue.dequeue()
    failures = []
    sess = tf.Session()

    def wait():
        try:
            sess.run(dequeue)
        except tf.errors.CancelledError as error:
            failures.append(error)

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.2)
    sess.close()
    thread.join(5)
    assert not thread.is_alive() and len(failures) == 1


def test_two_sessions_have_two_queues():
    queue = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    enqueue = queue.enqueue(7)
    with tf.Session() as first, tf.Session() as second:
        first.run(enqueue)
        assert first.run(queue.size()) == 1 and second.run(queue.size()) == 0


def test_enqueue_checks_the_queue_shapes():
    queue = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
    values = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        with pytest.raises(
            tf.errors.InvalidArgumentError, match=r"component 0. Expected \[2\], got \[3\]"
        ):
            sess.run(queue.enqueue(values), {values: [1.0, 2.0, 3.0]})


def test_dequeue_many_needs_shapes():
    queue = tf.FIFOQueue(3, tf.float32)
    with tf.Session() as sess:
        sess.run(queue.enqueue(1.0))
        with pytest.raises(tf.errors.InvalidArgumentError, match="require the components"):
            sess.run(queue.dequeue_many(1))


def test_named_components_come_back_as_a_dict():
    queue = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], []], names=["n", "s"])
    enqueue = queue.enqueue({"n": 1, "s": "one"})
    with tf.Session() as sess:
        sess.run(enqueue)
        assert sess.run(queue.dequeue()) == {"n": 1, "s": b"one"}
    with pytest.raises(ValueError, match="do not match names"):
        queue.enqueue({"n": 1})


def test_random_shuffle_queue_keeps_min_after_dequeue_until_closed():
    queue = tf.RandomShuffleQueue(20, 5, tf.int32, shapes=[[]], seed=3)
    enqueue = queue.enqueue_many([np.arange(10)])
    with tf.Session() as sess:
        sess.run(enqueue)
        first = sess.run(queue.dequeue_many(5)).tolist()
        assert sess.run(queue.size()) == 5
        sess.run(queue.close())
        rest = sess.run(queue.dequeue_up_to(10)).tolist()
    assert sorted(first + rest) == list(range(10))
    assert first + rest != list(range(10))


def test_random_shuffle_queue_order_repeats_with_a_seed():
    orders = []
    for _ in range(2):
        tf.reset_default_graph()
        tf.set_random_seed(1)
        queue = tf.RandomShuffleQueue(20, 0, tf.int32, shapes=[[]])
        with tf.Session() as sess:
            sess.run(queue.enqueue_many([np.arange(10)]))
            orders.append(sess.run(queue.dequeue_many(10)).tolist())
    assert orders[0] == orders[1]


def test_padding_fifo_queue_pads_each_batch_to_its_largest_element():
    queue = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None], [None]])
    values = tf.placeholder(tf.int32, [None])
    words = tf.placeholder(tf.string, [None])
    enqueue = queue.enqueue([values, words])
    with tf.Session() as sess:
        sess.run(enqueue, {values: [1, 2, 3], words: ["a"]})
        sess.run(enqueue, {values: [4], words: ["b", "c"]})
        numbers, strings = sess.run(queue.dequeue_many(2))
    np.testing.assert_array_equal(numbers, [[1, 2, 3], [4, 0, 0]])
    assert strings.tolist() == [[b"a", b""], [b"b", b"c"]]


def test_count_up_to_counts_and_stops_at_its_limit():
    counter = tf.Variable(0, name="counter")
    step = tf.count_up_to(counter, 2)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        assert [sess.run(step), sess.run(step)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(step)
    with pytest.raises(TypeError):
        tf.count_up_to(tf.Variable(0.0), 2)
