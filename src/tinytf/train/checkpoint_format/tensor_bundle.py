"""Tensor bundles: TensorFlow's V2 checkpoint files `prefix.index` and `prefix.data-*`.

The data file holds each tensor's raw little-endian bytes back to back (string tensors:
varint lengths, a masked CRC of the lengths, then the bytes). The index is an SSTable whose
first entry (key "") is a BundleHeaderProto and whose other entries map each tensor's name
to a BundleEntryProto: dtype, shape, shard, offset, size and masked CRC-32C of its bytes.
"""

from __future__ import annotations

import dataclasses
import math
import os
import struct

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.train.checkpoint_format import crc32c, sstable
from tinytf.train.checkpoint_format.atomic_file import AtomicFile, write_atomically
from tinytf.train.checkpoint_format.protobuf_wire import (
    BundleEntry,
    BundleHeader,
    WireError,
    decode_varint,
    encode_varint,
)

_FORMAT_VERSION = 1  # kTensorBundleVersion: what this code writes and can read
_LITTLE_ENDIAN, _BIG_ENDIAN = 0, 1
_COPY_CHUNK = 1 << 24


def data_filename(prefix: str, shard: int = 0, num_shards: int = 1) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


def index_filename(prefix: str) -> str:
    return f"{prefix}.index"


def _string_bytes(array: np.ndarray) -> list[bytes]:
    return [
        item.encode("utf-8") if isinstance(item, str) else bytes(item) for item in array.reshape(-1)
    ]


def _encode_strings(array: np.ndarray) -> tuple[bytes, int]:
    """A string tensor's bytes in the data file, and the CRC TensorFlow stores for them."""
    items = _string_bytes(array)
    lengths = b"".join(encode_varint(len(item)) for item in items)
    # The CRC covers each length as a fixed-width integer, not as its varint bytes.
    length_words = b"".join(
        struct.pack("<I" if len(item) < 1 << 32 else "<Q", len(item)) for item in items
    )
    crc = crc32c.value(length_words)
    length_checksum = struct.pack("<I", crc32c.mask(crc))
    body = b"".join(items)
    crc = crc32c.extend(crc32c.extend(crc, length_checksum), body)
    return lengths + length_checksum + body, crc


def _decode_strings(raw: bytes, count: int, where: str) -> tuple[np.ndarray, int]:
    """The inverse of _encode_strings; DataLossError if the lengths' checksum fails."""
    try:
        lengths, position = [], 0
        for _ in range(count):
            length, position = decode_varint(raw, position)
            lengths.append(length)
    except WireError:
        raise errors.DataLossError(None, None, f"{where}: truncated string lengths") from None
    length_words = b"".join(struct.pack("<I" if n < 1 << 32 else "<Q", n) for n in lengths)
    crc = crc32c.value(length_words)
    length_checksum = raw[position : position + 4]
    if len(length_checksum) != 4 or crc32c.unmask(struct.unpack("<I", length_checksum)[0]) != crc:
        raise errors.DataLossError(None, None, f"{where}: the length checksum does not match")
    body = raw[position + 4 : position + 4 + sum(lengths)]
    if len(body) != sum(lengths):
        raise errors.DataLossError(None, None, f"{where}: string bytes are truncated")
    crc = crc32c.extend(crc32c.extend(crc, length_checksum), body)
    array = np.empty(count, dtype=object)
    start = 0
    for index, length in enumerate(lengths):
        array[index] = body[start : start + length]
        start += length
    return array, crc


def _dtype_of(array: np.ndarray) -> dtypes.DType:
    if array.dtype.kind in "OSU":
        return dtypes.string
    return dtypes.as_dtype(array.dtype.newbyteorder("="))


def referenced_region(prefix: str) -> tuple[int, int] | None:
    """The bytes [start, stop) of `prefix`'s data file that its index points at, or None when
    `prefix` holds no readable one-shard checkpoint with bytes to keep."""
    try:
        reader = BundleReader(prefix)
        data_size = os.path.getsize(data_filename(prefix))
    except (errors.OpError, OSError):
        return None
    stored = [entry for entry in reader.entries() if entry.size]
    if reader.num_shards != 1 or not stored:
        return None
    start = min(entry.offset for entry in stored)
    stop = max(entry.offset + entry.size for entry in stored)
    return (start, stop) if stop <= data_size else None


def payload_offset(kept: tuple[int, int] | None, size: int) -> int:
    """Where `size` new bytes go beside the `kept` region without overlapping it: before it
    if they fit, else right after it (TensorFlow packs tensors with no alignment)."""
    if kept is None or size <= kept[0]:
        return 0
    return kept[1]


