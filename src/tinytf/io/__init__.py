"""`tf.io`: reading files in the graph (readers, read_file), CSV and Example parsing, and
TFRecord files.

Each block below re-exports one module's part of the `tf.io` surface.
"""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.io.reader_ops import read_file, write_file
from tinytf.io.parsing_ops import (
    FixedLenFeature,
    VarLenFeature,
    decode_csv,
    parse_example,
    parse_single_example,
)
from tinytf.io.tf_record import (
    TFRecordCompressionType,
    TFRecordOptions,
    TFRecordWriter,
    tf_record_iterator,
)
from tinytf import gfile

__getattr__ = _unsupported_hook("tf.io", globals())
