"""The fuzz tier: Hypothesis throws hostile inputs at tinytf, within a fixed budget.

Every case must end in a result or in an accepted error: one of tinytf's
`tf.errors.OpError` types, or a ValueError/TypeError whose message names the culprit (the
tensor, op, file or name at fault). Anything else (an IndexError, a bare csv.Error, a
SyntaxError from a plan, a ValueError that does not say what was wrong) fails the test.
Examples are derandomized, so a run reproduces; FUZZ_EXAMPLES scales them.
"""

import os

from hypothesis import HealthCheck, settings

import tinytf as tf
from tests.fuzz.reporting import record

SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))


def fuzz_settings(examples: int):
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def accept(error: BaseException, *culprits: str) -> None:
    """Re-raises `error` unless the tier accepts it (see the module's docstring)."""
    if isinstance(error, tf.errors.OpError):
        return
    if isinstance(error, (ValueError, TypeError)) and any(
        culprit and culprit in str(error) for culprit in culprits
    ):
        return
    record("crashes")
    raise AssertionError(
        f"a crash outside TensorFlow's error types, or not naming {culprits}: "
        f"{type(error).__name__}: {error}"
    ) from error


def attempt(action, *culprits: str):
    """`action()`'s result, or None after an accepted error; counts the case."""
    try:
        result = action()
    except Exception as error:  # judged by accept()
        accept(error, *culprits)
        result = None
    record()
    return result
