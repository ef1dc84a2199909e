"""The protobuf wire format: varints, field keys and a reader of a message's fields.

Shared by every message tinytf reads or writes by hand (checkpoint indexes, GraphDefs,
event files), so the encoding lives in one place.
"""

from __future__ import annotations

_VARINT, _FIXED64, _LENGTH_DELIMITED, _FIXED32 = 0, 1, 2, 5
_UINT64 = 1 << 64


class WireError(ValueError):
    """The bytes are not a well-formed message."""


def encode_varint(value: int) -> bytes:
    """Base-128 little-endian varint; negative numbers take ten bytes, as int64 does."""
    if value < 0:
        value += _UINT64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_varint(buffer: bytes, position: int) -> tuple[int, int]:
    """The varint at `position` and the position after it."""
    result = shift = 0
    while True:
        if position >= len(buffer):
            raise WireError("truncated varint")
        byte = buffer[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than ten bytes")


def _integer(value) -> int:
    """A numeric field as a signed 64-bit integer (int32 and enum fields are sign-extended)."""
    if not isinstance(value, int):
        raise WireError("expected a number, found a length-delimited field")
    return value - _UINT64 if value >= 1 << 63 else value


def _message(value) -> bytes:
    if not isinstance(value, bytes):
        raise WireError("expected a message, found a number")
    return value


def _key(number: int, wire_type: int) -> bytes:
    return encode_varint(number << 3 | wire_type)


def _varint_field(number: int, value: int) -> bytes:
    return _key(number, _VARINT) + encode_varint(value) if value else b""


def _message_field(number: int, payload: bytes) -> bytes:
    return _key(number, _LENGTH_DELIMITED) + encode_varint(len(payload)) + payload


def iterate_fields(buffer: bytes):
    """Yields (field number, value) for each field; a value is an int or bytes."""
    for number, value, _ in iterate_fields_with_bytes(buffer):
        yield number, value


def iterate_fields_with_bytes(buffer: bytes):
    """Yields (field number, value, the field's bytes as written, key included)."""
    position = 0
    while position < len(buffer):
        start = position
        key, position = decode_varint(buffer, position)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0")
        if wire_type == _VARINT:
            value, position = decode_varint(buffer, position)
        elif wire_type == _LENGTH_DELIMITED:
            length, position = decode_varint(buffer, position)
            value = buffer[position : position + length]
            if len(value) != length:
                raise WireError("truncated length-delimited field")
            position += length
        elif wire_type in (_FIXED32, _FIXED64):
            width = 4 if wire_type == _FIXED32 else 8
            chunk = buffer[position : position + width]
            if len(chunk) != width:
                raise WireError("truncated fixed-width field")
            value = int.from_bytes(chunk, "little")
            position += width
        else:
            raise WireError(f"unsupported wire type {wire_type}")
        yield number, value, buffer[start:position]
