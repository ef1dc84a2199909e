"""Summaries and event files (tensorflow/core/framework/summary.proto, util/event.proto)."""

from __future__ import annotations

from tinytf.framework.protobuf.graph_pb import TensorProto
from tinytf.framework.protobuf.message import Field, Message


class HistogramProto(Message):
    FIELDS = (
        Field(1, "min", "double"),
        Field(2, "max", "double"),
        Field(3, "num", "double"),
        Field(4, "sum", "double"),
        Field(5, "sum_squares", "double"),
        Field(6, "bucket_limit", "double", "repeated"),
        Field(7, "bucket", "double", "repeated"),
    )


class SummaryMetadata(Message):
    class PluginData(Message):
        FIELDS = (Field(1, "plugin_name", "string"), Field(2, "content", "bytes"))

    FIELDS = (
        Field(1, "plugin_data", "message", message=PluginData),
        Field(2, "display_name", "string"),
        Field(3, "summary_description", "string"),
        Field(4, "data_class", "enum"),
    )


class Summary(Message):
    class Image(Message):
        FIELDS = (
            Field(1, "height", "int32"),
            Field(2, "width", "int32"),
            Field(3, "colorspace", "int32"),
            Field(4, "encoded_image_string", "bytes"),
        )

    class Audio(Message):
        FIELDS = (
            Field(1, "sample_rate", "float"),
            Field(2, "num_channels", "int64"),
            Field(3, "length_frames", "int64"),
            Field(4, "encoded_audio_string", "bytes"),
            Field(5, "content_type", "string"),
        )

    class Value(Message):
        FIELDS = (
            Field(7, "node_name", "string"),
            Field(1, "tag", "string"),
            Field(9, "metadata", "message", message=SummaryMetadata),
            Field(2, "simple_value", "float", oneof="value"),
            Field(3, "obsolete_old_style_histogram", "bytes", oneof="value"),
            Field(4, "image", "message", message=lambda: Summary.Image, oneof="value"),
            Field(5, "histo", "message", message=HistogramProto, oneof="value"),
            Field(6, "audio", "message", message=lambda: Summary.Audio, oneof="value"),
            Field(8, "tensor", "message", message=TensorProto, oneof="value"),
        )

    FIELDS = (Field(1, "value", "message", "repeated", Value),)


class LogMessage(Message):
    FIELDS = (Field(1, "level", "enum"), Field(2, "message", "string"))


class SessionLog(Message):
    STATUS_UNSPECIFIED, START, STOP, CHECKPOINT = 0, 1, 2, 3
    FIELDS = (
        Field(
            1,
            "status",
            "enum",
            enum={0: "STATUS_UNSPECIFIED", 1: "START", 2: "STOP", 3: "CHECKPOINT"},
        ),
        Field(2, "checkpoint_path", "string"),
        Field(3, "msg", "string"),
    )


class TaggedRunMetadata(Message):
    FIELDS = (Field(1, "tag", "string"), Field(2, "run_metadata", "bytes"))


class Event(Message):
    FIELDS = (
        Field(1, "wall_time", "double"),
        Field(2, "step", "int64"),
        Field(3, "file_version", "string", oneof="what"),
        Field(4, "graph_def", "bytes", oneof="what"),
        Field(5, "summary", "message", message=Summary, oneof="what"),
        Field(6, "log_message", "message", message=LogMessage, oneof="what"),
        Field(7, "session_log", "message", message=SessionLog, oneof="what"),
        Field(8, "tagged_run_metadata", "message", message=TaggedRunMetadata, oneof="what"),
        Field(9, "meta_graph_def", "bytes", oneof="what"),
    )
