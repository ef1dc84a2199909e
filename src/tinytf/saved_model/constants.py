"""The file names and version of a SavedModel directory, as TensorFlow's."""

SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_SCHEMA_VERSION = 1
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
MAIN_OP_KEY = "saved_model_main_op"
LEGACY_INIT_OP_KEY = "legacy_init_op"
