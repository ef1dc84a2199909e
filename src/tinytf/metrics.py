"""`tf.metrics`: streaming accuracy, mean, precision, recall and AUC (see ops.metrics_ops)."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.ops.metrics_ops import accuracy, auc, mean, precision, recall

__all__ = ["accuracy", "auc", "mean", "precision", "recall"]

__getattr__ = _unsupported_hook("tf.metrics", globals())
