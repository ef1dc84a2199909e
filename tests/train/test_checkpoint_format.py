"""The checkpoint format pieces against TensorFlow-written bytes: CRC, protobuf, SSTable, bundle."""

import pathlib
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from tests.train.fixtures import fixture_values
from tinytf.train.checkpoint_format import crc32c, protobuf_wire, sstable
from tinytf.train.checkpoint_format.checkpoint_state import CheckpointState, TextFormatError
from tinytf.train.checkpoint_format.tensor_bundle import (
    BundleReader,
    BundleWriter,
    data_filename,
    index_filename,
)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def reference_crc32c(data: bytes) -> int:
    """Bit-by-bit CRC-32C straight from the polynomial definition."""
    register = 0xFFFFFFFF
    for byte in data:
        register ^= byte
        for _ in range(8):
            register = (register >> 1) ^ (0x82F63B78 if register & 1 else 0)
    return register ^ 0xFFFFFFFF


# CRC-32C.
@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", 0x00000000),
        (b"123456789", 0xE3069283),
        (bytes(32), 0x8A9136AA),  # RFC 3720 (iSCSI) test vectors
        (b"\xff" * 32, 0x62A8AB43),
        (bytes(range(32)), 0x46DD794E),
    ],
)
def test_crc32c_known_values(data, expected):
    assert crc32c.value(data) == expected


@pytest.mark.parametrize("size", [1, 511, 512, 513, 4095, 65536, 100_003, 300_007])
def test_crc32c_lanes_agree_with_the_definition(size):
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert crc32c.value(data) == reference_crc32c(data)
    split = size // 3
    assert crc32c.extend(crc32c.value(data[:split]), data[split:]) == crc32c.value(data)


@given(st.integers(0, 0xFFFFFFFF))
def test_mask_is_invertible_and_changes_the_value(crc):
    assert crc32c.unmask(crc32c.mask(crc)) == crc
    assert crc32c.mask(crc) != crc


# Protobuf wire format.
@given(st.integers(-(2**63), 2**64 - 1))
def test_varint_round_trip(number):
    encoded = protobuf_wire.encode_varint(number)
    decoded, end = protobuf_wire.decode_varint(encoded + b"tail", 0)
    assert end == len(encoded)
    assert decoded == (number if number >= 0 else number + 2**64)


def test_varint_errors():
    with pytest.raises(protobuf_wire.WireError, match="truncated"):
        protobuf_wire.decode_varint(b"\x80\x80", 0)
    with pytest.raises(protobuf_wire.WireError, match="ten bytes"):
        protobuf_wire.decode_varint(b"\xff" * 11, 0)


def test_entry_bytes_equal_tensorflow_protobuf_output():
    # TensorFlow's BundleEntryProto for a float [2,3] tensor of 24 bytes at offset 0.
    entry = protobuf_wire.BundleEntry(dtype=1, shape=(2, 3), size=24, crc32c=0x173DDBC0)
    assert entry.encode().hex() == "080112081202080212020803281835c0db3d17"
    assert protobuf_wire.BundleEntry.decode(entry.encode()) == entry
    # A scalar still has its (empty) shape field; zero offsets and sizes are left out.
    assert protobuf_wire.BundleEntry(dtype=10, shape=()).encode() == bytes.fromhex("080a1200")
    assert protobuf_wire.BundleHeader().encode().hex() == "08011a020801"


@given(st.lists(st.integers(0, 2**40), max_size=5), st.integers(0, 30), st.integers(0, 2**40))
def test_entry_round_trip(shape, dtype, offset):
    entry = protobuf_wire.BundleEntry(
        dtype=dtype, shape=tuple(shape), offset=offset, size=7, crc32c=123
    )
    assert protobuf_wire.BundleEntry.decode(entry.encode()) == entry


def test_malformed_messages_raise_wire_errors():
    with pytest.raises(protobuf_wire.WireError, match="expected a message"):
        protobuf_wire.BundleEntry.decode(bytes.fromhex("1005"))  # shape as a number
    with pytest.raises(protobuf_wire.WireError, match="truncated"):
        protobuf_wire.BundleEntry.decode(bytes.fromhex("1208"))
    with pytest.raises(protobuf_wire.WireError, match="wire type"):
        protobuf_wire.BundleEntry.decode(bytes.fromhex("0b"))


# SSTable.
def test_table_builder_reproduces_tensorflow_index_files():
    for index in FIXTURES.glob("*/*.index"):
        content = index.read_bytes()
        builder = sstable.TableBuilder()
        for key, value in sstable.read_table(content, str(index)):
            builder.add(key, value)
        assert builder.finish() == content, index


def test_many_keys_use_restart_points():
    content = (FIXTURES / "many_variables" / "model.ckpt.index").read_bytes()
    keys = [key for key, _ in sstable.read_table(content, "index")]
    assert keys == [b""] + [f"block_{i:02d}/kernel".encode() for i in range(40)]
    restarts = content.count(b"block_")  # restart entries store the whole key
    assert restarts == 3  # entries 0, 16 and 32 of 41 restart the key sharing


