"""The `tf` the course programs run on: `from _engine import tf` in place of
`import tensorflow as tf`.

TINYTF_ENGINE=tensorflow picks TensorFlow's compat.v1 (TF 1.x behaviour), anything else
tinytf. DATA_DIR is where the data sets are: $TINYTF_DATA, or ../shared/data beside
the repository.
"""

import os
import pathlib

if os.environ.get("TINYTF_ENGINE", "tinytf") == "tensorflow":
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in Keras 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
else:
    import tinytf as tf

DATA_DIR = pathlib.Path(
    os.environ.get("TINYTF_DATA", pathlib.Path(__file__).resolve().parents[3] / "shared" / "data")
)

__all__ = ["DATA_DIR", "tf"]
