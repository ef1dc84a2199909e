"""TensorFlow 0.x's summary functions (`tf.scalar_summary`...), kept for old programs.

Unlike `tf.summary.*`, they use the tag as given: name scopes do not prefix it.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_collection, name_scope
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import check_dtype
from tinytf.summary.summary_ops import IMAGE_DTYPES, REAL_DTYPES, summary_op


def scalar_summary(tags, values, collections=None, name=None):
    """`tags` (a string, or strings shaped like `values`) with one real number each."""
    with name_scope(name, "ScalarSummary", [tags, values]) as scope:
        tags = convert_to_tensor(tags, dtype=dtypes.string, name="tags")
        values = convert_to_tensor(values, name="values")
        check_dtype("ScalarSummary", values, REAL_DTYPES, "values")
        return summary_op("ScalarSummary", scope, tags, values, collections=collections)


def histogram_summary(tag, values, collections=None, name=None):
    with name_scope(name, "HistogramSummary", [tag, values]) as scope:
        tag = convert_to_tensor(tag, dtype=dtypes.string, name="tag")
        values = convert_to_tensor(values, name="values")
        check_dtype("HistogramSummary", values, REAL_DTYPES, "values")
        return summary_op("HistogramSummary", scope, tag, values, collections=collections)


def image_summary(tag, tensor, max_images=3, collections=None, name=None):
    with name_scope(name, "ImageSummary", [tag, tensor]) as scope:
        tag = convert_to_tensor(tag, dtype=dtypes.string, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        check_dtype("ImageSummary", tensor, IMAGE_DTYPES, "tensor")
        return summary_op(
            "ImageSummary",
            scope,
            tag,
            tensor,
            attrs={"max_images": int(max_images)},
            collections=collections,
        )


def merge_summary(inputs, collections=None, name=None):
    inputs = [convert_to_tensor(summary) for summary in inputs]
    with name_scope(name, "MergeSummary", inputs) as scope:
        return summary_op(
            "MergeSummary", scope, *inputs, collections=collections, default_collections=()
        )


def merge_all_summaries(key=GraphKeys.SUMMARIES):
    summaries = get_collection(key)
    return merge_summary(summaries) if summaries else None
