"""Summary ops: TensorFlow's op names, tags and collections, and the Summary they serialise."""

import io
import sys

import numpy as np
import pytest

import tinytf as tf

summary_pb2 = pytest.importorskip("tensorboard.compat.proto.summary_pb2")
Image = pytest.importorskip("PIL.Image")


def run_summary(summary, feed_dict=None):
    with tf.Session() as session:
        serialized = session.run(summary, feed_dict)
    assert isinstance(serialized, bytes)
    return summary_pb2.Summary.FromString(serialized)


def reference_histogram(values):
    """TensorFlow's Histogram::Add and EncodeToProto, one value and one bucket at a time."""
    positive, limit = [], 1e-12
    while limit < 1e20:
        positive.append(limit)
        limit *= 1.1
    positive.append(sys.float_info.max)
    limits = [-edge for edge in reversed(positive)] + [0.0] + positive
    counts = [0] * len(limits)
    for value in values:
        counts[next(i for i, edge in enumerate(limits) if edge > value)] += 1
    encoded, index = [], 0
    while index < len(counts):
        end, count = limits[index], counts[index]
        index += 1
        if count == 0:
            while index < len(counts) and counts[index] == 0:
                end, count = limits[index], counts[index]
                index += 1
        encoded.append((end, count))
    return encoded


def test_scalar_op_and_tag_follow_name_scopes_and_families():
    value = tf.constant(2.5)
    with tf.name_scope("train"):
        plain = tf.summary.scalar("loss", value)
        family = tf.summary.scalar("loss", value, family="fam")
    assert (plain.op.name, plain.op.type, plain.dtype) == ("train/loss", "ScalarSummary", tf.string)
    assert plain.shape == tf.TensorShape([])
    assert [t.op.name for t in plain.op.inputs] == ["train/loss/tags", "Const"]
    assert family.op.name == "train/fam/loss"
    assert [value.tag for value in run_summary(family).value] == ["fam/train/fam/loss"]
    (result,) = run_summary(plain).value
    assert (result.tag, result.simple_value) == ("train/loss", 2.5)
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [plain, family]


def test_tags_have_illegal_characters_replaced():
    summary = tf.summary.scalar("/my loss!", 1.0)
    assert summary.op.name == "my_loss_"
    assert run_summary(summary).value[0].tag == "my_loss_"


def test_collections_argument_replaces_the_default():
    summary = tf.summary.histogram("h", [1.0], collections=["mine"])
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == []
    assert tf.get_collection("mine") == [summary]


def test_scalar_of_a_non_scalar_is_tensorflows_error_when_run():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    summary = tf.summary.scalar("loss", x)
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"tags and values are not the same shape: \[\] != \[2,3\] "
        r"\(tag 'loss'\)",
    ):
        run_summary(summary, {x: np.ones((2, 3))})


def test_scalar_refuses_strings_and_booleans_when_built():
    with pytest.raises(TypeError, match="DataType string not in list of allowed values"):
        tf.summary.scalar("s", tf.constant("x"))
    with pytest.raises(TypeError, match="DataType bool not in list"):
        tf.summary.histogram("h", tf.constant([True]))


def test_integer_scalars_become_floats():
    assert (
        run_summary(tf.summary.scalar("s", tf.constant(3, tf.int64))).value[0].simple_value == 3.0
    )


@pytest.mark.parametrize(
    "values",
    [
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        [-3.5, -1e-13, 0.0, 1e-13, 7.25e10, 7.25e10],
        [],
    ],
)
def test_histogram_buckets_are_tensorflows(values):
    values = np.array(values, np.float32).astype(np.float64).tolist()
    (value,) = run_summary(tf.summary.histogram("h", np.array(values, np.float32))).value
    histogram = value.histo
    expected = reference_histogram(values)
    assert list(zip(histogram.bucket_limit, histogram.bucket, strict=True)) == expected
    assert histogram.num == len(values) == sum(histogram.bucket)
    if values:
        assert (histogram.min, histogram.max) == (min(values), max(values))
        assert histogram.sum == pytest.approx(sum(values))
        assert histogram.sum_squares == pytest.approx(sum(v * v for v in values))
    else:
        assert (histogram.min, histogram.max) == (sys.float_info.max, -sys.float_info.max)


