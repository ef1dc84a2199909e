"""TFRecord framing, as event files use it: each record is its length (uint64), the masked
CRC32C of the length, the bytes, and the masked CRC32C of the bytes (all little-endian)."""

from __future__ import annotations

import struct


def frame(data: bytes) -> bytes:
    """One record: the bytes framed with their length and checksums."""
    # Imported here: tinytf.train imports this package's writer, so importing train at the
    # top would make `import tinytf.summary` (tf.summary's first use) a circular import.
    from tinytf.train.checkpoint_format import crc32c

    length = struct.pack("<Q", len(data))
    return b"".join(
        (
            length,
            struct.pack("<I", crc32c.mask(crc32c.value(length))),
            data,
            struct.pack("<I", crc32c.mask(crc32c.value(data))),
        )
    )


class RecordWriter:
    """Appends records to an open binary file."""

    def __init__(self, file):
        self._file = file

    def write(self, data: bytes) -> None:
        self._file.write(frame(data))

    def flush(self) -> None:
        self._file.flush()
