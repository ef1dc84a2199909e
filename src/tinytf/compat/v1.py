"""`import tinytf.compat.v1 as tf`: the same API as `import tinytf as tf`."""

import tinytf


def disable_v2_behavior() -> None:
    """Does nothing: tinytf always behaves as TensorFlow 1.x."""


def disable_eager_execution() -> None:
    """Does nothing: tinytf always builds graphs."""


def enable_eager_execution(*args, **kwargs) -> None:
    raise NotImplementedError(
        "tinytf does not implement eager execution: it is the TensorFlow 1.x graph API."
    )


def executing_eagerly() -> bool:
    return False


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(f"module 'tinytf.compat.v1' has no attribute '{name}'")
    return getattr(tinytf, name)


def __dir__() -> list:
    return sorted(set(dir(tinytf)) | set(globals()))
