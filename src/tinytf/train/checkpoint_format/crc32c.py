"""CRC-32C (Castagnoli), masked as LevelDB and TensorFlow store it, vectorised with NumPy.

Large buffers are cut into many equal lanes whose CRCs advance together, four bytes per
NumPy step (slicing-by-4); the lane CRCs are then merged pairwise in a tree, using the fact
that a CRC is linear over GF(2): crc(A + B) = shift(crc(A), len(B)) ^ crc(B).
"""

from __future__ import annotations

import functools

import numpy as np

_POLYNOMIAL = 0x82F63B78  # Castagnoli's polynomial, bit-reversed
_MASK_DELTA = 0xA282EAD8
_ALL_ONES = 0xFFFFFFFF
# Below this many bytes a plain Python loop beats NumPy's per-call overhead.
_SMALL = 2048
# Lanes advance this many 4-byte words in step: few steps over many lanes keeps the
# number of NumPy calls, which dominates the cost, small.
_STEPS = 32


def _byte_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(_POLYNOMIAL), table >> 1)
    return table.astype(np.uint32)


def _word_tables(table: np.ndarray) -> tuple[np.ndarray, ...]:
    """Tables for slicing-by-4: entry k maps byte k of a little-endian word to its share of
    the register, i.e. that byte followed by 3 - k zero bytes."""
    tables = [table]
    for _ in range(3):
        previous = tables[-1]
        tables.append((previous >> 8) ^ table[previous & 0xFF])
    return tuple(reversed(tables))


_TABLE = _byte_table()
_TABLE_LIST = [int(value) for value in _TABLE]
_WORD_TABLES = _word_tables(_TABLE)


def _multiply(a: int, b: int) -> int:
    """a * b modulo the polynomial, both in the bit-reversed representation."""
    product = 0
    bit = 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLYNOMIAL if b & 1 else b >> 1
    return product


@functools.lru_cache(maxsize=256)
def _shift_tables(length: int) -> tuple[np.ndarray, ...]:
    """Four byte tables applying "append `length` zero bytes" to a CRC register."""
    power = 1 << 31  # x^0
    base = 1 << 23  # x^8: one zero byte
    remaining = length
    while remaining:
        if remaining & 1:
            power = _multiply(power, base)
        base = _multiply(base, base)
        remaining >>= 1
    images = np.array([_multiply(power, 1 << bit) for bit in range(32)], dtype=np.uint32)
    byte_values = np.arange(256)
    tables = []
    for byte in range(4):
        table = np.zeros(256, dtype=np.uint32)
        for bit in range(8):
            table ^= np.where(byte_values >> bit & 1, images[8 * byte + bit], np.uint32(0))
        tables.append(table)
    return tuple(tables)


def _apply(tables: tuple[np.ndarray, ...], registers: np.ndarray) -> np.ndarray:
    return (
        tables[0][registers & 0xFF]
        ^ tables[1][(registers >> 8) & 0xFF]
        ^ tables[2][(registers >> 16) & 0xFF]
        ^ tables[3][registers >> 24]
    )


def _advance_small(register: int, data) -> int:
    table = _TABLE_LIST
    for byte in data:
        register = table[(register ^ byte) & 0xFF] ^ (register >> 8)
    return register


def _advance(register: int, data: np.ndarray) -> int:
    """The CRC register after feeding `data` (uint8 array) into `register`."""
    size = data.size
    if size < _SMALL:
        return _advance_small(register, data.tobytes())
    lane_count = 1 << int(np.log2(size / (4 * _STEPS)))
    lane_length = (size // lane_count) & ~3
    body = lane_count * lane_length
    # Lane-major words, transposed so each step reads one contiguous row.
    words = np.ascontiguousarray(data[:body].view("<u4").reshape(lane_count, -1).T)
    registers = np.zeros(lane_count, dtype=np.uint32)
    registers[0] = register
    for row in words:
        registers = _apply(_WORD_TABLES, registers ^ row)
    merged_length = lane_length
    while registers.size > 1:
        registers = _apply(_shift_tables(merged_length), registers[0::2]) ^ registers[1::2]
        merged_length *= 2
    return _advance(int(registers[0]), data[body:])


def extend(crc: int, data) -> int:
    """The CRC-32C of the bytes hashed into `crc` followed by `data` (bytes-like or array)."""
    if isinstance(data, np.ndarray):
        array = np.ascontiguousarray(data).reshape(-1).view(np.uint8)
    else:
        array = np.frombuffer(data, dtype=np.uint8)
    return _advance(crc ^ _ALL_ONES, array) ^ _ALL_ONES


def value(data) -> int:
    """The CRC-32C of `data`."""
    return extend(0, data)


def mask(crc: int) -> int:
    """Rotates and offsets a CRC, so that CRCs of data containing CRCs stay strong."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & _ALL_ONES


def unmask(masked: int) -> int:
    rotated = (masked - _MASK_DELTA) & _ALL_ONES
    return ((rotated >> 17) | (rotated << 15)) & _ALL_ONES
