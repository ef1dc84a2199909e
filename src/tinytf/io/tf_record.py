"""TFRecord files: each record is its length, a masked CRC-32C of the length, the bytes,
and a masked CRC-32C of the bytes (TensorFlow's framing, which TensorFlow reads back).

`TFRecordWriter` and `tf_record_iterator` are `tf.python_io`'s (and `tf.io`'s); the
TFRecordReader op reads with `records` too. GZIP and ZLIB files are whole compressed
streams of the same framing, as TensorFlow writes them.
"""

from __future__ import annotations

import gzip
import struct
import zlib

from tinytf.framework import errors
from tinytf.train.checkpoint_format import crc32c


class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


_NAMES = {"": "", None: "", "ZLIB": "ZLIB", "GZIP": "GZIP", 0: "", 1: "ZLIB", 2: "GZIP"}


class TFRecordOptions:
    """How a TFRecord file is compressed: "" (none), "ZLIB" or "GZIP"."""

    compression_type_map = {0: "", 1: "ZLIB", 2: "GZIP"}

    def __init__(self, compression_type=None, **unused_zlib_settings) -> None:
        if compression_type not in _NAMES:
            raise ValueError(f"Unsupported compression type: {compression_type}")
        self.compression_type = _NAMES[compression_type]

    @classmethod
    def get_compression_type_string(cls, options) -> str:
        if options is None:
            return ""
        if isinstance(options, TFRecordOptions):
            return options.compression_type
        return TFRecordOptions(options).compression_type


def frame(record: bytes) -> bytes:
    """One record as it is stored."""
    length = struct.pack("<Q", len(record))
    return (
        length
        + struct.pack("<I", crc32c.mask(crc32c.value(length)))
        + record
        + struct.pack("<I", crc32c.mask(crc32c.value(record)))
    )


def _read_stream(path: str, compression: str) -> bytes:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    if compression == "GZIP":
        return gzip.decompress(data)
    if compression == "ZLIB":
        return zlib.decompress(data)
    return data


def records(path: str, compression: str = ""):
    """Yields (offset, record) for each record of the file, checking both CRCs: a
    corrupted or truncated record raises DataLossError naming the file and offset."""
    data = _read_stream(path, compression)
    offset = 0
    while offset < len(data):
        header = data[offset : offset + 12]
        if len(header) < 12:
            raise errors.DataLossError(None, None, f"truncated record at {offset} in {path}")
        (length,) = struct.unpack("<Q", header[:8])
        (length_crc,) = struct.unpack("<I", header[8:])
        if crc32c.mask(crc32c.value(header[:8])) != length_crc:
            raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}")
        body = data[offset + 12 : offset + 12 + length + 4]
        if len(body) < length + 4:
            raise errors.DataLossError(None, None, f"truncated record at {offset} in {path}")
        record = body[:length]
        (record_crc,) = struct.unpack("<I", body[length:])
        if crc32c.mask(crc32c.value(record)) != record_crc:
            raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}")
        yield offset, bytes(record)
        offset += 16 + length


def tf_record_iterator(path, options=None):
    """The records of a TFRecord file, as bytes."""
    compression = TFRecordOptions.get_compression_type_string(options)
    for _, record in records(path, compression):
        yield record


class TFRecordWriter:
    """Writes records (bytes) to a TFRecord file; use it as a context manager or close it."""

    def __init__(self, path, options=None) -> None:
        self._compression = TFRecordOptions.get_compression_type_string(options)
        try:
            self._file = open(path, "wb")
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
        if self._compression == "GZIP":
            self._stream = gzip.GzipFile(fileobj=self._file, mode="wb")
        else:
            self._stream = self._file
        self._zlib = zlib.compressobj() if self._compression == "ZLIB" else None

    def write(self, record) -> None:
        if isinstance(record, str):
            record = record.encode("utf-8")
        framed = frame(bytes(record))
        self._stream.write(self._zlib.compress(framed) if self._zlib else framed)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        if self._file.closed:
            return
        if self._zlib is not None:
            self._stream.write(self._zlib.flush())
        if self._stream is not self._file:
            self._stream.close()
        self._file.close()

    def __enter__(self) -> TFRecordWriter:
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self.close()
