"""Philox4x32-10, the counter-based generator behind TensorFlow's random ops, and the
distributions its CPU kernels draw from it, so that seeded programs get TensorFlow's numbers.

Philox turns a 128-bit counter and a 64-bit key into four 32-bit words by ten rounds of
multiplications; counters drawn in any order give the same words. An op's stream
(`PhiloxStream`) starts at a counter and key made from the op's two seeds and, like
TensorFlow's kernel, sets 256 counters aside per value it outputs on every run.

The distributions follow TensorFlow's kernels value for value: uniform floats from 23 (52)
random mantissa bits, normals by the Box-Muller transform in the output's precision,
truncated normals by redrawing beyond two standard deviations from a separate counter
range for each group of outputs. Uniform, integer and float64 draws equal TensorFlow's bit
for bit. For float32 normals, sin, cos and log are taken in float64 and rounded: the C
library's float versions that TensorFlow calls round the other way in about one case in a
hundred, so some values differ from TensorFlow's in the last bit.
"""

from __future__ import annotations

import numpy as np

_MULTIPLIERS = (0xD2511F53, 0xCD9E8D57)
_KEY_INCREMENTS = (0x9E3779B9, 0xBB67AE85)
_ROUNDS = 10
_WORD = 0xFFFFFFFF
# TensorFlow's kernels set aside 256 counters per value they output on each run; a
# truncated normal's group of outputs starts 256 32-bit words (64 counters) per value on.
_RESERVED_PER_OUTPUT = 256
_EPSILON = {np.float32: np.float32(1.0e-7), np.float64: 1.0e-7}


class PhiloxStream:
    """One op's position in its Philox stream: a key and the next unused 128-bit counter."""

    def __init__(self, seed: int, seed2: int) -> None:
        self.key = (seed & _WORD, (seed >> 32) & _WORD)
        self.counter = (seed2 & ((1 << 64) - 1)) << 64

    def reserve(self, output_count: int) -> int:
        """The first counter of a run that outputs `output_count` values; moves past it."""
        start = self.counter
        self.counter = (start + output_count * _RESERVED_PER_OUTPUT) % (1 << 128)
        return start


def blocks(key: tuple[int, int], start: int, offsets: np.ndarray) -> np.ndarray:
    """The four words Philox gives for each counter `start + offset`: [len(offsets), 4]."""
    start_low = np.uint64(start & ((1 << 64) - 1))
    low = start_low + offsets.astype(np.uint64)  # wraps modulo 2**64, carrying into high
    high = np.uint64(start >> 64) + (low < start_low).astype(np.uint64)
    words = [*_halves(low), *_halves(high)]
    key0, key1 = key
    for round_index in range(_ROUNDS):
        # A 32 x 32-bit product in 64 bits; its halves are read in place, not shifted out.
        low0, high0 = _halves(words[0].astype(np.uint64) * np.uint64(_MULTIPLIERS[0]))
        low1, high1 = _halves(words[2].astype(np.uint64) * np.uint64(_MULTIPLIERS[1]))
        words = [high1 ^ words[1] ^ np.uint32(key0), low1, high0 ^ words[3] ^ np.uint32(key1), low0]
        if round_index < _ROUNDS - 1:
            key0 = (key0 + _KEY_INCREMENTS[0]) & _WORD
            key1 = (key1 + _KEY_INCREMENTS[1]) & _WORD
    return np.stack(words, axis=-1)


