"""`tf.saved_model` for graphs of MLP size: `simple_save` writes a SavedModel directory
(saved_model.pb and a variables checkpoint) that TensorFlow loads, and `loader.load` loads
one written by TensorFlow or tinytf."""

from tinytf import _unsupported
from tinytf.saved_model import (
    constants,
    loader,
    signature_constants,
    signature_def_utils,
    tag_constants,
    utils,
)
from tinytf.saved_model.constants import (
    SAVED_MODEL_FILENAME_PB,
    SAVED_MODEL_SCHEMA_VERSION,
    VARIABLES_DIRECTORY,
    VARIABLES_FILENAME,
)
from tinytf.saved_model.loader import contains_saved_model, load, maybe_saved_model_directory
from tinytf.saved_model.signature_constants import (
    DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    PREDICT_INPUTS,
    PREDICT_METHOD_NAME,
    PREDICT_OUTPUTS,
)
from tinytf.saved_model.signature_def_utils import build_signature_def, predict_signature_def
from tinytf.saved_model.simple_save import simple_save
from tinytf.saved_model.tag_constants import SERVING, TRAINING
from tinytf.saved_model.utils import build_tensor_info, get_tensor_from_tensor_info

__all__ = [
    "DEFAULT_SERVING_SIGNATURE_DEF_KEY",
    "PREDICT_INPUTS",
    "PREDICT_METHOD_NAME",
    "PREDICT_OUTPUTS",
    "SAVED_MODEL_FILENAME_PB",
    "SAVED_MODEL_SCHEMA_VERSION",
    "SERVING",
    "TRAINING",
    "VARIABLES_DIRECTORY",
    "VARIABLES_FILENAME",
    "build_signature_def",
    "build_tensor_info",
    "constants",
    "contains_saved_model",
    "get_tensor_from_tensor_info",
    "load",
    "loader",
    "maybe_saved_model_directory",
    "predict_signature_def",
    "signature_constants",
    "signature_def_utils",
    "simple_save",
    "tag_constants",
    "utils",
]


def __getattr__(name):
    raise _unsupported.unsupported("tf.saved_model", name, globals())