@settings(max_examples=30)
@given(
    st.dictionaries(st.binary(max_size=12), st.binary(max_size=40), max_size=60),
    st.integers(16, 300),
)
def test_table_round_trip_over_several_blocks(entries, block_size):
    builder = sstable.TableBuilder(block_size=block_size)
    for key in sorted(entries):
        builder.add(key, entries[key])
    assert sstable.read_table(builder.finish(), "t") == sorted(entries.items())


def test_index_separators_are_short_keys_between_blocks():
    builder = sstable.TableBuilder(block_size=16)
    for key in (b"the quick brown fox", b"the who", b"zz\xff"):
        builder.add(key, b"v")
    content = builder.finish()
    footer = content[-sstable.FOOTER_SIZE :]
    _, position = protobuf_wire.decode_varint(footer, 0)
    _, position = protobuf_wire.decode_varint(footer, position)
    index_block = sstable._read_block(content, footer[position:], "t")
    separators = [key for key, _ in sstable._block_entries(index_block)]
    assert separators == [b"the r", b"u", b"{"]


@pytest.mark.parametrize(
    "start, limit, separator",
    [
        (b"the quick brown fox", b"the who", b"the r"),
        (b"ab", b"abc", b"ab"),  # a prefix of the limit is kept whole
        (b"a1x", b"a2", b"a1x"),  # incrementing would reach the limit
        (b"a\xffx", b"b", b"a\xffx"),
    ],
)
def test_shortest_separator(start, limit, separator):
    assert sstable._shortest_separator(start, limit) == separator


@pytest.mark.parametrize(
    "key, successor", [(b"abc", b"b"), (b"\xff\xffq", b"\xff\xffr"), (b"\xff", b"\xff")]
)
def test_short_successor(key, successor):
    assert sstable._short_successor(key) == successor


def test_table_keys_must_increase():
    builder = sstable.TableBuilder()
    builder.add(b"b", b"")
    with pytest.raises(ValueError, match="must increase"):
        builder.add(b"a", b"")


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda content: content[:-1], "bad magic number"),
        (lambda content: content[:30], "too short"),
        (lambda content: content[:5] + b"X" + content[6:], "block checksum mismatch"),
        (lambda content: bytes(20) + content, "truncated block read|checksum"),
    ],
)
def test_damaged_tables_raise_data_loss_naming_the_file(damage, message):
    content = (FIXTURES / "all_dtypes" / "model.ckpt-4.index").read_bytes()
    with pytest.raises(tf.errors.DataLossError, match=message) as info:
        sstable.read_table(damage(content), "/some/model.ckpt.index")
    assert "/some/model.ckpt.index" in str(info.value)


# Tensor bundles.
def _write_bundle(prefix, tensors):
    with BundleWriter(str(prefix)) as writer:
        for name, value in tensors.items():
            writer.add(name, value)
        writer.finish()


@pytest.mark.parametrize(
    "fixture, prefix, values",
    [
        ("all_dtypes", "model.ckpt-4", lambda: fixture_values.all_dtypes(4)),
        ("all_dtypes", "model.ckpt-3", lambda: fixture_values.all_dtypes(3)),
        ("many_variables", "model.ckpt", fixture_values.many_variables),
        ("raw_bundle", "raw", fixture_values.raw_bundle),
    ],
)
def test_writer_output_equals_tensorflow_bytes(tmp_path, fixture, prefix, values):
    tensors = values()
    if fixture != "raw_bundle":  # the Saver writes in name order; raw SaveV2 in call order
        tensors = dict(sorted(tensors.items()))
    _write_bundle(tmp_path / "ours", tensors)
    theirs = FIXTURES / fixture / prefix
    assert (tmp_path / "ours.index").read_bytes() == pathlib.Path(
        index_filename(str(theirs))
    ).read_bytes()
    assert (tmp_path / "ours.data-00000-of-00001").read_bytes() == pathlib.Path(
        data_filename(str(theirs))
    ).read_bytes()


def test_reader_returns_tensorflow_values_dtypes_and_shapes():
    reader = BundleReader(str(FIXTURES / "raw_bundle" / "raw"))
    expected = fixture_values.raw_bundle()
    assert sorted(reader.keys()) == sorted(expected)
    values = reader.read(expected)
    for name, value in expected.items():
        assert values[name].shape == value.shape
        assert values[name].tolist() == value.tolist()
    assert reader.dtype("words") is tf.string and reader.dtype("uint64") is tf.uint64


def test_big_endian_bundles_are_byte_swapped(tmp_path):
    value = np.arange(6, dtype=np.int32).reshape(2, 3)
    raw = value.astype(">i4").tobytes()
    entry = protobuf_wire.BundleEntry(
        dtype=3, shape=(2, 3), size=len(raw), crc32c=crc32c.mask(crc32c.value(raw))
    )
    builder = sstable.TableBuilder()
    builder.add(b"", protobuf_wire.BundleHeader(endianness=1).encode())
    builder.add(b"w", entry.encode())
    (tmp_path / "big.index").write_bytes(builder.finish())
    (tmp_path / "big.data-00000-of-00001").write_bytes(raw)
    np.testing.assert_array_equal(BundleReader(str(tmp_path / "big")).read(["w"])["w"], value)


