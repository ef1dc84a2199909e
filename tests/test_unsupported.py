"""Names tinytf leaves out raise an AttributeError that says what to use instead."""

import pytest

import tinytf as tf
import tinytf.compat.v1 as v1
from tinytf._unsupported import ADVICE, UnsupportedError


@pytest.mark.parametrize(
    "read, message",
    [
        (lambda: tf.nn.conv3d, "tf.nn.conv3d; tinytf has 2-D convolutions"),
        (lambda: tf.layers.max_pooling3d, "tf.layers.max_pooling3d; tinytf has 2-D"),
        (lambda: tf.nn.raw_rnn, "tf.nn.raw_rnn; tinytf runs tf.nn.rnn_cell cells"),
        (
            lambda: tf.contrib.seq2seq.BasicDecoder,
            "tf.contrib.seq2seq.BasicDecoder; from tf.contrib, tinytf implements",
        ),
        (lambda: tf.estimator.Estimator, "tf.estimator; tinytf has no Estimator API"),
        (lambda: tf.keras.layers.Dense, "tf.keras; tinytf implements TF 1.x's graph API"),
        (
            lambda: tf.FixedLengthRecordReader,
            "tf.FixedLengthRecordReader; tinytf's readers are tf.TextLineReader",
        ),
        (lambda: tf.data.TFRecordDataset, "tf.data.TFRecordDataset; tinytf's tf.data reads no"),
        (lambda: tf.contrib.learn, "tf.contrib.learn; tinytf has no Estimator API"),
        (lambda: tf.contrib.opt, "tf.contrib.opt; from tf.contrib, tinytf implements"),
        (lambda: tf.summary.initialize, "tf.summary.initialize; docs/compat.md lists"),
        (lambda: tf.placeholdr, "tf.placeholdr; did you mean tf.placeholder?"),
        (lambda: tf.nn.relu7, "tf.nn.relu7; did you mean tf.nn.relu6?"),
        (lambda: v1.estimator, "tf.estimator; tinytf has no Estimator API"),
    ],
)
def test_missing_names_say_what_to_use(read, message):
    with pytest.raises(UnsupportedError, match="tinytf does not implement " + message):
        read()


def test_it_is_an_attribute_error_so_hasattr_and_imports_work():
    assert issubclass(UnsupportedError, AttributeError)
    assert not hasattr(tf, "keras") and not hasattr(tf.nn, "conv3d")
    assert hasattr(tf, "Summary")  # the summary helper's lazily imported protobufs
    with pytest.raises(ImportError):
        from tinytf.nn import conv3d  # noqa: F401


def test_private_and_dunder_names_get_a_plain_error():
    with pytest.raises(AttributeError, match="module 'tinytf.nn' has no attribute '_secret'"):
        tf.nn._secret  # noqa: B018
    assert not hasattr(tf.nn, "__path__")
    assert not hasattr(v1, "__path__")


def test_no_advised_name_is_implemented():
    for symbol in ADVICE:
        namespace = tf
        for part in symbol.split(".")[1:]:
            namespace = getattr(namespace, part, None)
            if namespace is None:
                break
        assert namespace is None, f"{symbol} exists but is listed as unsupported"
