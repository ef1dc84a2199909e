"""`tf.train.Example` and its parts (Features, Feature, BytesList, FloatList, Int64List):
the protobuf messages of TFRecord datasets, written and read in pure Python.

They offer what programs use of TensorFlow's generated classes: keyword construction,
`SerializeToString()`, `FromString()` / `ParseFromString()`, `features.feature[key]`,
`.value` lists, `WhichOneof("kind")` and equality. The bytes are the protobuf wire format,
so TensorFlow parses what tinytf writes and the other way round.
"""

from __future__ import annotations

import struct

import numpy as np

from tinytf.train.checkpoint_format.protobuf_wire import (
    decode_varint,
    encode_varint,
    iterate_fields,
)

_LENGTH_DELIMITED = 2


def _field(number: int, payload: bytes) -> bytes:
    return encode_varint(number << 3 | _LENGTH_DELIMITED) + encode_varint(len(payload)) + payload


class _Message:
    def SerializeToString(self, deterministic=None) -> bytes:  # noqa: N802 - protobuf's name
        return self._encode()

    @classmethod
    def FromString(cls, data: bytes):  # noqa: N802 - protobuf's name
        message = cls()
        message.ParseFromString(data)
        return message

    def ParseFromString(self, data: bytes) -> None:  # noqa: N802 - protobuf's name
        self.__init__()
        self._decode(bytes(data))

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self._encode() == other._encode()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__})"


class BytesList(_Message):
    def __init__(self, value=()) -> None:
        self.value = [item.encode() if isinstance(item, str) else bytes(item) for item in value]

    def _encode(self) -> bytes:
        return b"".join(_field(1, item) for item in self.value)

    def _decode(self, data: bytes) -> None:
        self.value.extend(bytes(item) for number, item in iterate_fields(data) if number == 1)


class FloatList(_Message):
    def __init__(self, value=()) -> None:
        self.value = [float(np.float32(item)) for item in value]

    def _encode(self) -> bytes:
        if not self.value:
            return b""
        return _field(1, np.asarray(self.value, "<f4").tobytes())

    def _decode(self, data: bytes) -> None:
        for number, item in iterate_fields(data):
            if number != 1:
                continue
            if isinstance(item, int):  # one unpacked fixed32
                self.value.append(struct.unpack("<f", item.to_bytes(4, "little"))[0])
            else:
                self.value.extend(np.frombuffer(item, "<f4").tolist())


class Int64List(_Message):
    def __init__(self, value=()) -> None:
        self.value = [int(item) for item in value]

    def _encode(self) -> bytes:
        if not self.value:
            return b""
        return _field(1, b"".join(encode_varint(item & (2**64 - 1)) for item in self.value))

    def _decode(self, data: bytes) -> None:
        for number, item in iterate_fields(data):
            if number != 1:
                continue
            if isinstance(item, int):  # one unpacked varint
                self.value.append(_signed(item))
                continue
            position = 0
            while position < len(item):
                value, position = decode_varint(item, position)
                self.value.append(_signed(value))


def _signed(value: int) -> int:
    return value - 2**64 if value >= 2**63 else value


_KINDS = {1: ("bytes_list", BytesList), 2: ("float_list", FloatList), 3: ("int64_list", Int64List)}


class Feature(_Message):
    """One of bytes_list, float_list or int64_list."""

    def __init__(self, bytes_list=None, float_list=None, int64_list=None) -> None:
        given = {"bytes_list": bytes_list, "float_list": float_list, "int64_list": int64_list}
        self._kind = None
        for name, kind in _KINDS.values():
            if given[name] is not None:
                self._kind = name
            setattr(self, name, given[name] if given[name] is not None else kind())

    def WhichOneof(self, group: str):  # noqa: N802 - protobuf's name
        return self._kind

    def HasField(self, name: str) -> bool:  # noqa: N802 - protobuf's name
        return self._kind == name

    def _encode(self) -> bytes:
        for number, (name, _) in _KINDS.items():
            if self._kind == name:
                return _field(number, getattr(self, name)._encode())
        return b""

    def _decode(self, data: bytes) -> None:
        for number, item in iterate_fields(data):
            if number in _KINDS:
                name, kind = _KINDS[number]
                self._kind = name
                message = kind()
                message._decode(item)
                setattr(self, name, message)


class Features(_Message):
    """`feature`: a dict from names to Feature."""

    def __init__(self, feature=None) -> None:
        self.feature = dict(feature or {})

    def _encode(self) -> bytes:
        return b"".join(
            _field(1, _field(1, key.encode()) + _field(2, value._encode()))
            for key, value in sorted(self.feature.items())
        )

    def _decode(self, data: bytes) -> None:
        for number, entry in iterate_fields(data):
            if number != 1:
                continue
            key, feature = "", Feature()
            for entry_number, item in iterate_fields(entry):
                if entry_number == 1:
                    key = bytes(item).decode("utf-8")
                elif entry_number == 2:
                    feature._decode(item)
            self.feature[key] = feature


class Example(_Message):
    """`features`: the example's named features."""

    def __init__(self, features=None) -> None:
        self.features = features if features is not None else Features()

    def _encode(self) -> bytes:
        payload = self.features._encode()
        return _field(1, payload) if payload or self.features.feature else b""

    def _decode(self, data: bytes) -> None:
        for number, item in iterate_fields(data):
            if number == 1:
                self.features._decode(item)
