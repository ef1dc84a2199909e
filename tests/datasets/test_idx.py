"""The IDX reader on good files (gzip and raw) and broken ones."""

import gzip

import numpy as np
import pytest

from tests.datasets.builders import idx_bytes
from tinytf.datasets import read_idx


def test_reads_raw_and_gzipped_files(tmp_path):
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4).astype(np.uint8)
    (tmp_path / "raw").write_bytes(idx_bytes(images, 2051))
    (tmp_path / "packed.gz").write_bytes(gzip.compress(idx_bytes(images, 2051)))
    for name in ("raw", "packed.gz"):
        loaded = read_idx(tmp_path / name, 2051)
        assert loaded.dtype == np.uint8
        np.testing.assert_array_equal(loaded, images)
        loaded[0, 0, 0] = 7  # callers may modify what they get


def test_wrong_magic_names_the_file(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(idx_bytes(np.zeros(3), 2049))
    with pytest.raises(ValueError, match=r"Invalid magic number 2049 .*labels.*expected 2051"):
        read_idx(path, 2051)


def test_truncated_data_names_the_file_and_sizes(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(idx_bytes(np.zeros((5, 28, 28)), 2051)[:-100])
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte is truncated.*3920 bytes"):
        read_idx(path, 2051)


def test_truncated_header_and_tiny_file(tmp_path):
    path = tmp_path / "short"
    path.write_bytes(idx_bytes(np.zeros((5, 28, 28)), 2051)[:9])
    with pytest.raises(ValueError, match="truncated inside its header"):
        read_idx(path, 2051)
    path.write_bytes(b"\x00\x00")
    with pytest.raises(ValueError, match="too short"):
        read_idx(path, 2051)


def test_truncated_gzip_names_the_file(tmp_path):
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(1000), 2049))[:-20])
    with pytest.raises(ValueError, match=r"labels.gz is not a complete gzip file"):
        read_idx(path, 2049)


def test_trailing_bytes_are_an_error(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(idx_bytes(np.zeros(4), 2049) + b"\x01\x02")
    with pytest.raises(ValueError, match="2 bytes after the 4"):
        read_idx(path, 2049)
