"""protobuf/field_codec.py: each kind of field's values written to the wire and read back."""

import pytest

from tinytf.framework.protobuf import field_codec, wire
from tinytf.framework.protobuf.message import Field


@pytest.mark.parametrize(
    "kind, value",
    [
        ("int64", -3),
        ("int32", 7),
        ("uint64", 2**63),
        ("bool", True),
        ("float", 0.5),
        ("double", -1.25),
        ("string", "dense/kernel"),
        ("bytes", b"\x00\xff"),
    ],
)
def test_a_scalar_field_reads_back_what_it_writes(kind, value):
    data = field_codec.encode_field(Field(1, "f", kind), value)
    ((number, raw),) = list(wire.iterate_fields(data))
    assert number == 1 and field_codec.read_scalar(kind, raw) == value


def test_repeated_numbers_are_packed_and_strings_are_not():
    packed = field_codec.encode_field(Field(2, "f", "int64", "repeated"), [1, -2, 300])
    ((number, raw),) = list(wire.iterate_fields(packed))
    assert number == 2 and field_codec.read_packed("int64", wire._message(raw)) == [1, -2, 300]
    strings = field_codec.encode_field(Field(3, "f", "string", "repeated"), ["a", "b"])
    assert [field_codec.read_scalar("string", raw) for _, raw in wire.iterate_fields(strings)] == [
        "a",
        "b",
    ]
