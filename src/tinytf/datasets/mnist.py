"""MNIST and Fashion-MNIST: found in a data folder, or downloaded from the standard mirrors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tinytf.datasets.idx import IMAGES_MAGIC, LABELS_MAGIC, read_idx
from tinytf.datasets.storage import RemoteFile, data_home, fetch

_ROLES = ("train_images", "train_labels", "test_images", "test_labels")


@dataclass(frozen=True)
class ImageSet:
    """A data set in MNIST's four-file IDX layout."""

    title: str
    folder_names: tuple[str, ...]  # subfolders of the data folder to look in, first is written
    files: dict[str, RemoteFile]  # role -> file
    mirrors: tuple[str, ...]


MNIST = ImageSet(
    title="MNIST",
    folder_names=("mnist",),
    files={
        "train_images": RemoteFile(
            "train-images-idx3-ubyte.gz",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            True,
        ),
        "train_labels": RemoteFile(
            "train-labels-idx1-ubyte.gz",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            True,
        ),
        "test_images": RemoteFile(
            "t10k-images-idx3-ubyte.gz",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            True,
        ),
        "test_labels": RemoteFile(
            "t10k-labels-idx1-ubyte.gz",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            True,
        ),
    },
    mirrors=(
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
)

# Zalando publishes one gzip of each file, so its digests are of the .gz bytes.
FASHION_MNIST = ImageSet(
    title="Fashion-MNIST",
    folder_names=("fashion-mnist", "fashion_mnist", "fashion"),
    files={
        "train_images": RemoteFile(
            "train-images-idx3-ubyte.gz",
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        ),
        "train_labels": RemoteFile(
            "train-labels-idx1-ubyte.gz",
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        ),
        "test_images": RemoteFile(
            "t10k-images-idx3-ubyte.gz",
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        ),
        "test_labels": RemoteFile(
            "t10k-labels-idx1-ubyte.gz",
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        ),
    },
    mirrors=(
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
)

FASHION_CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def load_mnist(data_dir=None, download=True, mirrors=None, progress=True):
    """MNIST as uint8 arrays `((train_images, train_labels), (test_images, test_labels))`.

    Images are [N, 28, 28], labels [N]. The files are looked for in `<data folder>/mnist`,
    then in the data folder itself (see `data_home`); missing ones are downloaded into
    `<data folder>/mnist` unless `download` is False.
    """
    return load_image_set(MNIST, data_dir, download, mirrors, progress)


def load_fashion_mnist(data_dir=None, download=True, mirrors=None, progress=True):
    """Fashion-MNIST, in the same layout as `load_mnist`, from `<data folder>/fashion-mnist`.

    Unlike MNIST it is never read from the data folder itself: the two sets' files have
    the same names.
    """
    return load_image_set(FASHION_MNIST, data_dir, download, mirrors, progress)


def load_image_set(image_set, data_dir=None, download=True, mirrors=None, progress=True):
    """Reads an ImageSet from the data folder, downloading missing files."""
    root = data_home(data_dir)
    folders = [root / name for name in image_set.folder_names]
    if image_set is MNIST:
        folders.append(root)
    return read_image_set(image_set, folders, folders[0] if download else None, mirrors, progress)


def read_image_set(image_set, folders, download_folder, mirrors=None, progress=True):
    """Reads the four files from the first of `folders` holding each (gz or raw IDX).

    Missing files are fetched into `download_folder`; when that is None, or the download
    fails, FileNotFoundError names the folder and the files to put there.
    """
    paths = {role: _find(remote.name, folders) for role, remote in image_set.files.items()}
    missing = [role for role, path in paths.items() if path is None]
    if missing:
        paths.update(
            _download_missing(image_set, missing, folders, download_folder, mirrors, progress)
        )
    arrays = {
        role: read_idx(paths[role], IMAGES_MAGIC if role.endswith("images") else LABELS_MAGIC)
        for role in _ROLES
    }
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        _check_labels(labels, paths[f"{split}_labels"], len(FASHION_CLASS_NAMES))
        if len(images) != len(labels):
            raise ValueError(
                f"{paths[split + '_images']} holds {len(images)} images but "
                f"{paths[split + '_labels']} holds {len(labels)} labels"
            )
    return (
        (arrays["train_images"], arrays["train_labels"]),
        (arrays["test_images"], arrays["test_labels"]),
    )


def _find(gz_name: str, folders) -> Path | None:
    raw_name = gz_name.removesuffix(".gz")
    # Some copies (Kaggle's, for one) write "train-images.idx3-ubyte".
    names = (gz_name, raw_name, raw_name.replace("-idx", ".idx"))
    for folder in folders:
        for name in names:
            if (Path(folder) / name).is_file():
                return Path(folder) / name
    return None


def _download_missing(image_set, missing, folders, download_folder, mirrors, progress):
    file_list = ", ".join(image_set.files[role].name for role in missing)
    searched = " or ".join(str(folder) for folder in folders)
    if download_folder is None:
        raise FileNotFoundError(
            f"{image_set.title} files are missing from {searched}: put {file_list} "
            f"(gzipped or raw IDX) there, or point --data-dir / TINYTF_DATA at a folder "
            f"holding them"
        )
    try:
        return {
            role: fetch(
                image_set.files[role],
                list(mirrors or image_set.mirrors),
                Path(download_folder),
                progress,
            )
            for role in missing
        }
    except OSError as error:
        raise FileNotFoundError(
            f"{image_set.title} is not in {searched} and could not be downloaded "
            f"({error}).{os.linesep}Put {file_list} (gzipped or raw IDX) in "
            f"{download_folder}, or point --data-dir / TINYTF_DATA at a folder holding "
            f"them."
        ) from None


def _check_labels(labels: np.ndarray, path, classes: int) -> None:
    """ValueError naming the file and the first label that is not a class (0..classes-1)."""
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"{path} holds labels of shape {labels.shape} and type {labels.dtype}, "
            "not one integer per image"
        )
    outside = np.flatnonzero((labels < 0) | (labels >= classes))
    if outside.size:
        index = int(outside[0])
        raise ValueError(
            f"{path}: label {labels[index]} at index {index} is not a class "
            f"(0 to {classes - 1}); {outside.size} labels are outside"
        )


def to_one_hot(labels: np.ndarray, depth: int = 10) -> np.ndarray:
    """Integer labels [N] as float64 one-hot rows [N, depth], as TF 1.x's mnist.py made them.

    A label outside 0..depth-1 is a ValueError naming it and its index.
    """
    labels = np.asarray(labels)
    _check_labels(labels, "labels", depth)
    one_hot = np.zeros((len(labels), depth))
    one_hot[np.arange(len(labels)), labels] = 1.0
    return one_hot