def _halves(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The low and high 32-bit words of uint64 values, as views of their memory."""
    pairs = values.view(np.uint32).reshape(-1, 2)
    if np.little_endian:
        return pairs[:, 0], pairs[:, 1]
    return pairs[:, 1], pairs[:, 0]


def _unit_floats(words: np.ndarray) -> np.ndarray:
    """[0, 1) float32s from 23 random mantissa bits: the float in [1, 2), minus 1."""
    return ((words & np.uint32(0x7FFFFF)) | np.uint32(127 << 23)).view(np.float32) - 1


def _unit_halves(words: np.ndarray) -> np.ndarray:
    """[0, 1) float16s from the 10 lowest bits of each word."""
    bits = (words & np.uint32(0x3FF)) | np.uint32(15 << 10)
    return bits.astype(np.uint16).view(np.float16) - np.float16(1)


def _unit_doubles(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """[0, 1) float64s from 52 random mantissa bits (20 from `high`, 32 from `low`)."""
    mantissa = ((high & np.uint32(0xFFFFF)).astype(np.uint64) << np.uint64(32)) | low
    return (mantissa | np.uint64(1023 << 52)).view(np.float64) - 1


def _box_muller(first: np.ndarray, second: np.ndarray, dtype) -> tuple:
    """Two standard normals from two unit uniforms, computed in `dtype` as TensorFlow does."""
    radius_uniform = np.maximum(first, _EPSILON[dtype])
    angle = (2 * np.pi * second.astype(np.float64)).astype(dtype)
    log = np.log(radius_uniform.astype(np.float64)).astype(dtype)
    radius = np.sqrt(dtype(-2) * log)
    sine = np.sin(angle.astype(np.float64)).astype(dtype)
    cosine = np.cos(angle.astype(np.float64)).astype(dtype)
    return sine * radius, cosine * radius


def _pairs_per_block(words: np.ndarray, dtype) -> list:
    """The uniform pairs one block of four words makes: two for float32, one for float64."""
    if dtype == np.float32:
        units = _unit_floats(words)
        return [(units[..., 0], units[..., 1]), (units[..., 2], units[..., 3])]
    return [
        (_unit_doubles(words[..., 0], words[..., 1]), _unit_doubles(words[..., 2], words[..., 3]))
    ]


def _run_blocks(stream: PhiloxStream, count: int, values_per_block: int) -> np.ndarray:
    """The blocks of one run that outputs `count` values, `values_per_block` to a block."""
    start = stream.reserve(count)
    return blocks(stream.key, start, np.arange(-(-count // values_per_block)))


def uniform(stream: PhiloxStream, count: int, dtype) -> np.ndarray:
    """`count` values in [0, 1): four float16s or float32s, or two float64s, per block."""
    words = _run_blocks(stream, count, 2 if dtype == np.float64 else 4)
    if dtype == np.float64:
        values = _unit_doubles(words[:, 0::2], words[:, 1::2])
    else:
        values = _unit_halves(words) if dtype == np.float16 else _unit_floats(words)
    return values.reshape(-1)[:count]


def normal(stream: PhiloxStream, count: int, dtype) -> np.ndarray:
    """`count` standard normals: each block's uniform pairs through Box-Muller (float16
    values are float32 ones rounded, as in TensorFlow)."""
    precision = np.float64 if dtype == np.float64 else np.float32
    words = _run_blocks(stream, count, 2 if dtype == np.float64 else 4)
    normals = [
        value
        for pair in _pairs_per_block(words, precision)
        for value in _box_muller(*pair, precision)
    ]
    return np.stack(normals, axis=-1).reshape(-1)[:count].astype(dtype, copy=False)


def truncated_normal(stream: PhiloxStream, count: int, dtype) -> np.ndarray:
    """`count` standard normals within (-2, 2).

    Each group of outputs (four float32s or two float64s) draws from its own counter
    range, 64 counters per output, and keeps the normals inside the bounds in the order
    they come until the group is full: one block fills most groups, a few need more.
    """
    start = stream.reserve(count)
    precision = np.float64 if dtype == np.float64 else np.float32
    group_size = 2 if dtype == np.float64 else 4
    group_count = -(-count // group_size)
    group_starts = np.arange(group_count, dtype=np.uint64) * np.uint64(
        group_size * _RESERVED_PER_OUTPUT // 4
    )
    values = np.empty((group_count, group_size), precision)
    pending = np.arange(group_count)
    candidates = np.empty((group_count, 0), precision)
    block_index = 0
    while pending.size:
        words = blocks(stream.key, start, group_starts[pending] + np.uint64(block_index))
        fresh = [
            value
            for pair in _pairs_per_block(words, precision)
            for value in _box_muller(*pair, precision)
        ]
        candidates = np.concatenate([candidates, np.stack(fresh, axis=-1)], axis=1)
        inside = np.abs(candidates) < 2
        kept_so_far = np.cumsum(inside, axis=1)
        full = kept_so_far[:, -1] >= group_size
        chosen = inside & (kept_so_far <= group_size)
        values[pending[full]] = candidates[full][chosen[full]].reshape(-1, group_size)
        pending, candidates = pending[~full], candidates[~full]
        block_index += 1
    return values.reshape(-1)[:count].astype(dtype, copy=False)


def uniform_integers(stream: PhiloxStream, count: int, low: int, high: int, dtype) -> np.ndarray:
    """`count` integers in [low, high): a word (int32) or two (int64) modulo the range."""
    if dtype == np.int32:
        words = _run_blocks(stream, count, 4).reshape(-1)
        offsets = words.astype(np.uint64) % np.uint64((high - low) & _WORD)
    else:
        words = _run_blocks(stream, count, 2)
        bits = (
            words[:, 0::2].astype(np.uint64) | (words[:, 1::2].astype(np.uint64) << np.uint64(32))
        ).reshape(-1)
        offsets = bits % np.uint64((high - low) % (1 << 64))
    return (offsets[:count].astype(np.int64) + low).astype(dtype)
