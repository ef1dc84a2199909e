"""The differential tier compares tinytf with TensorFlow's compat.v1 (skipped without it)."""

import os

# Before TensorFlow is imported: tf.layers needs Keras 2, and its C++ logs are noise here.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