def test_reader_errors_name_the_key_and_file(tmp_path):
    _write_bundle(tmp_path / "model", {"w": np.ones(4, np.float32)})
    reader = BundleReader(str(tmp_path / "model"))
    with pytest.raises(tf.errors.NotFoundError, match="Key v not found in checkpoint"):
        reader.read(["v"])
    with pytest.raises(
        tf.errors.NotFoundError, match="Failed to find any matching files for .*missing"
    ):
        BundleReader(str(tmp_path / "missing"))
    data = tmp_path / "model.data-00000-of-00001"
    data.write_bytes(data.read_bytes()[:-1])
    with pytest.raises(tf.errors.OutOfRangeError, match="model.data-00000-of-00001.*truncated"):
        reader.read(["w"])
    data.write_bytes(b"\x00" * 16)
    with pytest.raises(tf.errors.DataLossError, match="Checksum does not match"):
        reader.read(["w"])
    data.unlink()
    with pytest.raises(tf.errors.NotFoundError, match="model.data-00000-of-00001"):
        reader.read(["w"])


def test_an_aborted_writer_leaves_no_files(tmp_path):
    with pytest.raises(RuntimeError), BundleWriter(str(tmp_path / "model")) as writer:
        writer.add("w", np.ones(3))
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_writer_rejects_duplicate_and_empty_keys(tmp_path):
    with BundleWriter(str(tmp_path / "model")) as writer:
        writer.add("w", np.ones(1))
        with pytest.raises(tf.errors.InvalidArgumentError, match="duplicate key: w"):
            writer.add("w", np.ones(1))
        with pytest.raises(ValueError, match="empty key"):
            writer.add("", np.ones(1))
        writer.abort()


def test_string_lengths_are_checksummed(tmp_path):
    _write_bundle(tmp_path / "s", {"s": np.array([b"ab", b"cd"], dtype=object)})
    data = tmp_path / "s.data-00000-of-00001"
    content = bytearray(data.read_bytes())
    content[0] = 3  # the first string's length
    data.write_bytes(bytes(content))
    with pytest.raises(tf.errors.DataLossError, match="length checksum"):
        BundleReader(str(tmp_path / "s")).read(["s"])


# The checkpoint state file.
def test_state_text_is_tensorflow_text_format():
    text = (FIXTURES / "all_dtypes" / "checkpoint").read_text()
    state = CheckpointState.from_text(text)
    assert state.model_checkpoint_path == "model.ckpt-4"
    assert state.all_model_checkpoint_paths == ["model.ckpt-3", "model.ckpt-4"]
    assert state.to_text() == text


def test_state_escapes_and_timestamps_round_trip():
    state = CheckpointState("a\"b\\c\nd\x01\u00e9'", ["x", "y"], [1.5, 1700000000.1234567], 3.0)
    text = state.to_text()
    assert text == (
        'model_checkpoint_path: "a\\"b\\\\c\\nd\\001\u00e9\\\'"\n'
        'all_model_checkpoint_paths: "x"\nall_model_checkpoint_paths: "y"\n'
        "all_model_checkpoint_timestamps: 1.5\n"
        "all_model_checkpoint_timestamps: 1700000000.1234567\n"
        "last_preserved_timestamp: 3.0\n"
    )
    assert CheckpointState.from_text(text) == state


def test_state_parser_accepts_text_format_variants():
    text = "# state\nmodel_checkpoint_path: 'a' \"b\\101\\x42\" ; all_model_checkpoint_paths:'q'"
    state = CheckpointState.from_text(text)
    assert state.model_checkpoint_path == "abAB"
    assert state.all_model_checkpoint_paths == ["q"]


@pytest.mark.parametrize(
    "text",
    [
        'model_checkpoint_path "x"',
        'other_field: "x"',
        "model_checkpoint_path: 3",
        'model_checkpoint_path: "x',
        "last_preserved_timestamp: soon",
    ],
)
def test_state_parser_rejects_malformed_text(text):
    with pytest.raises(TextFormatError):
        CheckpointState.from_text(text)


def test_masked_crc_matches_the_fixture_entries():
    content = (FIXTURES / "all_dtypes" / "model.ckpt-4.index").read_bytes()
    data = (FIXTURES / "all_dtypes" / "model.ckpt-4.data-00000-of-00001").read_bytes()
    for key, value in sstable.read_table(content, "index")[1:]:
        entry = protobuf_wire.BundleEntry.decode(value)
        chunk = data[entry.offset : entry.offset + entry.size]
        assert struct.pack("<I", entry.crc32c) == struct.pack(
            "<I", crc32c.mask(crc32c.value(chunk))
        ), key
