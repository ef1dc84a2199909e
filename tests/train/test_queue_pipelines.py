"""Queue input pipelines: producers, batching, QueueRunner threads and the Coordinator."""

import threading

import numpy as np
import pytest

import tinytf as tf


def run_pipeline(fetches, limit=100):
    """Every value `fetches` gives until the input ends (OutOfRangeError)."""
    seen = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while not coord.should_stop() and len(seen) < limit:
                seen.append(sess.run(fetches))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
        coord.join(threads)
    return seen


def test_slice_input_producer_and_batch_give_every_row_num_epochs_times():
    features = np.arange(10, dtype=np.float32)
    x, y = tf.train.slice_input_producer([features, features * 2], num_epochs=2, shuffle=False)
    batch_x, batch_y = tf.train.batch([x, y], batch_size=4, allow_smaller_final_batch=True)
    assert batch_x.name == "batch:0" and batch_x.shape.as_list() == [None]
    batches = run_pipeline([batch_x, batch_y])
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), np.tile(features, 2))
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), np.tile(features, 2) * 2)
    assert [len(b[0]) for b in batches] == [4, 4, 4, 4, 4]
    assert len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)) == 2
    assert [v.name for v in tf.local_variables()] == [
        "input_producer/input_producer/limit_epochs/epochs:0"
    ]


def test_batch_without_smaller_final_batch_drops_the_remainder():
    value = tf.train.range_input_producer(10, num_epochs=1, shuffle=False).dequeue()
    batches = run_pipeline(tf.train.batch([value], batch_size=4))
    assert [b.tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_string_input_producer_shuffles_each_epoch():
    names = [f"file{i}" for i in range(8)]
    queue = tf.train.string_input_producer(names, num_epochs=3, shuffle=True, seed=1)
    assert queue.name == "input_producer"
    seen = run_pipeline(queue.dequeue())
    assert sorted(seen) == sorted([name.encode() for name in names] * 3)
    assert seen[:8] != [name.encode() for name in names]
    with pytest.raises(ValueError, match="non-null input tensor"):
        tf.train.string_input_producer([])


def test_shuffle_batch_mixes_examples_and_gives_each_once():
    value = tf.train.range_input_producer(50, num_epochs=1, shuffle=False).dequeue()
    batch = tf.train.shuffle_batch(
        [value],
        batch_size=10,
        capacity=30,
        min_after_dequeue=10,
        seed=2,
        allow_smaller_final_batch=True,
    )
    assert batch.name == "shuffle_batch:0"
    seen = np.concatenate(run_pipeline(batch))
    assert sorted(seen.tolist()) == list(range(50)) and seen.tolist() != list(range(50))
    with pytest.raises(ValueError, match="must be bigger than min_after_dequeue"):
        tf.train.shuffle_batch([value], batch_size=2, capacity=5, min_after_dequeue=5)


def test_batch_keeps_the_structure_of_a_dict_and_a_single_tensor():
    value = tf.train.range_input_producer(6, num_epochs=1, shuffle=False).dequeue()
    as_dict = tf.train.batch({"a": value, "b": value * 2}, batch_size=3)
    single = tf.train.batch([value], batch_size=3)
    assert set(as_dict) == {"a", "b"} and isinstance(single, tf.Tensor)
    pair = tf.train.batch([value, value], batch_size=3)
    assert isinstance(pair, list) and len(pair) == 2
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        tf.train.batch([tf.placeholder(tf.float32, [None])], batch_size=2)


def test_batch_join_and_shuffle_batch_join_read_every_source():
    first = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue()
    second = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue() + 10
    joined = tf.train.batch_join([[first], [second]], batch_size=2, allow_smaller_final_batch=True)
    seen = np.concatenate(run_pipeline(joined))
    assert sorted(seen.tolist()) == [0, 1, 2, 3, 10, 11, 12, 13]
    tf.reset_default_graph()
    first = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue()
    second = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue() + 10
    mixed = tf.train.shuffle_batch_join(
        [[first], [second]],
        batch_size=2,
        capacity=8,
        min_after_dequeue=2,
        allow_smaller_final_batch=True,
    )
    seen = np.concatenate(run_pipeline(mixed))
    assert sorted(seen.tolist()) == [0, 1, 2, 3, 10, 11, 12, 13]


def test_an_error_in_a_queue_runner_reaches_coord_join():
    values = tf.placeholder(tf.float32, [2])  # never fed: the enqueue fails
    queue = tf.FIFOQueue(4, tf.float32, shapes=[[2]])
    tf.train.add_queue_runner(tf.train.QueueRunner(queue, [queue.enqueue(values)]))
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert coord.wait_for_stop(10)
        with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value"):
            coord.join(threads)


def test_request_stop_ends_runners_blocked_on_a_full_queue():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    runner = tf.train.QueueRunner(queue, [queue.enqueue(1)] * 3)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = runner.create_threads(sess, coord=coord, start=True)
        assert len(threads) == 4  # three enqueuers and one that closes the queue on stop
        assert sess.run(queue.dequeue()) == 1
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=10)
        assert not any(thread.is_alive() for thread in threads)


def test_closing_the_session_ends_runner_threads():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    closed = (tf.errors.OutOfRangeError, tf.errors.CancelledError)
    runner = tf.train.QueueRunner(queue, [queue.enqueue(1)], queue_closed_exception_types=closed)
    sess = tf.Session()
    threads = runner.create_threads(sess, start=True, daemon=True)
    sess.close()
    for thread in threads:
        thread.join(5)
    assert not any(thread.is_alive() for thread in threads)


def test_coordinator_stop_on_exception_and_clean_stops():
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "done")
    assert coord.should_stop()
    coord.join([])
    coord.clear_stop()
    assert not coord.should_stop()

    def fail():
        with coord.stop_on_exception():
            raise RuntimeError("boom")

    thread = threading.Thread(target=fail)
    coord.register_thread(thread)
    thread.start()
    with pytest.raises(RuntimeError, match="boom"):
        coord.join()
    assert coord.joined


def test_start_queue_runners_needs_a_session():
    with pytest.raises(ValueError, match="No default session"):
        tf.train.start_queue_runners()
