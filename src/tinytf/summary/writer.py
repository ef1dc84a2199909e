"""`tf.summary.FileWriter`: summaries and graphs appended to a TensorBoard event file.

Events are Event protobufs, tinytf's own encoding, framed as TFRecords: no tensorboard
package is needed to write them, only to view them. Unlike TensorFlow, which writes from a
background thread, a FileWriter writes on the caller's thread; it flushes every `max_queue`
events, on the first event `flush_secs` after the last flush, and on `flush()` and `close()`.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
import weakref

import numpy as np

from tinytf.framework import graph as graph_module
from tinytf.framework.graph_def import proto
from tinytf.summary.record_writer import RecordWriter

_file_numbers = itertools.count()


class FileWriter:
    """Writes summaries, the graph and session logs to an event file in `logdir`.

    `FileWriter(logdir, sess.graph)` also writes the graph, for TensorBoard's graph
    dashboard. As in TensorFlow, events added after `close()` are dropped until `reopen()`.
    """

    def __init__(
        self,
        logdir,
        graph=None,
        max_queue=10,
        flush_secs=120,
        graph_def=None,
        filename_suffix=None,
        session=None,
    ):
        self._logdir = os.fspath(logdir)
        self._max_queue = max_queue
        self._flush_secs = flush_secs
        self._filename_suffix = filename_suffix or ""
        self._lock = threading.Lock()
        self._seen_summary_tags: set[str] = set()
        self._used_run_metadata_tags: set[str] = set()
        self._file = self._record_writer = self._finalizer = None
        self.reopen()
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)

    def get_logdir(self) -> str:
        return self._logdir

    def add_summary(self, summary, global_step=None) -> None:
        """Adds a Summary: the bytes a summary op returns, or a Summary protobuf.

        As in TensorFlow, only the first summary of a tag keeps its plugin metadata.
        """
        summary_pb2 = proto("summary")
        if isinstance(summary, np.ndarray) and summary.shape == ():
            summary = summary.item()
        if isinstance(summary, bytes):
            summary = summary_pb2.Summary.FromString(summary)
        elif not isinstance(summary, summary_pb2.Summary):
            raise TypeError(
                "FileWriter.add_summary expects a Summary protobuf or the bytes "
                f"of one (what a summary op returns), not {type(summary).__name__}."
            )
        for value in summary.value:
            if value.HasField("metadata"):
                if value.tag in self._seen_summary_tags:
                    value.ClearField("metadata")
                self._seen_summary_tags.add(value.tag)
        self._add_event(proto("event").Event(summary=summary), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None) -> None:
        """Adds `graph` (a tinytf Graph or a GraphDef), with output shapes on its edges."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if isinstance(graph, graph_module.Graph):
            graph_def = graph.as_graph_def(add_shapes=True)
        elif graph is not None:
            graph_def = graph
        if not hasattr(graph_def, "SerializeToString"):
            raise TypeError(
                "FileWriter.add_graph expects a tf.Graph or a GraphDef, not "
                f"{type(graph_def).__name__}."
            )
        event = proto("event").Event(graph_def=graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None) -> None:
        """Adds a MetaGraphDef (`tf.train.export_meta_graph()`), as TensorBoard reads it."""
        if not hasattr(meta_graph_def, "SerializeToString"):
            raise TypeError(
                f"meta_graph_def must be type MetaGraphDef, saw type: {type(meta_graph_def)}"
            )
        event = proto("event").Event(meta_graph_def=meta_graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None) -> None:
        """Accepted and ignored: tinytf records no per-op timings or memory (RunMetadata)."""
        if tag in self._used_run_metadata_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._used_run_metadata_tags.add(tag)

    def add_session_log(self, session_log, global_step=None) -> None:
        """Adds a SessionLog protobuf (e.g. status START after a restart)."""
        self._add_event(proto("event").Event(session_log=session_log), global_step)

    def add_event(self, event) -> None:
        """Adds an Event protobuf as it is."""
        with self._lock:
            if self._record_writer is None:
                return
            self._record_writer.write(event.SerializeToString())
            self._pending += 1
            if (
                self._pending >= self._max_queue
                or time.monotonic() - self._last_flush >= self._flush_secs
            ):
                self._flush_locked()

    def _add_event(self, event, step) -> None:
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def flush(self) -> None:
        """Writes pending events to disk."""
        with self._lock:
            if self._record_writer is not None:
                self._flush_locked()

    def _flush_locked(self) -> None:
        self._record_writer.flush()
        self._pending = 0
        self._last_flush = time.monotonic()

    def close(self) -> None:
        """Flushes and closes the event file; `reopen()` starts a new one."""
        with self._lock:
            if self._record_writer is not None:
                self._finalizer()
                self._record_writer = None

    def reopen(self) -> None:
        """Opens a new event file in the logdir (after `close()`); a no-op while open."""
        event_pb2 = proto("event")
        with self._lock:
            if self._record_writer is not None:
                return
            os.makedirs(self._logdir, exist_ok=True)
            file = open(self._new_file_name(), "wb")
            self._record_writer = RecordWriter(file)
            # Closing a file flushes it: events still pending at interpreter exit are kept.
            self._finalizer = weakref.finalize(self, file.close)
            self._pending, self._last_flush = 0, time.monotonic()
        version = event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2")
        self.add_event(version)
        self.flush()

    def _new_file_name(self) -> str:
        # TensorFlow's name, plus the process and a counter so that two writers opened in
        # the same second never write to the same file.
        seconds = int(time.time())
        return os.path.join(
            self._logdir,
            f"events.out.tfevents.{seconds:010d}."
            f"{socket.gethostname()}.{os.getpid()}.{next(_file_numbers)}"
            f"{self._filename_suffix}",
        )

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self.close()


class FileWriterCache:
    """One FileWriter per logdir, shared (writing the default graph when first made)."""

    _writers: dict[str, FileWriter] = {}
    _lock = threading.Lock()

    @staticmethod
    def get(logdir) -> FileWriter:
        logdir = os.fspath(logdir)
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._writers:
                FileWriterCache._writers[logdir] = FileWriter(
                    logdir, graph=graph_module.get_default_graph()
                )
            return FileWriterCache._writers[logdir]

    @staticmethod
    def clear() -> None:
        """Closes and forgets every cached writer."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._writers.values():
                writer.close()
            FileWriterCache._writers.clear()
