"""MNIST lookup in data folders, downloads from a local server, and the offline error."""

import gzip
import hashlib
import os
import shutil

import numpy as np
import pytest

from tests.datasets.builders import write_mnist_like
from tinytf.datasets import FASHION_MNIST, MNIST, load_fashion_mnist, load_mnist
from tinytf.datasets.mnist import ImageSet, load_image_set
from tinytf.datasets.storage import RemoteFile


def test_reads_the_mnist_subfolder_of_the_data_folder(tmp_path):
    written = write_mnist_like(tmp_path / "mnist")
    (train_images, train_labels), (test_images, test_labels) = load_mnist(tmp_path, download=False)
    np.testing.assert_array_equal(train_images, written["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(train_labels, written["train-labels-idx1-ubyte"])
    np.testing.assert_array_equal(test_images, written["t10k-images-idx3-ubyte"])
    np.testing.assert_array_equal(test_labels, written["t10k-labels-idx1-ubyte"])


def test_reads_raw_files_from_the_folder_named_by_the_environment(tmp_path, monkeypatch):
    written = write_mnist_like(tmp_path, compress=False)
    monkeypatch.setenv("TINYTF_DATA", str(tmp_path))
    (train_images, _), _ = load_mnist(download=False)
    np.testing.assert_array_equal(train_images, written["train-images-idx3-ubyte"])


def test_fashion_mnist_is_not_confused_with_mnist(tmp_path):
    write_mnist_like(tmp_path, seed=1)
    fashion = write_mnist_like(tmp_path / "fashion-mnist", seed=2)
    (train_images, _), _ = load_fashion_mnist(tmp_path, download=False)
    np.testing.assert_array_equal(train_images, fashion["train-images-idx3-ubyte"])
    shutil.rmtree(tmp_path / "fashion-mnist")
    with pytest.raises(FileNotFoundError, match="Fashion-MNIST files are missing"):
        load_fashion_mnist(tmp_path, download=False)


def test_mismatched_counts_are_reported(tmp_path):
    write_mnist_like(tmp_path / "mnist")
    other = write_mnist_like(tmp_path / "other", train_count=11)
    shutil.copy(tmp_path / "other" / "train-labels-idx1-ubyte.gz", tmp_path / "mnist")
    assert len(other["train-labels-idx1-ubyte"]) == 11
    with pytest.raises(ValueError, match="holds 12 images but .* holds 11 labels"):
        load_mnist(tmp_path, download=False)


def test_offline_error_names_the_folder_and_files(tmp_path):
    with pytest.raises(FileNotFoundError) as caught:
        load_mnist(tmp_path, download=False)
    message = str(caught.value)
    assert str(tmp_path / "mnist") in message
    for remote in MNIST.files.values():
        assert remote.name in message


def test_unreachable_mirror_gives_the_offline_error(tmp_path, http_folder):
    _, base_url = http_folder
    with pytest.raises(FileNotFoundError, match=r"(?s)could not be downloaded.*404") as caught:
        load_mnist(tmp_path, mirrors=[base_url], progress=False)
    assert "t10k-labels-idx1-ubyte.gz" in str(caught.value)
    assert not (tmp_path / "mnist").exists()  # no partial file, and no empty folder left


def _tiny_image_set(source_folder, corrupt=None):
    """An ImageSet whose published digests are those of tiny files in `source_folder`."""
    files = {}
    for role, remote in MNIST.files.items():
        data = gzip.decompress((source_folder / remote.name).read_bytes())
        digest = hashlib.sha256(data).hexdigest()
        if role == corrupt:
            digest = "0" * 64
        files[role] = RemoteFile(remote.name, digest, of_decompressed=True)
    return ImageSet("Tiny", ("tiny",), files, ())


def test_download_verifies_and_caches(tmp_path, http_folder):
    served, base_url = http_folder
    written = write_mnist_like(served)
    cache = tmp_path / "cache"
    image_set = _tiny_image_set(served)
    (train_images, _), _ = load_image_set(image_set, cache, mirrors=[base_url], progress=False)
    np.testing.assert_array_equal(train_images, written["train-images-idx3-ubyte"])
    assert sorted(os.listdir(cache / "tiny")) == sorted(f.name for f in MNIST.files.values())
    for path in served.iterdir():
        path.unlink()
    (again, _), _ = load_image_set(image_set, cache, mirrors=[base_url], progress=False)
    np.testing.assert_array_equal(again, train_images)


def test_checksum_mismatch_is_rejected_and_leaves_no_file(tmp_path, http_folder):
    served, base_url = http_folder
    write_mnist_like(served)
    cache = tmp_path / "cache"
    image_set = _tiny_image_set(served, corrupt="train_images")
    with pytest.raises(
        FileNotFoundError,
        match=r"sha256 of the decompressed bytes is [0-9a-f]{64}"
        r", expected 0{64}",
    ):
        load_image_set(image_set, cache, mirrors=[base_url], progress=False)
    # The folder goes with its last file: a failed first download leaves nothing behind.
    left = os.listdir(cache / "tiny") if (cache / "tiny").exists() else []
    assert "train-images-idx3-ubyte.gz" not in left
    assert not [name for name in left if name.endswith(".part")]


def test_a_bad_mirror_falls_through_to_a_good_one(tmp_path, http_folder):
    served, base_url = http_folder
    write_mnist_like(served / "good")
    (served / "bad").mkdir()
    for path in (served / "good").iterdir():
        (served / "bad" / path.name).write_bytes(gzip.compress(b"not the data"))
    image_set = _tiny_image_set(served / "good")
    (train_images, _), _ = load_image_set(
        image_set, tmp_path, progress=False, mirrors=[base_url + "bad/", base_url + "good/"]
    )
    assert train_images.shape == (12, 28, 28)


def test_real_mnist_downloads_against_the_published_checksums(tmp_path, http_folder, shared_data):
    served, base_url = http_folder
    for path in (shared_data / "mnist").glob("*.gz"):
        shutil.copy(path, served)
    (train_images, train_labels), (test_images, test_labels) = load_mnist(
        tmp_path, mirrors=[base_url], progress=False
    )
    assert train_images.shape == (60000, 28, 28) and test_images.shape == (10000, 28, 28)
    np.testing.assert_array_equal(np.bincount(train_labels)[:3], [5923, 6742, 5958])
    np.testing.assert_array_equal(np.bincount(test_labels)[:3], [980, 1135, 1032])


def test_fashion_digests_are_of_the_published_gzip_files():
    assert not any(remote.of_decompressed for remote in FASHION_MNIST.files.values())
    assert all(remote.of_decompressed for remote in MNIST.files.values())
