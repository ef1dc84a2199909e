"""The protobuf wire format, by hand, for the three messages a tensor bundle index holds.

BundleHeaderProto, BundleEntryProto and TensorShapeProto (tensorflow/core/protobuf/
tensor_bundle.proto, proto3): fields are written in field-number order and zero scalars are
left out, which is what the protobuf library emits, so the bytes equal TensorFlow's.
"""

from __future__ import annotations

import dataclasses
import struct

from tinytf.framework.protobuf.wire import (  # noqa: F401 (re-exported for sstable)
    _FIXED32,
    _VARINT,
    WireError,
    _integer,
    _key,
    _message,
    _message_field,
    _varint_field,
    decode_varint,
    encode_varint,
    iterate_fields,
)


def encode_tensor_shape(dims: tuple[int, ...]) -> bytes:
    """TensorShapeProto: one `dim { size }` message per dimension."""
    return b"".join(_message_field(2, _varint_field(1, size)) for size in dims)


def decode_tensor_shape(buffer: bytes) -> tuple[int, ...]:
    dims = []
    for number, value in iterate_fields(buffer):
        if number == 2:
            size = 0
            for dim_number, dim_value in iterate_fields(_message(value)):
                if dim_number == 1:
                    size = _integer(dim_value)
            dims.append(size)
        elif number == 3 and _integer(value):
            raise WireError("a checkpointed tensor cannot have an unknown rank")
    return tuple(dims)


@dataclasses.dataclass
class BundleHeader:
    """BundleHeaderProto: shard count, byte order (0 little, 1 big) and format version."""

    num_shards: int = 1
    endianness: int = 0
    producer: int = 1
    min_consumer: int = 0
    bad_consumers: tuple[int, ...] = ()

    def encode(self) -> bytes:
        version = (
            _varint_field(1, self.producer)
            + _varint_field(2, self.min_consumer)
            + b"".join(
                _key(3, _VARINT) + encode_varint(consumer) for consumer in self.bad_consumers
            )
        )
        return (
            _varint_field(1, self.num_shards)
            + _varint_field(2, self.endianness)
            + _message_field(3, version)
        )

    @classmethod
    def decode(cls, buffer: bytes) -> BundleHeader:
        header = cls(num_shards=0, producer=0)
        bad_consumers = []
        for number, value in iterate_fields(buffer):
            if number == 1:
                header.num_shards = _integer(value)
            elif number == 2:
                header.endianness = _integer(value)
            elif number == 3:
                for version_number, version_value in iterate_fields(_message(value)):
                    if version_number == 1:
                        header.producer = _integer(version_value)
                    elif version_number == 2:
                        header.min_consumer = _integer(version_value)
                    elif version_number == 3:
                        bad_consumers.append(_integer(version_value))
        header.bad_consumers = tuple(bad_consumers)
        return header


@dataclasses.dataclass
class BundleEntry:
    """BundleEntryProto: where one tensor's bytes lie in the data files, and their CRC.

    `crc32c` is stored masked. `slice_count` counts the TensorSliceProtos of a
    partitioned tensor (tinytf reads their presence, not their contents).
    """

    dtype: int = 0
    shape: tuple[int, ...] = ()
    shard_id: int = 0
    offset: int = 0
    size: int = 0
    crc32c: int = 0
    slice_count: int = 0

    def encode(self) -> bytes:
        return b"".join(
            (
                _varint_field(1, self.dtype),
                _message_field(2, encode_tensor_shape(self.shape)),
                _varint_field(3, self.shard_id),
                _varint_field(4, self.offset),
                _varint_field(5, self.size),
                _key(6, _FIXED32) + struct.pack("<I", self.crc32c) if self.crc32c else b"",
            )
        )

    @classmethod
    def decode(cls, buffer: bytes) -> BundleEntry:
        entry = cls()
        for number, value in iterate_fields(buffer):
            if number == 1:
                entry.dtype = _integer(value)
            elif number == 2:
                entry.shape = decode_tensor_shape(_message(value))
            elif number == 3:
                entry.shard_id = _integer(value)
            elif number == 4:
                entry.offset = _integer(value)
            elif number == 5:
                entry.size = _integer(value)
            elif number == 6:
                entry.crc32c = _integer(value)
            elif number == 7:
                _message(value)
                entry.slice_count += 1
        return entry
