"""`import tinytf.compat.v1 as tf`: the same API as `import tinytf as tf`."""

__all__ = [
    "disable_eager_execution",
    "disable_v2_behavior",
    "enable_eager_execution",
    "executing_eagerly",
]

import tinytf
from tinytf.eager.context import enable_eager_execution, executing_eagerly


def disable_v2_behavior() -> None:
    """Does nothing: tinytf always behaves as TensorFlow 1.x."""


def disable_eager_execution() -> None:
    """Does nothing: graphs are TF 1.x's default, and eager mode, once on, stays on."""


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(f"module 'tinytf.compat.v1' has no attribute '{name}'")
    return getattr(tinytf, name)


def __dir__() -> list:
    return sorted(set(dir(tinytf)) | set(globals()))
