"""`tf.python_io`: TFRecord files written and read in Python (see tinytf.io.tf_record)."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.io.tf_record import (
    TFRecordCompressionType,
    TFRecordOptions,
    TFRecordWriter,
    tf_record_iterator,
)

__getattr__ = _unsupported_hook("tf.python_io", globals())

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]
