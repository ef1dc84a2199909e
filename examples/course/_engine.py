"""The `tf` the course programs run on: `from _engine import tf` in place of
`import tensorflow as tf`.

TINYTF_ENGINE=tensorflow picks TensorFlow's compat.v1 (TF 1.x behaviour), anything else
tinytf: the same switch as the labs' `--engine` (tinytf.course.engine). DATA_DIR is where
the data sets are: $TINYTF_DATA, or ../shared/data beside the repository.
"""

import os
import pathlib

from tinytf.course.engine import load_engine

_CHOICE = os.environ.get("TINYTF_ENGINE", "tinytf")
tf = load_engine("tensorflow" if _CHOICE == "tensorflow" else "tinytf")

DATA_DIR = pathlib.Path(
    os.environ.get("TINYTF_DATA", pathlib.Path(__file__).resolve().parents[3] / "shared" / "data")
)

__all__ = ["DATA_DIR", "tf"]
