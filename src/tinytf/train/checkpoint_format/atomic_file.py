"""Files that appear complete or not at all: written beside the target, fsync'd, renamed.

A temporary file is named `<target>.tempstate<pid>-<token>`: the writing process's id and
a random token. A killed writer leaves its temporary file behind; the next write of the
same target removes those whose process is gone, and never a live process's (nor one
this process is still writing).
"""

from __future__ import annotations

import os
import re
import secrets

_TEMPORARY_SUFFIX = re.compile(r"\.tempstate(\d+)-[0-9a-f]+")
# The temporary files this process is writing now, which a cleanup must leave alone.
_open_temporaries: set[str] = set()


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


def temporary_path(path: str) -> str:
    """A new temporary file name for `path`, telling which process writes it."""
    return f"{path}.tempstate{os.getpid()}-{secrets.token_hex(8)}"


def _process_is_alive(pid: int) -> bool:
    """Whether a process `pid` exists (in doubt, or on Windows, where signal 0 would
    terminate it, yes)."""
    if os.name == "nt" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is another user's, or cannot be asked
        return True
    return True


def remove_stale_temporaries(path: str) -> list[str]:
    """Removes the temporary files of `path` that killed writers left; returns them."""
    directory, name = os.path.split(path)
    removed = []
    try:
        entries = list(os.scandir(directory or "."))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(name):
            continue
        match = _TEMPORARY_SUFFIX.fullmatch(entry.name, len(name))
        if match is None or os.path.abspath(entry.path) in _open_temporaries:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not _process_is_alive(pid):
            try:
                os.remove(entry.path)
                removed.append(entry.path)
            except OSError:
                pass  # gone already, or not ours to remove
    return removed


class AtomicFile:
    """A binary file written to a temporary file beside `path`, renamed on commit().

    Until commit() returns, `path` keeps its previous content (or stays absent), whatever
    happens to the process: this is how an interrupted save leaves the last checkpoint whole.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        remove_stale_temporaries(path)
        self.temporary_path = temporary_path(path)
        _open_temporaries.add(os.path.abspath(self.temporary_path))  # before it exists
        try:
            self._file = open(self.temporary_path, "wb")
        except BaseException:
            _open_temporaries.discard(os.path.abspath(self.temporary_path))
            raise

    def write(self, data) -> None:
        self._file.write(data)

    def seek(self, offset: int) -> None:
        self._file.seek(offset)

    def commit(self) -> None:
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self.temporary_path, self.path)
        finally:
            _open_temporaries.discard(os.path.abspath(self.temporary_path))
        _sync_directory(os.path.dirname(self.path))

    def discard(self) -> None:
        """Drops the temporary file; `path` is untouched."""
        self._file.close()
        try:
            os.remove(self.temporary_path)
        except FileNotFoundError:
            pass
        finally:
            _open_temporaries.discard(os.path.abspath(self.temporary_path))


def write_atomically(path: str, data: bytes) -> None:
    """Replaces `path` with `data` so that readers see the old or the new content, never half."""
    atomic = AtomicFile(path)
    try:
        atomic.write(data)
        atomic.commit()
    except BaseException:
        atomic.discard()
        raise
