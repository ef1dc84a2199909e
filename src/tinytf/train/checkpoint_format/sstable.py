"""LevelDB's table format (an SSTable), as TensorFlow's table builder writes it.

A table is a run of data blocks, an empty metaindex block, an index block and a 48-byte
footer. A block stores sorted key/value entries whose keys share prefixes with the
previous key, restarting the sharing every `restart_interval` entries; its tail lists the
restart offsets. Each block is followed by a compression byte (always 0: none) and the
masked CRC-32C of the block and that byte. The index block maps a short separator key
>= each data block's last key to that block's (offset, size) handle.
"""

from __future__ import annotations

import struct

from tinytf.framework import errors
from tinytf.train.checkpoint_format import crc32c
from tinytf.train.checkpoint_format.protobuf_wire import WireError, decode_varint, encode_varint

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
_HANDLE_SPACE = 40  # two block handles of at most 20 bytes each, zero-padded
_TRAILER_SIZE = 5
_NO_COMPRESSION = 0
BLOCK_SIZE = 262144  # TensorFlow's table::Options default
RESTART_INTERVAL = 16


class _BlockBuilder:
    """Accumulates one block's prefix-compressed entries."""

    def __init__(self, restart_interval: int) -> None:
        self._restart_interval = restart_interval
        self._buffer = bytearray()
        self._restarts = [0]
        self._counter = 0
        self._last_key = b""

    def empty(self) -> bool:
        return not self._buffer

    def size_estimate(self) -> int:
        return len(self._buffer) + 4 * len(self._restarts) + 4

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self._counter < self._restart_interval:
            limit = min(len(key), len(self._last_key))
            while shared < limit and key[shared] == self._last_key[shared]:
                shared += 1
        else:
            self._restarts.append(len(self._buffer))
            self._counter = 0
        self._buffer += encode_varint(shared) + encode_varint(len(key) - shared)
        self._buffer += encode_varint(len(value)) + key[shared:] + value
        self._last_key = key
        self._counter += 1

    def finish(self) -> bytes:
        tail = struct.pack(f"<{len(self._restarts) + 1}I", *self._restarts, len(self._restarts))
        return bytes(self._buffer) + tail


