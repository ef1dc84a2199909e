"""Summary ops against TensorFlow's compat.v1: the same graph, the same Summary protobufs."""

import io

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
Image = pytest.importorskip("PIL.Image")
summary_pb2 = pytest.importorskip("tensorboard.compat.proto.summary_pb2")


def build(tf, values, images):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.name_scope("train"):
        tf.summary.scalar("loss", tf.reduce_mean(x))
        tf.summary.scalar("loss", tf.reduce_max(x), family="extremes")
    tf.summary.histogram("weights", x)
    tf.summary.image("images", tf.constant(images), max_outputs=2)
    tf.summary.text("note", tf.constant("**bold** text"))
    return x, tf.summary.merge_all()


def run(tf, graph, values, images):
    with graph.as_default():
        x, merged = build(tf, values, images)
        names = [(op.name, op.type) for op in graph.get_operations()]
        with tf.Session(graph=graph) as session:
            serialized = session.run(merged, {x: values})
    return names, summary_pb2.Summary.FromString(serialized)


@pytest.fixture(scope="module")
def both():
    rng = np.random.default_rng(3)
    values = (rng.standard_normal((50, 3)) * [1, 100, 1e-6]).astype(np.float32)
    images = rng.uniform(-2, 3, (3, 4, 5, 3)).astype(np.float32)
    images[0, 1, 2, 0] = np.nan
    return (
        run(tinytf, tinytf.Graph(), values, images),
        run(compat, tensorflow.Graph(), values, images),
    )


def test_ops_are_named_and_typed_as_in_tensorflow(both):
    (ours, _), (theirs, _) = both
    # tinytf's reduce_mean takes its axes as an attribute: TensorFlow has extra Const ops.
    assert [op for op in ours if op[1] != "Const"] == [op for op in theirs if op[1] != "Const"]


def test_scalars_histograms_and_text_are_the_same_protobufs(both):
    (_, ours), (_, theirs) = both
    assert [value.tag for value in ours.value] == [value.tag for value in theirs.value]
    for mine, reference in zip(ours.value, theirs.value, strict=True):
        if mine.HasField("histo"):
            assert list(mine.histo.bucket_limit) == list(reference.histo.bucket_limit)
            assert list(mine.histo.bucket) == list(reference.histo.bucket)
            assert (mine.histo.min, mine.histo.max, mine.histo.num) == (
                reference.histo.min,
                reference.histo.max,
                reference.histo.num,
            )
            assert mine.histo.sum == pytest.approx(reference.histo.sum, rel=1e-12)
            assert mine.histo.sum_squares == pytest.approx(reference.histo.sum_squares, rel=1e-12)
        elif not mine.HasField("image"):
            assert mine == reference


def test_images_have_the_same_pixels(both):
    (_, ours), (_, theirs) = both
    pairs = [
        (mine, reference)
        for mine, reference in zip(ours.value, theirs.value, strict=True)
        if mine.HasField("image")
    ]
    assert len(pairs) == 2
    for mine, reference in pairs:
        assert (mine.image.height, mine.image.width, mine.image.colorspace) == (
            reference.image.height,
            reference.image.width,
            reference.image.colorspace,
        )
        np.testing.assert_array_equal(
            np.asarray(Image.open(io.BytesIO(mine.image.encoded_image_string))),
            np.asarray(Image.open(io.BytesIO(reference.image.encoded_image_string))),
        )


@pytest.mark.parametrize("shape, max_outputs", [((3, 50, 2), 2), ((2, 40), 1)])
def test_audio_is_the_same_wav_files(shape, max_outputs):
    sounds = np.random.default_rng(5).uniform(-1.2, 1.2, shape).astype(np.float32)
    results = []
    for tf, graph in ((tinytf, tinytf.Graph()), (compat, tensorflow.Graph())):
        with graph.as_default():
            with tf.name_scope("speech"):
                summary = tf.summary.audio("voice", tf.constant(sounds), 8000, max_outputs)
            names = [(op.name, op.type) for op in graph.get_operations()]
            with tf.Session(graph=graph) as session:
                results.append((names, summary_pb2.Summary.FromString(session.run(summary))))
    (our_names, ours), (their_names, theirs) = results
    assert our_names == their_names
    assert ours == theirs
