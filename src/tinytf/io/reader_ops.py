"""TF 1.x readers (`tf.TextLineReader`, `tf.WholeFileReader`, `tf.TFRecordReader`) and
`tf.read_file` / `tf.write_file`.

A reader op produces a handle to the reader's position in the running session: the file
it is reading (a work unit, taken from a queue of file names) and how far it got. Each
`read` returns the next record and its key ("file:line" for text, "file:offset" for
TFRecords, the file name for whole files), taking the next file from the queue when one
ends; once the queue is closed and empty it raises OutOfRangeError.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.io import tf_record
from tinytf.ops.constant_op import convert_to_tensor

_READERS = ("TextLineReaderV2", "WholeFileReaderV2", "TFRecordReaderV2")
_creating = threading.Lock()


def _open(path: bytes, op) -> bytes:
    try:
        with open(os.fsdecode(path), "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise errors.NotFoundError(
            None, op, f"{os.fsdecode(path)}; No such file or directory"
        ) from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(
            None, op, f"{os.fsdecode(path)}; Is a directory"
        ) from None


class ReaderState:
    """Where one reader is in one session: its current file's records, and counts."""

    def __init__(self, op) -> None:
        self.type = op.type
        self.skip_header_lines = op._attrs.get("skip_header_lines", 0)
        self.compression = op._attrs.get("compression_type", "")
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.records = None
        self.produced = 0
        self.completed = 0

    def _records(self, path: bytes, op):
        """Yields (key, value) for each record of the file at `path`."""
        if self.type == "WholeFileReaderV2":
            yield path, _open(path, op)
        elif self.type == "TFRecordReaderV2":
            try:
                for offset, record in tf_record.records(os.fsdecode(path), self.compression):
                    yield path + b":%d" % offset, record
            except errors.OpError as error:
                raise type(error)(None, op, error.message) from None
        else:
            lines = _open(path, op).split(b"\n")
            if lines[-1] == b"":
                lines.pop()
            for number, line in enumerate(lines, start=1):
                if number > self.skip_header_lines:
                    yield path + b":%d" % number, line[:-1] if line.endswith(b"\r") else line

    def read(self, queue, count: int, op) -> list[tuple]:
        """Up to `count` records (at least one): fewer when a file ends after some."""
        found = []
        with self.lock:
            while len(found) < count:
                if self.records is None:
                    if found:
                        break
                    (row,) = queue.take(1, op)
                    self.records = self._records(np.asarray(row[0]).item(), op)
                record = next(self.records, None)
                if record is None:
                    self.records = None
                    self.completed += 1
                    if found:
                        break
                    continue
                found.append(record)
                self.produced += 1
        return found


def _handle_infer(inputs, attrs):
    return dtypes.resource, TensorShape([])


def _reader_kernel(op, session):
    cell = session.variable_cell(op)

    def handle():
        if cell.value is None:
            with _creating:
                if cell.value is None:
                    cell.value = ReaderState(op)
        return cell.value

    return handle


for _reader_type in _READERS:
    register_op(_reader_type, infer=_handle_infer, bind=True, stateful=True)(_reader_kernel)


def _strings(values) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@register_op(
    "ReaderReadV2",
    infer=lambda inputs, attrs: [(dtypes.string, TensorShape([]))] * 2,
    bind=True,
    stateful=True,
)
def _read_kernel(op, session):
    def read(reader, queue):
        ((key, value),) = reader.read(queue, 1, op)
        return np.array(key, dtype=object), np.array(value, dtype=object)

    return read


@register_op(
    "ReaderReadUpToV2",
    infer=lambda inputs, attrs: [(dtypes.string, TensorShape([None]))] * 2,
    bind=True,
    stateful=True,
)
def _read_up_to_kernel(op, session):
    def read_up_to(reader, queue, count):
        found = reader.read(queue, int(count), op)
        return _strings([key for key, _ in found]), _strings([value for _, value in found])

    return read_up_to


_COUNT = (dtypes.int64, TensorShape([]))


@register_op("ReaderNumRecordsProducedV2", infer=lambda inputs, attrs: _COUNT, stateful=True)
def _records_produced_kernel(reader):
    return np.array(reader.produced, np.int64)


@register_op("ReaderNumWorkUnitsCompletedV2", infer=lambda inputs, attrs: _COUNT, stateful=True)
def _work_units_completed_kernel(reader):
    return np.array(reader.completed, np.int64)


@register_op("ReaderResetV2", infer=lambda inputs, attrs: [], stateful=True)
def _reset_kernel(reader):
    with reader.lock:
        reader.reset()


