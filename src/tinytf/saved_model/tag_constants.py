"""The tags that name a SavedModel's meta graphs."""

SERVING = "serve"
TRAINING = "train"
