"""PNG and JPEG files between tinytf and TensorFlow: either engine decodes what the other
encoded, to the same pixels (JPEG: within Pillow's and libjpeg's rounding)."""

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

pytest.importorskip("PIL")
PIXELS = np.random.default_rng(5).integers(0, 256, size=(6, 9, 3), dtype=np.uint8)


def run(engine: str, build):
    tf = ENGINES[engine]
    with graph(tf):
        with tf.Session() as sess:
            return sess.run(build(tf))


@pytest.mark.parametrize("channels", [0, 1, 3, 4])
@pytest.mark.parametrize("encoder", ["tinytf", "tensorflow"])
def test_png_files_cross_between_the_engines(encoder, channels):
    data = run(encoder, lambda tf: tf.image.encode_png(PIXELS))
    ours = run("tinytf", lambda tf: tf.image.decode_png(data, channels=channels))
    theirs = run("tensorflow", lambda tf: tf.image.decode_png(data, channels=channels))
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)
    record("ops")


def test_jpeg_decodes_as_tensorflows_within_a_few_grey_levels():
    # Pillow's and TensorFlow's libjpeg upsample the colour planes differently.
    smooth = np.clip(
        np.add.outer(np.arange(16) * 8, np.arange(16) * 4)[:, :, None] + [0, 20, 40], 0, 255
    ).astype(np.uint8)
    data = run("tensorflow", lambda tf: tf.image.encode_jpeg(smooth, quality=95))
    ours = run("tinytf", lambda tf: tf.image.decode_jpeg(data, channels=3))
    theirs = run("tensorflow", lambda tf: tf.image.decode_jpeg(data, channels=3))
    assert ours.shape == theirs.shape
    difference = np.abs(ours.astype(int) - theirs)
    assert difference.max() <= 6 and difference.mean() < 3
    record("ops")
