"""`tf.gfile`: TensorFlow 1.x's file functions, on the local file system only.

Failures raise TensorFlow's error classes (`tf.errors.NotFoundError` for a missing file...).
Unlike TensorFlow, which reads gs:// or hdfs:// paths through plug-ins, tinytf reads local
paths only, and directory listings come back sorted.
"""

import contextlib
import glob
import os
import shutil

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.framework import errors

_MODES = ("r", "w", "a", "r+", "w+", "a+")


@contextlib.contextmanager
def _translated_errors(path):
    """OSError as TensorFlow's error classes, worded as TensorFlow words them."""
    try:
        yield
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except FileExistsError:
        raise errors.AlreadyExistsError(None, None, "file already exists") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory") from None
    except NotADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Not a directory") from None
    except PermissionError:
        raise errors.PermissionDeniedError(None, None, f"{path}; Permission denied") from None


class GFile:
    """A file, opened on first use: text in "r"/"w"/"a" modes, bytes with "b" (as TF)."""

    def __init__(self, name, mode: str = "r") -> None:
        self._name = os.fspath(name)
        self._mode = mode
        self._file = None

    name = property(lambda self: self._name)
    mode = property(lambda self: self._mode)

    def _opened(self, access: str = ""):
        """The open file, checked for `access` ("reading", "writing" or "" for either)."""
        if self._mode.replace("b", "") not in _MODES:
            raise errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'"
            )
        allowed = {
            "reading": self._mode[0] == "r" or "+" in self._mode,
            "writing": self._mode[0] in "wa" or "+" in self._mode,
            "": True,
        }
        if not allowed[access]:
            raise errors.PermissionDeniedError(None, None, f"File isn't open for {access}")
        if self._file is None:
            with _translated_errors(self._name):
                # Text as TensorFlow reads it: UTF-8, line endings untranslated.
                text = {} if "b" in self._mode else {"encoding": "utf-8", "newline": ""}
                self._file = open(self._name, self._mode, **text)  # noqa: SIM115
        return self._file

    def read(self, n: int = -1):
        return self._opened("reading").read(n)

    def readline(self):
        return self._opened("reading").readline()

    def readlines(self) -> list:
        return self._opened("reading").readlines()

    def write(self, file_content) -> None:
        self._opened("writing").write(file_content)

    def seek(self, offset=None, whence: int = 0, position=None) -> None:
        self._opened().seek(position if offset is None else offset, whence)

    def tell(self) -> int:
        return self._opened().tell()

    def size(self) -> int:
        with _translated_errors(self._name):
            return os.stat(self._name).st_size

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def __enter__(self) -> "GFile":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


Open = GFile
FastGFile = GFile


class FileStatistics:
    """What `Stat` reports: size in bytes, modification time in nanoseconds, kind."""

    def __init__(self, length: int, mtime_nsec: int, is_directory: bool) -> None:
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory


def Exists(filename) -> bool:  # noqa: N802 - TensorFlow's names
    return os.path.exists(filename)


def IsDirectory(dirname) -> bool:  # noqa: N802
    return os.path.isdir(dirname)


def MkDir(dirname) -> None:  # noqa: N802
    """Creates one directory (its parent must exist); an existing one is left alone."""
    if not os.path.isdir(dirname):
        with _translated_errors(dirname):
            os.mkdir(dirname)


def MakeDirs(dirname) -> None:  # noqa: N802
    """Creates a directory and any missing parents."""
    with _translated_errors(dirname):
        os.makedirs(dirname, exist_ok=True)


def ListDirectory(dirname) -> list[str]:  # noqa: N802
    """The names of the entries of `dirname` (not paths), sorted."""
    if not os.path.isdir(dirname):
        raise errors.NotFoundError(None, None, f"Could not find directory {dirname}")
    return sorted(os.listdir(dirname))


def Glob(filename) -> list[str]:  # noqa: N802
    """The paths matching the pattern `filename`, sorted."""
    return sorted(glob.glob(os.fspath(filename)))


def Remove(filename) -> None:  # noqa: N802
    """Deletes a file (not a directory: use DeleteRecursively)."""
    with _translated_errors(filename):
        if os.path.isdir(filename):
            raise IsADirectoryError(filename)
        os.remove(filename)


def DeleteRecursively(dirname) -> None:  # noqa: N802
    """Deletes a directory and everything in it (or a single file)."""
    if not os.path.exists(dirname):
        raise errors.NotFoundError(None, None, f"{dirname} not found")
    with _translated_errors(dirname):
        if os.path.isdir(dirname):
            shutil.rmtree(dirname)
        else:
            os.remove(dirname)


def Copy(oldpath, newpath, overwrite: bool = False) -> None:  # noqa: N802
    with _translated_errors(oldpath):
        if not overwrite and os.path.exists(newpath):
            raise FileExistsError(newpath)
        shutil.copyfile(oldpath, newpath)


def Rename(oldname, newname, overwrite: bool = False) -> None:  # noqa: N802
    with _translated_errors(oldname):
        if not os.path.exists(oldname):
            raise FileNotFoundError(oldname)
        if not overwrite and os.path.exists(newname):
            raise FileExistsError(newname)
        os.replace(oldname, newname)


def Stat(filename) -> FileStatistics:  # noqa: N802
    with _translated_errors(filename):
        status = os.stat(filename)
    return FileStatistics(status.st_size, status.st_mtime_ns, os.path.isdir(filename))


def Walk(top, in_order: bool = True):  # noqa: N802
    """(directory, subdirectory names, file names) for `top` and each directory below it,
    parents first (`in_order`) or last; nothing if `top` does not exist."""
    if not os.path.isdir(top):
        return
    names = sorted(os.listdir(top))
    subdirectories = [name for name in names if os.path.isdir(os.path.join(top, name))]
    files = [name for name in names if name not in subdirectories]
    if in_order:
        yield top, subdirectories, files
    for name in subdirectories:
        yield from Walk(os.path.join(top, name), in_order)
    if not in_order:
        yield top, subdirectories, files


__all__ = [
    "Copy",
    "DeleteRecursively",
    "Exists",
    "FastGFile",
    "FileStatistics",
    "GFile",
    "Glob",
    "IsDirectory",
    "ListDirectory",
    "MakeDirs",
    "MkDir",
    "Open",
    "Remove",
    "Rename",
    "Stat",
    "Walk",
]

__getattr__ = _unsupported_hook("tf.gfile", globals())
