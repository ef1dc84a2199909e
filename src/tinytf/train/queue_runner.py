"""`tf.train.QueueRunner`: threads that run a queue's enqueue ops in a session.

Each enqueue op gets a thread looping `sess.run(enqueue_op)`: the runs block while the
queue is full. When the input ends (OutOfRangeError, e.g. an epoch limit) the last thread
closes the queue, so dequeues drain it and then raise OutOfRangeError. Any other error
stops the coordinator and reaches `coord.join()`. A stop request closes the queue with
its pending enqueues cancelled.
"""

from __future__ import annotations

import threading

from tinytf import logging
from tinytf.client.session import get_default_session
from tinytf.framework import errors
from tinytf.framework.graph import GraphKeys, add_to_collection, get_collection


class QueueRunner:
    """Holds a queue and the ops that fill it; `create_threads(sess, coord)` runs them."""

    def __init__(
        self,
        queue=None,
        enqueue_ops=None,
        close_op=None,
        cancel_op=None,
        queue_closed_exception_types=None,
        queue_runner_def=None,
        import_scope=None,
    ) -> None:
        if queue_runner_def is not None:
            raise NotImplementedError("tinytf cannot rebuild a QueueRunner from its proto")
        if queue is None or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (errors.OutOfRangeError,)
        elif not isinstance(queue_closed_exception_types, tuple) or not all(
            isinstance(kind, type) and issubclass(kind, errors.OpError)
            for kind in queue_closed_exception_types
        ):
            raise TypeError(
                "queue_closed_exception_types, when provided, must be a tuple of "
                f"tf.error types, but saw: {queue_closed_exception_types}"
            )
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = (
            cancel_op if cancel_op is not None else queue.close(cancel_pending_enqueues=True)
        )
        self._queue_closed_exception_types = queue_closed_exception_types
        self._lock = threading.Lock()
        self._runs_per_session: dict = {}
        self._exceptions_raised: list = []

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: self._enqueue_ops)
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)
    exceptions_raised = property(lambda self: self._exceptions_raised)
    name = property(lambda self: self._queue.name)

    def _run(self, sess, enqueue_op, coord) -> None:
        """Runs `enqueue_op` until the queue is closed or a stop is requested."""
        counted = True
        try:
            while not (coord and coord.should_stop()):
                try:
                    sess.run(enqueue_op)
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        counted = False
                        if self._runs_per_session[sess] == 0:
                            self._quietly(sess, self._close_op)
                    return
        except Exception as exc:  # noqa: BLE001 - handed to the coordinator, as TF does
            if coord is None:
                logging.error("Exception in QueueRunner: %s", exc)
                with self._lock:
                    self._exceptions_raised.append(exc)
                raise
            coord.request_stop(exc)
        finally:
            if counted:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, coord) -> None:
        coord.wait_for_stop()
        self._quietly(sess, self._cancel_op)

    @staticmethod
    def _quietly(sess, op) -> None:
        try:
            sess.run(op)
        except Exception as exc:  # noqa: BLE001 - a closed session or queue: nothing to do
            logging.vlog(1, "Ignored exception: %s", exc)

    def create_threads(self, sess, coord=None, daemon=False, start=False) -> list:
        """The threads running the enqueue ops in `sess` (and, with `coord`, one that
        closes the queue on a stop request); none while earlier ones still run."""
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [
            threading.Thread(target=self._run, args=(sess, op, coord), daemon=daemon)
            for op in self._enqueue_ops
        ]
        if coord is not None:
            threads.append(
                threading.Thread(target=self._close_on_stop, args=(sess, coord), daemon=daemon)
            )
        for thread in threads:
            if coord is not None:
                coord.register_thread(thread)
            if start:
                thread.start()
        return threads


def add_queue_runner(qr: QueueRunner, collection=GraphKeys.QUEUE_RUNNERS) -> None:
    """Adds `qr` to the graph's collection, where `start_queue_runners` finds it."""
    add_to_collection(collection, qr)


def start_queue_runners(
    sess=None, coord=None, daemon=True, start=True, collection=GraphKeys.QUEUE_RUNNERS
) -> list:
    """Starts the threads of every queue runner of the graph's collection in `sess` (the
    default session if None); returns them, for `coord.join(threads)`."""
    sess = sess if sess is not None else get_default_session()
    if sess is None:
        raise ValueError(
            "Cannot start queue runners: No default session is registered. Use "
            "`with sess.as_default()` or pass an explicit session to "
            "tf.start_queue_runners(sess=sess)"
        )
    with sess.graph.as_default():
        runners = get_collection(collection)
    threads = []
    for runner in runners:
        threads.extend(runner.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
