"""A reader for the IDX files MNIST ships in (gzipped or raw), with checks on every field."""

from __future__ import annotations

import gzip
import math
import zlib
from pathlib import Path

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

# The third magic byte names the element type; MNIST uses only unsigned bytes.
_ELEMENT_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | Path, expected_magic: int) -> np.ndarray:
    """The array stored in an IDX file, as NumPy (uint8 for MNIST).

    Raises ValueError naming the file when it is not gzip/IDX, has another magic number
    than `expected_magic` (2051 for images, 2049 for labels), or is truncated.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise ValueError(f"{path} is truncated: {len(data)} bytes, too short for an IDX header")
    magic = int.from_bytes(data[:4], "big")
    if magic != expected_magic:
        raise ValueError(
            f"Invalid magic number {magic} in IDX file {path} (expected {expected_magic})"
        )
    if data[2] not in _ELEMENT_TYPES:
        raise ValueError(f"{path} has an unknown IDX element type 0x{data[2]:02x}")
    element_type = np.dtype(_ELEMENT_TYPES[data[2]])
    rank = data[3]
    header_bytes = 4 + 4 * rank
    if len(data) < header_bytes:
        raise ValueError(f"{path} is truncated inside its header ({len(data)} bytes)")
    shape = tuple(int.from_bytes(data[4 + 4 * axis : 8 + 4 * axis], "big") for axis in range(rank))
    # Python integers: NumPy's product of four 32-bit sizes could overflow to anything.
    expected_bytes = math.prod(shape) * element_type.itemsize
    actual_bytes = len(data) - header_bytes
    if actual_bytes < expected_bytes:
        raise ValueError(
            f"{path} is truncated: its header announces shape {shape} "
            f"({expected_bytes} bytes of data) but only {actual_bytes} follow"
        )
    if actual_bytes > expected_bytes:
        raise ValueError(
            f"{path} has {actual_bytes - expected_bytes} bytes after the "
            f"{expected_bytes} its header announces for shape {shape}"
        )
    values = np.frombuffer(data, dtype=element_type, offset=header_bytes)
    return values.astype(element_type.newbyteorder("="), copy=True).reshape(shape)


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as error:
        raise ValueError(f"{path} is not a complete gzip file: {error}") from None
