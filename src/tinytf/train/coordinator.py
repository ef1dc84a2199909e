"""`tf.train.Coordinator`: lets threads stop together and report an exception to `join()`."""

from __future__ import annotations

import contextlib
import sys
import threading
import time

from tinytf import logging
from tinytf.framework import errors


class Coordinator:
    """Threads poll `should_stop()`; any of them calls `request_stop()` (with the
    exception that stopped it, if any); the main thread's `join()` waits for all and
    re-raises that exception. OutOfRangeError (the end of the input) stops cleanly."""

    def __init__(self, clean_stop_exception_types=None) -> None:
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads: set = set()

    def _filter_exception(self, exc_info):
        return None if issubclass(exc_info[0], self._clean_stop_exception_types) else exc_info

    def request_stop(self, ex=None) -> None:
        """Asks every thread to stop. The first request's `ex` (an exception or exc_info
        triple) is re-raised by `join()`, unless it is a clean-stop type: errors raised
        by threads cut short by the stop itself are not reported."""
        with self._lock:
            if ex is not None:
                exc_info = ex if isinstance(ex, tuple) else (type(ex), ex, ex.__traceback__)
                exc_info = self._filter_exception(exc_info)
                if exc_info is not None and self._joined:
                    raise exc_info[1]
                if exc_info is not None and not self._stop_event.is_set():
                    logging.info("Error reported to Coordinator: %s", exc_info[1])
                    self._exc_info_to_raise = exc_info
            self._stop_event.set()

    def clear_stop(self) -> None:
        """Clears the stop request (and a reported exception), to start threads again."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            self._stop_event.clear()

    def should_stop(self) -> bool:
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context that reports an exception raised inside it with `request_stop`."""
        try:
            yield
        except Exception:  # noqa: BLE001 - reported to the coordinator, re-raised by join()
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None) -> bool:
        """Waits until a stop is requested (or `timeout` seconds): whether one was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread) -> None:
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False) -> None:
        """Waits for a stop request, then for `threads` (and the registered threads) to
        finish; re-raises the exception passed to `request_stop`. Threads still running
        `stop_grace_period_secs` after the request raise RuntimeError."""
        with self._lock:
            threads = set(self._registered_threads) | set(threads or ())
        while any(thread.is_alive() for thread in threads) and not self.wait_for_stop(1.0):
            pass
        deadline = time.monotonic() + stop_grace_period_secs
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stragglers = [thread.name for thread in threads if thread.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise is not None:
                raise self._exc_info_to_raise[1].with_traceback(self._exc_info_to_raise[2])
        if stragglers:
            if ignore_live_threads:
                logging.info("Coordinator stopped with threads still running: %s", stragglers)
            else:
                raise RuntimeError(
                    f"Coordinator stopped with threads still running: {' '.join(stragglers)}"
                )

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self) -> None:
        """Re-raises the exception passed to `request_stop`, if any."""
        with self._lock:
            if self._exc_info_to_raise is not None:
                raise self._exc_info_to_raise[1].with_traceback(self._exc_info_to_raise[2])
