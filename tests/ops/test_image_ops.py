"""tf.image: codecs (Pillow), dtype conversion and TF 1.x's resizing."""

import io

import numpy as np
import pytest

import tinytf as tf

PIL = pytest.importorskip("PIL.Image")
RNG = np.random.default_rng(3)
PIXELS = RNG.integers(0, 256, size=(5, 7, 3), dtype=np.uint8)


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def pillow_bytes(pixels, kind="PNG", mode=None):
    buffer = io.BytesIO()
    PIL.fromarray(pixels, mode).save(buffer, kind)
    return buffer.getvalue()


def test_png_round_trip_and_channel_conversion():
    encoded = tf.image.encode_png(PIXELS)
    assert encoded.dtype == tf.string
    data = run(encoded)
    np.testing.assert_array_equal(np.asarray(PIL.open(io.BytesIO(data))), PIXELS)
    decoded = tf.image.decode_png(data)
    assert decoded.shape.as_list() == [None, None, None]
    np.testing.assert_array_equal(run(decoded), PIXELS)
    grey = run(tf.image.decode_png(data, channels=1))
    assert grey.shape == (5, 7, 1)
    with_alpha = run(tf.image.decode_png(data, channels=4))
    assert with_alpha.shape == (5, 7, 4) and (with_alpha[..., 3] == 255).all()


def test_jpeg_decodes_close_to_the_pixels():
    smooth = np.repeat(np.linspace(0, 255, 16, dtype=np.uint8)[None, :, None], 16, 0)
    smooth = np.repeat(smooth, 3, 2)
    decoded = run(tf.image.decode_jpeg(pillow_bytes(smooth, "JPEG"), channels=3))
    assert decoded.shape == (16, 16, 3)
    assert np.abs(decoded.astype(int) - smooth).max() <= 8


def test_bad_image_data_is_an_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid PNG data"):
        run(tf.image.decode_png(b"not an image"))


def test_convert_image_dtype_scales_to_the_range():
    as_float = run(tf.image.convert_image_dtype(np.array([0, 255], np.uint8), tf.float32))
    np.testing.assert_allclose(as_float, [0.0, 1.0])
    back = tf.image.convert_image_dtype(np.array([0.0, 0.5, 1.0], np.float32), tf.uint8)
    assert run(back).tolist() == [0, 127, 255]  # 0.5 * 255.5, truncated
    clipped = tf.image.convert_image_dtype(np.array([1.5], np.float32), tf.uint8, saturate=True)
    assert run(clipped).tolist() == [255]


def test_resize_images_samples_as_tf1():
    image = np.arange(4.0, dtype=np.float32).reshape(1, 1, 4, 1)
    wider = run(tf.image.resize_images(image, [1, 8]))
    np.testing.assert_allclose(wider.ravel(), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3])
    nearest = tf.image.resize_images(
        PIXELS, [10, 14], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR
    )
    assert nearest.dtype == tf.uint8 and nearest.shape.as_list() == [10, 14, 3]
    np.testing.assert_array_equal(run(nearest)[::2, ::2], PIXELS)
    assert tf.image.resize_images(PIXELS, [3, 3]).dtype == tf.float32
    with pytest.raises(NotImplementedError, match="BILINEAR or NEAREST"):
        tf.image.resize_images(PIXELS, [3, 3], method=tf.image.ResizeMethod.BICUBIC)


def test_decoding_without_pillow_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "PIL", None)
    decoded = tf.image.decode_png(b"")
    with pytest.raises(ImportError, match=r"pip install 'tinytf\[images\]'"):
        run(decoded)
