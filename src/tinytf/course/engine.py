"""The `tf` module the labs are written against: tinytf, or TensorFlow's compat.v1."""

from __future__ import annotations

import os
import warnings

ENGINES = ("tinytf", "tensorflow")


def load_engine(name: str = "tinytf"):
    """`import tinytf as tf`, or TensorFlow's `compat.v1` with TF 2 behaviour switched off.

    Either module offers the same TensorFlow 1.x API, so one lab runs on both.
    """
    if name == "tinytf":
        import tinytf

        return tinytf
    if name != "tensorflow":
        raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    # tf.layers lives in the legacy Keras package; these must be set before the import.
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import tensorflow.compat.v1 as tf
    except ImportError:
        raise ImportError(
            "--engine tensorflow needs TensorFlow: pip install tensorflow-cpu tf-keras"
        ) from None
    tf.logging.set_verbosity(tf.logging.ERROR)
    tf.disable_v2_behavior()
    warnings.filterwarnings("ignore", message=r".*is deprecated", category=UserWarning)
    return tf
