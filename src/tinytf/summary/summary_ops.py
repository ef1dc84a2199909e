"""`tf.summary` ops: each yields a serialized Summary protobuf (a string scalar) when run.

The builders name ops and tags as TensorFlow 1.x does (`scalar("loss")` inside scope "train"
is op "train/loss" with tag "train/loss"), and add them to the SUMMARIES collection for
`merge_all`. The kernels serialise with tinytf's own protobuf messages: no tensorboard
package is needed.
"""

from __future__ import annotations

import contextlib
import re

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework import graph as graph_module
from tinytf.framework.graph import GraphKeys, name_scope
from tinytf.framework.graph_def import fill_tensor_proto, proto
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.shape_text import dims_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.math_common import check_dtype
from tinytf.ops.png_encoding import encode_png
from tinytf.summary.encoding import encode_wav, fill_histogram_proto, image_as_uint8

# TensorFlow's order, less bfloat16 (which tinytf does not have).
REAL_DTYPES = (
    dtypes.float32,
    dtypes.float64,
    dtypes.int32,
    dtypes.uint8,
    dtypes.int16,
    dtypes.int8,
    dtypes.int64,
    dtypes.uint16,
    dtypes.float16,
    dtypes.uint32,
    dtypes.uint64,
)
IMAGE_DTYPES = (dtypes.uint8, dtypes.float32, dtypes.float16, dtypes.float64)
_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w.]")
_BAD_COLOR = np.array([255, 0, 0, 255], np.uint8)  # TensorFlow's default: opaque red


def scalar(name, tensor, collections=None, family=None):
    """A summary of one real number, shown in TensorBoard's scalars dashboard."""
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor, name="values")
        check_dtype("ScalarSummary", tensor, REAL_DTYPES, "values")
        return summary_op(
            "ScalarSummary", scope, constant(tag, name="tags"), tensor, collections=collections
        )


def histogram(name, values, collections=None, family=None):
    """A summary of the distribution of `values` (any shape), in TensorFlow's buckets."""
    with _summary_scope(name, family, [values]) as (tag, scope):
        values = convert_to_tensor(values, name="values")
        check_dtype("HistogramSummary", values, REAL_DTYPES, "values")
        return summary_op(
            "HistogramSummary", scope, constant(tag, name="tag"), values, collections=collections
        )


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary of up to `max_outputs` images of a [batch, height, width, 1|3|4] tensor.

    Float images are scaled to bytes one by one (see `encoding.image_as_uint8`); tags
    are "<name>/image/<i>", or "<name>/image" when `max_outputs` is 1.
    """
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor, name="tensor")
        check_dtype("ImageSummary", tensor, IMAGE_DTYPES, "tensor")
        return summary_op(
            "ImageSummary",
            scope,
            constant(tag, name="tag"),
            tensor,
            attrs={"max_images": int(max_outputs)},
            collections=collections,
        )


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """A summary of up to `max_outputs` sounds of a float [batch, frames(, channels)] tensor
    with values in [-1, 1], as WAV files TensorBoard plays; tags as `image`'s ("audio")."""
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor, dtype=dtypes.float32, name="tensor")
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        return summary_op(
            "AudioSummaryV2",
            scope,
            constant(tag, name="tag"),
            tensor,
            sample_rate,
            attrs={"max_outputs": int(max_outputs)},
            collections=collections,
        )


def text(name, tensor, collections=None):
    """A summary of a string tensor, shown (as Markdown) in TensorBoard's text dashboard."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype is not dtypes.string:
        raise ValueError(
            f"Expected tensor {tensor.name} to have dtype string, got "
            f"<dtype: '{tensor.dtype.name}'>"
        )
    summary_pb2 = proto("summary")
    metadata = summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text")
    )
    return tensor_summary(name, tensor, collections=collections, summary_metadata=metadata)


def tensor_summary(
    name,
    tensor,
    summary_description=None,
    collections=None,
    summary_metadata=None,
    family=None,
    display_name=None,
):
    """A summary holding a whole tensor; `summary_metadata` (a SummaryMetadata protobuf)
    names the TensorBoard plugin that shows it."""
    metadata = proto("summary").SummaryMetadata()
    if summary_metadata is not None:
        metadata.CopyFrom(summary_metadata)
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor, name="tensor")
        tag = constant(tag, name="tag")
        serialized = constant(metadata.SerializeToString(), name="serialized_summary_metadata")
        return summary_op(
            "TensorSummaryV2", scope, tag, tensor, serialized, collections=collections
        )


def merge(inputs, collections=None, name=None):
    """One summary holding the values of all `inputs` (summary tensors)."""
    inputs = list(inputs)
    if not inputs:
        raise ValueError(
            "List argument 'inputs' to 'MergeSummary' Op with length 0 shorter "
            "than minimum length 1."
        )
    with name_scope(name, "Merge", inputs):
        inputs = [convert_to_tensor(summary) for summary in inputs]
        for summary in inputs:
            check_dtype("MergeSummary", summary, (dtypes.string,), "inputs")
        return summary_op(
            "MergeSummary",
            name or "MergeSummary",
            *inputs,
            collections=collections,
            default_collections=[],
        )


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """`merge` of every summary in collection `key` (matching `scope`); None if none."""
    summaries = graph_module.get_collection(key, scope=scope)
    return merge(summaries, name=name) if summaries else None


@contextlib.contextmanager
def _summary_scope(name, family, values):
    """Enters the name scope of a summary op; yields its tag (the scope's name, after
    `family`, so that TensorBoard files it under that tab) and the scope."""
    name, family = _clean_tag(name), _clean_tag(family)
    with name_scope(name if family is None else f"{family}/{name}", values=values) as scope:
        tag = scope.rstrip("/")
        yield (tag if family is None else f"{family}/{tag}"), scope


def _clean_tag(name):
    """`name` with characters TensorBoard does not allow in tags replaced by "_"."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


