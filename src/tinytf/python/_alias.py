"""The lookup behind every `tinytf.python` alias module: names come from tinytf's modules."""

from __future__ import annotations

import importlib
import types

from tinytf._unsupported import unsupported


def alias(module_name: str, namespace: str, *sources: str):
    """Module `module_name`'s `__getattr__` and `__dir__`: a name comes from the modules
    named `sources` (the first that defines it wins), then from the public namespace
    `namespace` ("tf", "tf.nn", "tf.train"...). Sources are imported on first use, and a source that
    does not exist yet is skipped, so a function added to one later shows up here.
    A missing name raises `UnsupportedError` as `namespace.<name>` does.
    """

    def loaded() -> list[types.ModuleType]:
        found = []
        for name in sources:
            try:
                found.append(importlib.import_module(name))
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
        public = importlib.import_module("tinytf")
        for part in namespace.split(".")[1:]:
            public = getattr(public, part, None)
        return [*found, public] if public is not None else found

    def lookup(name: str):
        for module in loaded():
            value = getattr(module, name, _MISSING) if not name.startswith("_") else _MISSING
            if value is not _MISSING and _is_tinytf_api(value):
                return value
        raise unsupported(namespace, name, {"__name__": module_name, **_names(loaded())})

    def names() -> list[str]:
        return sorted(_names(loaded()))

    return lookup, names


_MISSING = object()


def _is_tinytf_api(value) -> bool:
    """Whether `value` is an API of tinytf's rather than something its module imported
    (NumPy, typing) to do its work."""
    if isinstance(value, (types.ModuleType, type(annotations))):
        return False
    if not callable(value):
        return True  # a constant: tf.float32, tf.errors.OUT_OF_RANGE, tf.newaxis
    home = getattr(value, "__module__", None)
    return isinstance(home, str) and home.startswith("tinytf")


def _names(modules: list[types.ModuleType]) -> dict:
    return {
        name: value
        for module in modules
        for name, value in vars(module).items()
        if not name.startswith("_") and _is_tinytf_api(value)
    }
