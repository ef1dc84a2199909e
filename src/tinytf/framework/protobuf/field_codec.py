"""How one field's values become protobuf wire bytes and back, by the field's kind
(the message runtime in message.py decides which fields are set)."""

from __future__ import annotations

import struct

from tinytf.framework.protobuf import wire

_NUMBER_KINDS = {"int32", "int64", "uint32", "uint64", "bool", "enum"}


def read_map_entry(value) -> tuple[str, object]:
    """A map entry's string key and its value field as read from the wire (None when the
    entry leaves the value at its default)."""
    key, item = "", None
    for number, part in wire.iterate_fields(wire._message(value)):
        if number == 1:
            key = wire._message(part).decode("utf-8")
        elif number == 2:
            item = part
    return key, item


def read_scalar(kind: str, value):
    """A field read from the wire as a field of this kind holds it."""
    if kind == "float":
        return struct.unpack("<f", value.to_bytes(4, "little"))[0]
    if kind == "double":
        return struct.unpack("<d", value.to_bytes(8, "little"))[0]
    if kind == "string":
        return wire._message(value).decode("utf-8")
    if kind == "bytes":
        return wire._message(value)
    if kind == "bool":
        return bool(value)
    if kind in ("uint32", "uint64"):
        return value
    return wire._integer(value)


def read_packed(kind: str, data: bytes) -> list:
    """The values of a packed repeated field of numbers."""
    if kind == "float":
        return list(struct.unpack(f"<{len(data) // 4}f", data))
    if kind == "double":
        return list(struct.unpack(f"<{len(data) // 8}d", data))
    values, position = [], 0
    while position < len(data):
        value, position = wire.decode_varint(data, position)
        values.append(read_scalar(kind, value))
    return values


def _encode_scalar(kind: str, value) -> bytes:
    if kind == "float":
        return struct.pack("<f", value)
    if kind == "double":
        return struct.pack("<d", value)
    if kind in ("string", "bytes"):
        data = value.encode("utf-8") if kind == "string" else value
        return wire.encode_varint(len(data)) + data
    return wire.encode_varint(int(value))


def _wire_type(kind: str) -> int:
    if kind == "float":
        return wire._FIXED32
    if kind == "double":
        return wire._FIXED64
    if kind in _NUMBER_KINDS:
        return wire._VARINT
    return wire._LENGTH_DELIMITED


def _map_value(field, value) -> bytes:
    """A map entry's value field (number 2)."""
    if field.kind == "message":
        return wire._message_field(2, value.SerializeToString())
    return wire._key(2, _wire_type(field.kind)) + _encode_scalar(field.kind, value)


def encode_field(field, value) -> bytes:
    """`value` of `field` (a message.Field) as wire bytes: key and payload, per item."""
    number, kind = field.number, field.kind
    if field.label == "map":
        return b"".join(
            wire._message_field(
                number, wire._message_field(1, key.encode("utf-8")) + _map_value(field, value[key])
            )
            for key in sorted(value)
        )
    if kind == "message":
        items = value if field.label == "repeated" else [value]
        return b"".join(wire._message_field(number, item.SerializeToString()) for item in items)
    if field.label == "repeated":
        if kind in ("string", "bytes"):
            key = wire._key(number, wire._LENGTH_DELIMITED)
            return b"".join(key + _encode_scalar(kind, item) for item in value)
        packed = b"".join(_encode_scalar(kind, item) for item in value)
        return wire._message_field(number, packed)
    return wire._key(number, _wire_type(kind)) + _encode_scalar(kind, value)
