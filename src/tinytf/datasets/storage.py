"""Where data sets live on disk and how missing files are fetched: mirrors, checksums."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DATA_ENVIRONMENT_VARIABLE = "TINYTF_DATA"
_CHUNK_BYTES = 1 << 16


class ChecksumError(ValueError):
    """A downloaded file's digest differs from the published one."""


@dataclass(frozen=True)
class RemoteFile:
    """A file on a mirror and its published sha256.

    `of_decompressed` says the digest is of the gunzipped bytes: MNIST mirrors serve the
    same IDX data gzipped in different ways, so only the decompressed bytes are stable.
    """

    name: str
    sha256: str
    of_decompressed: bool = False

    def verify(self, path: Path) -> None:
        """Raises ChecksumError unless the file at `path` has this file's digest."""
        digest = file_digest(path, decompress=self.of_decompressed)
        if digest != self.sha256:
            what = "decompressed bytes" if self.of_decompressed else "file"
            raise ChecksumError(f"sha256 of the {what} is {digest}, expected {self.sha256}")


def default_cache_dir() -> Path:
    """The per-user cache folder: $XDG_CACHE_HOME/tinytf, else ~/.cache/tinytf."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tinytf"


def data_home(data_dir: str | os.PathLike | None = None) -> Path:
    """The data folder: `data_dir` if given, else $TINYTF_DATA, else the user cache folder."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_environment = os.environ.get(DATA_ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser()
    return default_cache_dir()


def fetch(remote: RemoteFile, mirrors: list[str], folder: Path, progress: bool = True) -> Path:
    """Downloads `remote` from the first mirror that serves it intact, into `folder`."""
    failures, created = [], not Path(folder).exists()
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + remote.name
        try:
            return download(url, Path(folder) / remote.name, remote.verify, progress)
        except (OSError, http.client.HTTPException, ChecksumError) as error:
            failures.append(f"{url}: {error}")
    if created and Path(folder).is_dir() and not any(Path(folder).iterdir()):
        Path(folder).rmdir()  # a failed download leaves no empty folder behind
    raise OSError("could not download " + remote.name + ":\n  " + "\n  ".join(failures))


def download(url: str, destination: Path, verify=None, progress: bool = True) -> Path:
    """Downloads `url` to `destination`, first calling `verify(temporary_path)` if given.

    The file appears under its final name only once verified, so an interrupted or
    corrupted download never leaves a partial file behind.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as output, urllib.request.urlopen(url, timeout=30) as reply:
            total = int(reply.headers.get("Content-Length") or 0) or None
            with _progress_bar(destination.name, total, progress) as bar:
                while chunk := reply.read(_CHUNK_BYTES):
                    output.write(chunk)
                    bar.update(len(chunk))
        if verify is not None:
            verify(temporary)
        os.replace(temporary, destination)
        return destination
    finally:
        temporary.unlink(missing_ok=True)


def file_digest(path: Path, decompress: bool = False, algorithm: str = "sha256") -> str:
    """The hex digest of a file (of its gunzipped bytes when `decompress`)."""
    digest = hashlib.new(algorithm)
    opener = gzip.open if decompress else open
    with opener(path, "rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _progress_bar(name: str, total: int | None, enabled: bool):
    try:
        from tqdm import tqdm
    except ImportError:
        return _PlainProgress(name, total, enabled)
    return tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        desc=name,
        disable=not enabled,
        file=sys.stderr,
        leave=False,
    )


class _PlainProgress:
    """A stand-in for tqdm when it is not installed: a percentage on stderr."""

    def __init__(self, name: str, total: int | None, enabled: bool) -> None:
        self.name, self.total, self.enabled, self.done = name, total, enabled, 0

    def __enter__(self):
        return self

    def __exit__(self, *exception) -> None:
        if self.enabled:
            print(file=sys.stderr)

    def update(self, count: int) -> None:
        self.done += count
        if self.enabled and self.total:
            print(f"\r{self.name}: {100 * self.done // self.total}%", end="", file=sys.stderr)
