"""`tf.logging`: TensorFlow 1.x's logging functions on the standard library's `logging`.

Messages go to the "tinytf" logger. As in TensorFlow, only warnings and worse show until
`tf.logging.set_verbosity(tf.logging.INFO)`, and a handler writing to stderr is added on
first use unless the program has configured logging itself.
"""

import logging as _logging
import sys
import threading

from tinytf._unsupported import unsupported_hook as _unsupported_hook

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger: _logging.Logger | None = None
_lock = threading.Lock()
_call_counts: dict[tuple, int] = {}


def get_logger() -> _logging.Logger:
    """The logger tf.logging writes to."""
    global _logger
    with _lock:
        if _logger is None:
            logger = _logging.getLogger("tinytf")
            if not _logging.getLogger().handlers:
                handler = _logging.StreamHandler(sys.stderr)
                handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT))
                logger.addHandler(handler)
            _logger = logger
        return _logger


def log(level: int, msg, *args, **kwargs) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs) -> None:
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs) -> None:
    get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs) -> None:
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs) -> None:
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs) -> None:
    """Logs at FATAL; like TensorFlow's, it does not stop the program."""
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level: int, msg, *args, **kwargs) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def TaskLevelStatusMessage(msg) -> None:  # noqa: N802 - TensorFlow's name
    error(msg)


def flush() -> None:
    for handler in get_logger().handlers:
        handler.flush()


def _count_call() -> int:
    """How many times the calling line (of the caller's caller) has logged before."""
    frame = sys._getframe(2)
    token = (frame.f_code.co_filename, frame.f_lineno)
    with _lock:
        count = _call_counts.get(token, 0)
        _call_counts[token] = count + 1
    return count


def log_every_n(level: int, msg, n: int, *args) -> None:
    """Logs on the 1st, (n+1)th, (2n+1)th... call from the same line."""
    if _count_call() % n == 0:
        log(level, msg, *args)


def log_first_n(level: int, msg, n: int, *args) -> None:
    """Logs on the first `n` calls from the same line."""
    if _count_call() < n:
        log(level, msg, *args)


def log_if(level: int, msg, condition, *args) -> None:
    if condition:
        log(level, msg, *args)


def get_verbosity() -> int:
    return get_logger().getEffectiveLevel()


def set_verbosity(v: int) -> None:
    """Shows messages at level `v` (DEBUG, INFO, WARN, ERROR or FATAL) and above."""
    get_logger().setLevel(v)


__all__ = [
    "DEBUG",
    "ERROR",
    "FATAL",
    "INFO",
    "TaskLevelStatusMessage",
    "WARN",
    "debug",
    "error",
    "fatal",
    "flush",
    "get_logger",
    "get_verbosity",
    "info",
    "log",
    "log_every_n",
    "log_first_n",
    "log_if",
    "set_verbosity",
    "vlog",
    "warn",
    "warning",
]

__getattr__ = _unsupported_hook("tf.logging", globals())