class BundleWriter:
    """Writes one checkpoint: add() tensors, then finish(); abort() leaves no trace.

    finish() writes the data file, then the index, each to a temporary file renamed into
    place. When `prefix` already holds a checkpoint, the new data file carries the bytes the
    old index points at, at the same offsets, and the new tensors in a region beside them
    (TensorFlow reads offsets anywhere in the file). So between the two renames the old index
    still reads its checkpoint whole: saving to one prefix again and again, as TF 1.x programs
    do every epoch, never leaves an index without its data. With stable sizes the data file
    alternates between [new][old] and [old][new].
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        directory = os.path.dirname(prefix)
        if directory and not os.path.isdir(directory):
            os.mkdir(directory)  # one level, as TensorFlow's BundleWriter
        self._payloads: list[bytes] = []
        self._entries: dict[str, BundleEntry] = {}
        self._size = 0

    def add(self, key: str, value) -> None:
        """Takes a copy of a tensor (a NumPy array or anything np.asarray accepts) as `key`."""
        if not key:
            raise ValueError("The empty key is reserved for the bundle header.")
        if key in self._entries:
            raise errors.InvalidArgumentError(None, None, f"Adding duplicate key: {key}")
        array = np.asarray(value)
        dtype = _dtype_of(array)
        if dtype is dtypes.string:
            payload, crc = _encode_strings(array)
        else:
            payload = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
            crc = crc32c.value(payload)
        self._payloads.append(payload)
        # Offsets count from the start of the new payload until finish() places it.
        self._entries[key] = BundleEntry(
            dtype=dtype.as_datatype_enum,
            shape=tuple(int(d) for d in array.shape),
            offset=self._size,
            size=len(payload),
            crc32c=crc32c.mask(crc),
        )
        self._size += len(payload)

    def finish(self) -> None:
        """Commits the data file, then builds and commits the index."""
        kept = referenced_region(self.prefix)
        start = payload_offset(kept, self._size)
        self._write_data(kept, start)
        table = sstable.TableBuilder()
        table.add(b"", BundleHeader(num_shards=1, producer=_FORMAT_VERSION).encode())
        for key in sorted(self._entries, key=lambda name: name.encode("utf-8")):
            entry = self._entries[key]
            table.add(
                key.encode("utf-8"),
                dataclasses.replace(entry, offset=start + entry.offset).encode(),
            )
        write_atomically(index_filename(self.prefix), table.finish())

    def _write_data(self, kept: tuple[int, int] | None, start: int) -> None:
        path = data_filename(self.prefix)
        data = AtomicFile(path)
        try:
            if kept is not None:
                # Gaps left by seeking past the end read as zeros (holes where supported).
                data.seek(kept[0])
                _copy_range(path, kept, data)
            data.seek(start)
            for payload in self._payloads:
                data.write(payload)
            data.commit()
        except BaseException:
            data.discard()
            raise

    def abort(self) -> None:
        self._payloads.clear()

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if exc_type is not None:
            self.abort()


def _copy_range(path: str, region: tuple[int, int], destination: AtomicFile) -> None:
    """Copies bytes [start, stop) of the file `path` to `destination`, chunk by chunk."""
    position, stop = region
    with open(path, "rb") as source:
        source.seek(position)
        while position < stop:
            chunk = source.read(min(stop - position, _COPY_CHUNK))
            if not chunk:
                raise errors.DataLossError(
                    None,
                    None,
                    f"{path} shrank to {position} bytes while its checkpoint's "
                    f"bytes up to {stop} were being carried into the new data file",
                )
            destination.write(chunk)
            position += len(chunk)


def not_found(prefix: str) -> errors.NotFoundError:
    return errors.NotFoundError(
        None,
        None,
        "Unsuccessful TensorSliceReader constructor: "
        f"Failed to find any matching files for {prefix}",
    )


class BundleReader:
    """Reads a checkpoint's index at construction; tensors are read (and CRC-checked) on demand."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.index_path = index_filename(prefix)
        try:
            with open(self.index_path, "rb") as file:
                content = file.read()
        except (FileNotFoundError, NotADirectoryError):
            raise not_found(prefix) from None
        table = sstable.read_table(content, self.index_path)
        if not table or table[0][0] != b"":
            raise self._corrupt("failed to seek to header entry")
        try:
            header = BundleHeader.decode(table[0][1])
        except WireError:
            raise self._corrupt("unable to parse header") from None
        self._check_header(header)
        self._byte_order = ">" if header.endianness == _BIG_ENDIAN else "<"
        self.num_shards = header.num_shards
        self._entries: dict[str, BundleEntry] = {}
        for raw_key, raw_entry in table[1:]:
            key = raw_key.decode("utf-8", "surrogateescape")
            try:
                self._entries[key] = BundleEntry.decode(raw_entry)
            except WireError:
                raise self._corrupt(f"Entry for key {key} not parseable") from None

    def _corrupt(self, detail: str) -> errors.DataLossError:
        return errors.DataLossError(
            None,
            None,
            f"Unable to read file ({self.index_path}). Perhaps the file is corrupt ({detail})",
        )

    def _check_header(self, header: BundleHeader) -> None:
        if header.num_shards < 1:
            raise self._corrupt(f"bad shard count {header.num_shards}")
        if header.endianness not in (_LITTLE_ENDIAN, _BIG_ENDIAN):
            raise self._corrupt(f"unknown byte order {header.endianness}")
        if header.min_consumer > _FORMAT_VERSION or _FORMAT_VERSION in header.bad_consumers:
            raise errors.InvalidArgumentError(
                None,
                None,
                f"Checkpoint min consumer version {header.min_consumer} above "
                f"current version {_FORMAT_VERSION} for checkpoint {self.prefix}",
            )

    def keys(self) -> list[str]:
        """The names of the tensors stored whole (slices of partitioned tensors are hidden)."""
        return [key for key in self._entries if not key.startswith("\x00")]

    def entries(self) -> list[BundleEntry]:
        """Every entry of the index (slices of partitioned tensors included)."""
        return list(self._entries.values())

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def entry(self, key: str) -> BundleEntry:
        entry = self._entries.get(key)
        if entry is None:
            raise errors.NotFoundError(None, None, f"Key {key} not found in checkpoint")
        return entry

    def dtype(self, key: str) -> dtypes.DType:
        enum = self.entry(key).dtype
        try:
            return dtypes.as_dtype(enum)
        except TypeError:
            raise errors.UnimplementedError(
                None,
                None,
                f"Tensor {key} in checkpoint {self.prefix} has DataType "
                f"{enum}, which tinytf does not support",
            ) from None

    def shape(self, key: str) -> tuple[int, ...]:
        return self.entry(key).shape

    def read(self, keys) -> dict[str, np.ndarray]:
        """The tensors named by `keys`, each checked against its stored size and CRC."""
        wanted = {key: self.entry(key) for key in keys}
        values = {}
        by_shard: dict[int, list[str]] = {}
        for key, entry in wanted.items():
            if entry.slice_count:
                raise errors.UnimplementedError(
                    None,
                    None,
                    f"Tensor {key} in checkpoint {self.prefix} is partitioned "
                    "into slices; tinytf reads whole tensors only",
                )
            if not 0 <= entry.shard_id < self.num_shards:
                raise self._corrupt(f"tensor {key} names shard {entry.shard_id}")
            by_shard.setdefault(entry.shard_id, []).append(key)
        for shard, shard_keys in sorted(by_shard.items()):
            path = data_filename(self.prefix, shard, self.num_shards)
            try:
                file = open(path, "rb")
            except FileNotFoundError:
                raise errors.NotFoundError(
                    None,
                    None,
                    f"{path}: No such file or directory (the data file of "
                    f"checkpoint {self.prefix})",
                ) from None
            with file:
                for key in shard_keys:
                    values[key] = self._read_one(file, path, key, wanted[key])
        return {key: values[key] for key in wanted}

    def _read_one(self, file, path: str, key: str, entry: BundleEntry) -> np.ndarray:
        dtype = self.dtype(key)
        count = math.prod(entry.shape)
        where = f"Checkpoint {self.prefix}, tensor {key} ({path})"
        if dtype is not dtypes.string:
            expected = count * np.dtype(dtype.as_numpy_dtype).itemsize
            if entry.size != expected:
                raise errors.DataLossError(
                    None,
                    None,
                    f"Invalid size in bundle entry: key {key}; stored size "
                    f"{entry.size}; expected size {expected} ({self.index_path})",
                )
        file.seek(entry.offset)
        raw = file.read(entry.size)
        if len(raw) != entry.size:
            # TensorFlow's RestoreV2 raises OutOfRangeError here ("Read less bytes...").
            raise errors.OutOfRangeError(
                None,
                None,
                f"{where}: Read less bytes than requested: the data file is truncated: "
                f"{len(raw)} of {entry.size} bytes at offset {entry.offset}",
            )
        if dtype is dtypes.string:
            flat, crc = _decode_strings(raw, count, where)
        else:
            crc = crc32c.value(raw)
            stored = np.dtype(dtype.as_numpy_dtype).newbyteorder(self._byte_order)
            flat = np.frombuffer(raw, dtype=stored).astype(dtype.as_numpy_dtype)
        if crc != crc32c.unmask(entry.crc32c):
            raise errors.DataLossError(
                None,
                None,
                f"{where}: Checksum does not match: stored "
                f"{crc32c.unmask(entry.crc32c):08d} vs. calculated on the restored bytes {crc}",
            )
        return flat.reshape(entry.shape)
