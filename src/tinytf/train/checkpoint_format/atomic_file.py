"""Files that appear complete or not at all: written beside the target, fsync'd, renamed."""

from __future__ import annotations

import os
import secrets


def _sync_directory(directory: str) -> None:
    """Makes a rename durable; a no-op where directories cannot be opened (Windows)."""
    try:
        descriptor = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class AtomicFile:
    """A binary file written to `path + ".tempstate<random>"` and renamed on commit().

    Until commit() returns, `path` keeps its previous content (or stays absent), whatever
    happens to the process: this is how an interrupted save leaves the last checkpoint whole.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.temporary_path = f"{path}.tempstate{secrets.randbits(63)}"
        self._file = open(self.temporary_path, "wb")

    def write(self, data) -> None:
        self._file.write(data)

    def seek(self, offset: int) -> None:
        self._file.seek(offset)

    def commit(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.temporary_path, self.path)
        _sync_directory(os.path.dirname(self.path))

    def discard(self) -> None:
        """Drops the temporary file; `path` is untouched."""
        self._file.close()
        try:
            os.remove(self.temporary_path)
        except FileNotFoundError:
            pass


def write_atomically(path: str, data: bytes) -> None:
    """Replaces `path` with `data` so that readers see the old or the new content, never half."""
    atomic = AtomicFile(path)
    try:
        atomic.write(data)
        atomic.commit()
    except BaseException:
        atomic.discard()
        raise
