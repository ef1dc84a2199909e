"""`tf.metrics`: streaming accuracy, mean, precision, recall and AUC (see ops.metrics_ops)."""

from tinytf.ops.metrics_ops import accuracy, auc, mean, precision, recall

__all__ = ["accuracy", "auc", "mean", "precision", "recall"]