def test_histogram_of_nan_or_infinity_is_tensorflows_error():
    x = tf.placeholder(tf.float32, [None], name="x")
    summary = tf.summary.histogram("weights", x)
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="Nan in summary histogram for: weights"
    ):
        run_summary(summary, {x: [1.0, np.nan]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Infinity in Histogram for: weights"):
        run_summary(summary, {x: [-np.inf]})


def decoded(value):
    return np.asarray(Image.open(io.BytesIO(value.image.encoded_image_string)))


def test_image_tags_shapes_and_uint8_pixels():
    images = np.arange(2 * 2 * 3 * 3, dtype=np.uint8).reshape(2, 2, 3, 3) * 7
    values = run_summary(tf.summary.image("batch", images)).value
    assert [value.tag for value in values] == ["batch/image/0", "batch/image/1"]
    assert (values[1].image.height, values[1].image.width, values[1].image.colorspace) == (2, 3, 3)
    np.testing.assert_array_equal(decoded(values[1]), images[1])
    (single,) = run_summary(tf.summary.image("one", images, max_outputs=1)).value
    assert single.tag == "one/image"


def test_float_images_are_scaled_as_in_tensorflow():
    positive = np.array([[[[0.0], [0.5], [2.0]]]], np.float32)
    signed = np.array([[[[-2.0], [0.0], [1.0]]]], np.float32)
    broken = np.array([[[[0.0, 0.0, 1.0], [np.nan, 0.0, 0.0]]]], np.float32)
    np.testing.assert_array_equal(
        decoded(run_summary(tf.summary.image("p", positive)).value[0]), [[0, 63, 255]]
    )
    np.testing.assert_array_equal(
        decoded(run_summary(tf.summary.image("s", signed)).value[0]), [[1, 128, 191]]
    )
    np.testing.assert_array_equal(
        decoded(run_summary(tf.summary.image("b", broken)).value[0]), [[[0, 0, 255], [255, 0, 0]]]
    )


def test_image_needs_four_dimensions_and_1_3_or_4_channels():
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"Tensor must be 4-D with last dim 1, 3, or 4, not \[1,2,2,2\]",
    ):
        run_summary(tf.summary.image("im", tf.zeros([1, 2, 2, 2])))
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.summary.image("im", tf.zeros([1, 2, 2, 1], tf.int32))


def test_text_summary_carries_the_tensor_and_the_text_plugin():
    summary = tf.summary.text("notes", tf.constant([["a", "é"]]))
    assert [t.op.name for t in summary.op.inputs] == [
        "notes/tag",
        "Const",
        "notes/serialized_summary_metadata",
    ]
    (value,) = run_summary(summary).value
    assert value.metadata.plugin_data.plugin_name == "text"
    assert list(value.tensor.string_val) == [b"a", "é".encode()]
    assert [dim.size for dim in value.tensor.tensor_shape.dim] == [1, 2]


def test_tensor_summary_keeps_the_tensor_and_its_metadata():
    values = np.arange(6, dtype=np.int64).reshape(2, 3)
    summary = tf.summary.tensor_summary(
        "counts", values, display_name="Counts", summary_description="per class"
    )
    (value,) = run_summary(summary).value
    assert value.tag == "counts" and value.metadata.display_name == "Counts"
    assert value.metadata.summary_description == "per class"
    assert value.tensor.dtype == tf.int64.as_datatype_enum
    decoded = np.frombuffer(value.tensor.tensor_content, np.int64).reshape(2, 3)
    np.testing.assert_array_equal(decoded, values)


def test_text_needs_a_string_tensor():
    with pytest.raises(
        ValueError, match="Expected tensor x:0 to have dtype string, got <dtype: 'float32'>"
    ):
        tf.summary.text("t", tf.placeholder(tf.float32, name="x"))


def test_merge_and_merge_all():
    a = tf.summary.scalar("a", 1.0)
    with tf.name_scope("fam"):
        b = tf.summary.histogram("b", [1.0, 2.0])
    tf.summary.scalar("elsewhere", 3.0, collections=[])
    merged = tf.summary.merge([a, b], name="foo")
    assert (merged.op.name, merged.op.type) == ("foo/foo", "MergeSummary")
    assert merged not in tf.get_collection(tf.GraphKeys.SUMMARIES)
    everything = tf.summary.merge_all()
    assert everything.op.name == "Merge/MergeSummary"
    assert [value.tag for value in run_summary(everything).value] == ["a", "fam/b"]
    assert [value.tag for value in run_summary(tf.summary.merge_all(scope="fam")).value] == [
        "fam/b"
    ]
    assert tf.summary.merge_all("nothing") is None


def test_merge_errors():
    with pytest.raises(ValueError, match="length 0 shorter than minimum length 1"):
        tf.summary.merge([])
    twice = tf.summary.scalar("a", 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate tag a found"):
        run_summary(tf.summary.merge([twice, twice]))
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="Could not parse one of the summary inputs"
    ):
        run_summary(tf.summary.merge([tf.constant(b"\xff\xff")]))


def test_summaries_have_no_gradient():
    x = tf.constant(1.0)
    assert tf.gradients(tf.summary.scalar("x", x), x) == [None]


def test_tensorflow_0x_names():
    x = tf.constant([1.0, 2.0])
    with tf.name_scope("scope"):
        scalars = tf.scalar_summary(["first", "second"], x)
    histogram = tf.histogram_summary("values", x)
    image = tf.image_summary("picture", tf.zeros([1, 2, 2, 1]), max_images=1)
    assert (scalars.op.name, histogram.op.name, image.op.name) == (
        "scope/ScalarSummary",
        "HistogramSummary",
        "ImageSummary",
    )
    merged = tf.merge_summary([scalars, histogram], name="both")
    assert [value.tag for value in run_summary(merged).value] == ["first", "second", "values"]
    assert [value.tag for value in run_summary(tf.merge_all_summaries()).value] == [
        "first",
        "second",
        "values",
        "picture/image",
    ]