def summary_op(
    op_type, name, *inputs, attrs=None, collections=None, default_collections=(GraphKeys.SUMMARIES,)
):
    """Adds a summary op to the default graph and its output to `collections`."""
    graph = graph_module.get_default_graph()
    summary = graph.create_op(op_type, inputs, attrs, name=name).outputs[0]
    for key in default_collections if collections is None else collections:
        graph.add_to_collection(key, summary)
    return summary


def _string_scalar(inputs, attrs):
    return dtypes.string, TensorShape([])


def _serialized(summary) -> np.ndarray:
    return np.array(summary.SerializeToString(), dtype=object)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@register_op("ScalarSummary", infer=_string_scalar, bind=True)
def _scalar_summary_kernel(op, session):
    summary_pb2 = proto("summary")

    def run(tags, values):
        if tags.shape != values.shape:
            first_tag = _text(tags.flat[0]) if tags.size else ""
            raise errors.InvalidArgumentError(
                None,
                op,
                f"tags and values are not the same shape: {dims_text(tags.shape)} != "
                f"{dims_text(values.shape)} (tag '{first_tag}')",
            )
        summary = summary_pb2.Summary()
        for tag, value in zip(tags.flat, values.flat, strict=True):
            summary.value.add(tag=_text(tag), simple_value=float(value))
        return _serialized(summary)

    return run


@register_op("HistogramSummary", infer=_string_scalar, bind=True)
def _histogram_summary_kernel(op, session):
    summary_pb2 = proto("summary")

    def run(tag, values):
        values = values.astype(np.float64, copy=False)
        if np.isnan(values).any():
            raise errors.InvalidArgumentError(None, op, f"Nan in summary histogram for: {op.name}")
        if np.isinf(values).any():
            raise errors.InvalidArgumentError(None, op, f"Infinity in Histogram for: {op.name}")
        summary = summary_pb2.Summary()
        value = summary.value.add(tag=_text(tag.item()))
        fill_histogram_proto(value.histo, values)
        return _serialized(summary)

    return run


@register_op("ImageSummary", infer=_string_scalar, bind=True)
def _image_summary_kernel(op, session):
    summary_pb2 = proto("summary")
    max_images = op.get_attr("max_images")

    def run(tag, images):
        if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Tensor must be 4-D with last dim 1, 3, or 4, not {dims_text(images.shape)}",
            )
        base_tag = _text(tag.item())
        summary = summary_pb2.Summary()
        for index, image in enumerate(images[:max_images]):
            height, width, channels = image.shape
            value = summary.value.add(
                tag=f"{base_tag}/image/{index}" if max_images > 1 else f"{base_tag}/image"
            )
            value.image.height, value.image.width = height, width
            value.image.colorspace = channels
            value.image.encoded_image_string = encode_png(image_as_uint8(image, _BAD_COLOR))
        return _serialized(summary)

    return run


@register_op("AudioSummaryV2", infer=_string_scalar, bind=True)
def _audio_summary_kernel(op, session):
    summary_pb2 = proto("summary")
    max_outputs = op.get_attr("max_outputs")

    def run(tag, sounds, sample_rate):
        if sounds.ndim not in (2, 3):
            raise errors.InvalidArgumentError(
                None,
                op,
                "sample_rate must be a scalar, and tensor must be 2-D or 3-D, got "
                f"{dims_text(sounds.shape)}",
            )
        if sounds.ndim == 2:
            sounds = sounds[:, :, np.newaxis]
        base_tag = _text(tag.item())
        rate = float(sample_rate)
        summary = summary_pb2.Summary()
        for index, sound in enumerate(sounds[:max_outputs]):
            value = summary.value.add(
                tag=f"{base_tag}/audio/{index}" if max_outputs > 1 else f"{base_tag}/audio"
            )
            value.audio.sample_rate = rate
            value.audio.num_channels, value.audio.length_frames = sound.shape[1], sound.shape[0]
            value.audio.content_type = "audio/wav"
            value.audio.encoded_audio_string = encode_wav(sound, rate)
        return _serialized(summary)

    return run


@register_op("TensorSummaryV2", infer=_string_scalar, bind=True)
def _tensor_summary_kernel(op, session):
    summary_pb2 = proto("summary")

    def run(tag, tensor, serialized_metadata):
        summary = summary_pb2.Summary()
        value = summary.value.add(tag=_text(tag.item()))
        fill_tensor_proto(value.tensor, tensor)
        value.metadata.ParseFromString(serialized_metadata.item())
        return _serialized(summary)

    return run


@register_op("MergeSummary", infer=_string_scalar, bind=True)
def _merge_summary_kernel(op, session):
    summary_pb2 = proto("summary")

    def run(*inputs):
        merged = summary_pb2.Summary()
        tags = set()
        for serialized in (item for summaries in inputs for item in summaries.flat):
            part = summary_pb2.Summary()
            try:
                part.ParseFromString(serialized)
            except Exception as error:
                raise errors.InvalidArgumentError(
                    None, op, "Could not parse one of the summary inputs"
                ) from error
            for value in part.value:
                if value.tag in tags:
                    raise errors.InvalidArgumentError(
                        None, op, f"Duplicate tag {value.tag} found in summary inputs"
                    )
                tags.add(value.tag)
            merged.value.extend(part.value)
        return _serialized(merged)

    return run


for _op_type in (
    "AudioSummaryV2",
    "ScalarSummary",
    "HistogramSummary",
    "ImageSummary",
    "TensorSummaryV2",
    "MergeSummary",
):
    NotDifferentiable(_op_type)