@register_op("ReadFile", infer=lambda inputs, attrs: (dtypes.string, TensorShape([])), bind=True)
def _read_file_kernel(op, session):
    return lambda filename: np.array(_open(np.asarray(filename).item(), op), dtype=object)


@register_op("WriteFile", infer=lambda inputs, attrs: [], bind=True, stateful=True)
def _write_file_kernel(op, session):
    def write_file(filename, contents):
        path = os.fsdecode(np.asarray(filename).item())
        try:
            with open(path, "wb") as file:
                file.write(np.asarray(contents).item())
        except FileNotFoundError:
            raise errors.NotFoundError(None, op, f"{path}; No such file or directory") from None

    return write_file


for _op_type in (
    *_READERS,
    "ReaderReadV2",
    "ReaderReadUpToV2",
    "ReaderNumRecordsProducedV2",
    "ReaderNumWorkUnitsCompletedV2",
    "ReaderResetV2",
    "ReadFile",
    "WriteFile",
):
    NotDifferentiable(_op_type)


def _queue_ref(queue) -> Tensor:
    return queue if isinstance(queue, Tensor) else queue.queue_ref


class ReaderBase:
    """A reader of records: `read(queue)` gives the next (key, value) string tensors,
    taking file names from `queue` (e.g. `tf.train.string_input_producer`'s)."""

    def __init__(self, reader_ref: Tensor, supports_serialize: bool = False) -> None:
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    reader_ref = property(lambda self: self._reader_ref)
    supports_serialize = property(lambda self: self._supports_serialize)

    def _op(self, op_type: str, inputs, name):
        graph = self._reader_ref.graph
        return graph.create_op(op_type, [self._reader_ref, *inputs], {}, name=name or op_type)

    def read(self, queue, name=None) -> tuple:
        """The next record: (key, value), scalar strings."""
        return tuple(self._op("ReaderReadV2", [_queue_ref(queue)], name).outputs)

    def read_up_to(self, queue, num_records, name=None) -> tuple:
        """Up to `num_records` records: (keys, values), string vectors."""
        with name_scope(name, "ReaderReadUpToV2", [self._reader_ref]) as scope:
            count = convert_to_tensor(num_records, dtype=dtypes.int64, name="num_records")
            return tuple(self._op("ReaderReadUpToV2", [_queue_ref(queue), count], scope).outputs)

    def num_records_produced(self, name=None) -> Tensor:
        return self._op("ReaderNumRecordsProducedV2", [], name).outputs[0]

    def num_work_units_completed(self, name=None) -> Tensor:
        return self._op("ReaderNumWorkUnitsCompletedV2", [], name).outputs[0]

    def reset(self, name=None):
        """An op forgetting the reader's file and counts."""
        return self._op("ReaderResetV2", [], name)

    def serialize_state(self, name=None):
        raise NotImplementedError("tinytf readers do not serialize their state")

    def restore_state(self, state, name=None):
        raise NotImplementedError("tinytf readers do not serialize their state")


def _reader_ref(op_type: str, name, **attrs) -> Tensor:
    attrs = {"container": "", "shared_name": "", **attrs}
    return get_default_graph().create_op(op_type, [], attrs, name=name or op_type).outputs[0]


class TextLineReader(ReaderBase):
    """Reads lines (without "\\n" or "\\r\\n"), keyed "file:line number" (from 1), after
    `skip_header_lines` lines of each file."""

    def __init__(self, skip_header_lines=None, name=None) -> None:
        ref = _reader_ref("TextLineReaderV2", name, skip_header_lines=int(skip_header_lines or 0))
        super().__init__(ref)


class WholeFileReader(ReaderBase):
    """Reads each file whole: the key is its name, the value its contents."""

    def __init__(self, name=None) -> None:
        super().__init__(_reader_ref("WholeFileReaderV2", name), supports_serialize=True)


class TFRecordReader(ReaderBase):
    """Reads the records of TFRecord files, keyed "file:byte offset"."""

    def __init__(self, name=None, options=None) -> None:
        compression = tf_record.TFRecordOptions.get_compression_type_string(options)
        super().__init__(_reader_ref("TFRecordReaderV2", name, compression_type=compression))


def read_file(filename, name=None) -> Tensor:
    """The contents of the file `filename` (NotFoundError when there is none)."""
    filename = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
    return (
        get_default_graph()
        .create_op("ReadFile", [filename], {}, name=name or "ReadFile")
        .outputs[0]
    )


def write_file(filename, contents, name=None):
    """An op writing the string `contents` to the file `filename`."""
    filename = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
    contents = convert_to_tensor(contents, dtype=dtypes.string, name="contents")
    return get_default_graph().create_op(
        "WriteFile", [filename, contents], {}, name=name or "WriteFile"
    )