def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    """A short key k with start <= k < limit (TensorFlow's table_builder rule)."""
    common = 0
    while common < min(len(start), len(limit)) and start[common] == limit[common]:
        common += 1
    if common < min(len(start), len(limit)):
        byte = start[common]
        if byte < 0xFF and byte + 1 < limit[common]:
            return start[:common] + bytes([byte + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    """A short key >= `key`: its first non-0xff byte incremented, the rest dropped."""
    for index, byte in enumerate(key):
        if byte != 0xFF:
            return key[:index] + bytes([byte + 1])
    return key


class TableBuilder:
    """Builds a table's bytes from entries added in strictly increasing key order."""

    def __init__(
        self, block_size: int = BLOCK_SIZE, restart_interval: int = RESTART_INTERVAL
    ) -> None:
        self._block_size = block_size
        self._restart_interval = restart_interval
        self._output = bytearray()
        self._data_block = _BlockBuilder(restart_interval)
        self._index_block = _BlockBuilder(1)
        self._last_key: bytes | None = None
        self._pending_handle: bytes | None = None

    def add(self, key: bytes, value: bytes) -> None:
        if self._last_key is not None:
            if key <= self._last_key:
                raise ValueError(f"table keys must increase: {key!r} after {self._last_key!r}")
            # An entry twice the block size gets a block of its own.
            if len(key) + len(value) >= 2 * self._block_size:
                self._flush()
        if self._pending_handle is not None:
            separator = _shortest_separator(self._last_key, key)
            self._index_block.add(separator, self._pending_handle)
            self._pending_handle = None
        self._last_key = key
        self._data_block.add(key, value)
        if self._data_block.size_estimate() >= self._block_size:
            self._flush()

    def _flush(self) -> None:
        if not self._data_block.empty():
            self._pending_handle = self._write_block(self._data_block)
            self._data_block = _BlockBuilder(self._restart_interval)

    def _write_block(self, block: _BlockBuilder) -> bytes:
        """Appends the block and its trailer; returns its encoded handle."""
        contents = block.finish() + bytes([_NO_COMPRESSION])
        handle = encode_varint(len(self._output)) + encode_varint(len(contents) - 1)
        self._output += contents + struct.pack("<I", crc32c.mask(crc32c.value(contents)))
        return handle

    def finish(self) -> bytes:
        """The whole table: data blocks, metaindex and index blocks, footer."""
        self._flush()
        metaindex_handle = self._write_block(_BlockBuilder(self._restart_interval))
        if self._pending_handle is not None:
            self._index_block.add(_short_successor(self._last_key), self._pending_handle)
            self._pending_handle = None
        index_handle = self._write_block(self._index_block)
        handles = metaindex_handle + index_handle
        self._output += handles + bytes(_HANDLE_SPACE - len(handles))
        self._output += struct.pack("<Q", MAGIC)
        return bytes(self._output)


def _data_loss(filename: str, detail: str) -> errors.DataLossError:
    return errors.DataLossError(
        None,
        None,
        f"Unable to read file ({filename}): {detail}. "
        "The checkpoint index is truncated or corrupted.",
    )


def _read_block(content: bytes, handle: bytes, filename: str) -> bytes:
    """The block a handle points to, after checking its trailer's CRC."""
    offset, position = decode_varint(handle, 0)
    size, position = decode_varint(handle, position)
    end = offset + size + _TRAILER_SIZE
    if end > len(content) - FOOTER_SIZE:
        raise _data_loss(filename, "truncated block read")
    stored = struct.unpack_from("<I", content, offset + size + 1)[0]
    if crc32c.unmask(stored) != crc32c.value(content[offset : offset + size + 1]):
        raise _data_loss(filename, "block checksum mismatch")
    if content[offset + size] != _NO_COMPRESSION:
        raise _data_loss(
            filename,
            f"block compression type {content[offset + size]} "
            "(tinytf reads uncompressed tables only)",
        )
    return content[offset : offset + size]


def _block_entries(block: bytes):
    """Yields the (key, value) entries of a block, undoing the prefix sharing."""
    if len(block) < 4:
        raise WireError("block too short")
    restart_count = struct.unpack_from("<I", block, len(block) - 4)[0]
    limit = len(block) - 4 * (restart_count + 1)
    if limit < 0:
        raise WireError("bad restart count")
    key = b""
    position = 0
    while position < limit:
        shared, position = decode_varint(block, position)
        unshared, position = decode_varint(block, position)
        value_length, position = decode_varint(block, position)
        value_start = position + unshared
        if shared > len(key) or value_start + value_length > limit:
            raise WireError("bad entry in block")
        key = key[:shared] + block[position:value_start]
        position = value_start + value_length
        yield key, block[value_start:position]


def read_table(content: bytes, filename: str) -> list[tuple[bytes, bytes]]:
    """All entries of a table, in key order; DataLossError naming `filename` if damaged."""
    if len(content) < FOOTER_SIZE:
        raise _data_loss(filename, f"file too short ({len(content)} bytes) to be an sstable")
    if struct.unpack_from("<Q", content, len(content) - 8)[0] != MAGIC:
        raise _data_loss(filename, "not an sstable (bad magic number)")
    footer = content[len(content) - FOOTER_SIZE :]
    try:
        # The footer holds the metaindex handle (two varints), then the index handle.
        metaindex_size_start = decode_varint(footer, 0)[1]
        index_handle_start = decode_varint(footer, metaindex_size_start)[1]
        index = _read_block(content, footer[index_handle_start:], filename)
        entries: list[tuple[bytes, bytes]] = []
        for _, handle in _block_entries(index):
            entries.extend(_block_entries(_read_block(content, handle, filename)))
    except WireError as exc:
        raise _data_loss(filename, str(exc)) from None
    for (previous, _), (key, _) in zip(entries, entries[1:], strict=False):
        if key <= previous:
            raise _data_loss(filename, "keys out of order")
    return entries
