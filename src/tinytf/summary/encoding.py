"""The values inside summaries: TensorFlow's histogram buckets, and sounds as WAV files."""

from __future__ import annotations

import functools
import struct
import sys

import numpy as np


@functools.cache
def default_bucket_limits() -> np.ndarray:
    """TensorFlow's histogram bucket edges: +-1e-12 growing by 10% up to 1e20, then +-DBL_MAX.

    The loop repeats TensorFlow's float multiplications, so the edges equal its bit for bit.
    """
    positive = []
    limit = 1e-12
    while limit < 1e20:
        positive.append(limit)
        limit *= 1.1
    positive.append(sys.float_info.max)
    negative = [-limit for limit in reversed(positive)]
    return np.array(negative + [0.0] + positive)


def fill_histogram_proto(histogram, values: np.ndarray) -> None:
    """Fills a HistogramProto as TensorFlow does: a value v counts in the first bucket whose
    upper edge exceeds v, and each run of empty buckets is written as one empty bucket."""
    values = np.asarray(values, dtype=np.float64).ravel()
    limits = default_bucket_limits()
    counts = np.bincount(np.searchsorted(limits, values, side="right"), minlength=len(limits))[
        : len(limits)
    ]
    histogram.min = values.min() if values.size else sys.float_info.max
    histogram.max = values.max() if values.size else -sys.float_info.max
    histogram.num = values.size
    histogram.sum = values.sum()
    histogram.sum_squares = np.dot(values, values)
    filled = counts > 0
    ends_a_run = np.append(filled[1:], True)
    kept = filled | ends_a_run
    histogram.bucket_limit.extend(limits[kept].tolist())
    histogram.bucket.extend(counts[kept].astype(np.float64).tolist())


def image_as_uint8(image: np.ndarray, bad_color: np.ndarray) -> np.ndarray:
    """One [height, width, channels] image as bytes, as TensorFlow's ImageSummary makes them.

    uint8 images are kept. Float images with no negative value are scaled so that the
    largest is 255; otherwise 0.0 maps to 128 and the largest magnitude to 127 away from
    it. Pixels with a non-finite channel are painted `bad_color`.
    """
    if image.dtype == np.uint8:
        return image
    image = image.astype(np.result_type(image.dtype, np.float32))
    finite = np.isfinite(image).all(axis=-1)
    finite_values = image[finite]
    low = finite_values.min() if finite_values.size else np.inf
    high = finite_values.max() if finite_values.size else -np.inf
    # Below this the image is taken as all zeros: scaling would only amplify noise.
    zero_threshold = 1e-6
    if low < 0:
        largest = max(abs(low), abs(high))
        scale, offset = (0.0 if largest < zero_threshold else 127.0 / largest), 128.0
    else:
        scale, offset = (0.0 if high < zero_threshold else 255.0 / high), 0.0
    with np.errstate(invalid="ignore"):
        pixels = (image * image.dtype.type(scale) + image.dtype.type(offset)).astype(np.uint8)
    pixels[~finite] = bad_color[: image.shape[-1]]
    return pixels


def encode_wav(samples: np.ndarray, sample_rate: float) -> bytes:
    """A 16-bit PCM WAV file of [frames, channels] float samples in [-1, 1], as TensorFlow's
    AudioSummary writes it: each sample rounded from x * 32768 and clipped to int16."""
    frames, channels = samples.shape
    pcm = np.clip(np.round(samples.astype(np.float32) * np.float32(32768)), -32768, 32767)
    data = pcm.astype("<i2").tobytes()
    rate = int(sample_rate)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(data),
        b"WAVE",
        b"fmt ",
        16,  # the size of the format chunk
        1,  # PCM
        channels,
        rate,
        rate * channels * 2,
        channels * 2,
        16,
        b"data",
        len(data),
    )
    return header + data
