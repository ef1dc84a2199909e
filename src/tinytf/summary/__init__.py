"""`tf.summary`: summary ops, the FileWriter that stores them for TensorBoard, and the
protobuf classes `Summary`, `Event`, `SessionLog` and `HistogramProto` (tinytf's own,
imported on first use).
"""

from tinytf import _unsupported
from tinytf.summary.summary_ops import (
    audio,
    histogram,
    image,
    merge,
    merge_all,
    scalar,
    tensor_summary,
    text,
)
from tinytf.summary.writer import FileWriter, FileWriterCache

__all__ = [
    "FileWriter",
    "FileWriterCache",
    "audio",
    "histogram",
    "image",
    "merge",
    "merge_all",
    "scalar",
    "tensor_summary",
    "text",
]

_PROTO_CLASSES = {
    "Summary": "summary",
    "SummaryMetadata": "summary",
    "HistogramProto": "summary",
    "Event": "event",
    "SessionLog": "event",
    "TaggedRunMetadata": "event",
}


def __getattr__(name):
    if name in _PROTO_CLASSES:
        from tinytf.framework.graph_def import proto

        return getattr(proto(_PROTO_CLASSES[name]), name)
    raise _unsupported.unsupported("tf.summary", name, globals())
