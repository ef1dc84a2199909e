"""layers/conv_utils.py: conv and pooling arguments with Keras's messages, and the output
shape of a transposed convolution."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.layers import conv_utils


def test_arguments_are_normalised_or_refused_with_keras_messages():
    assert conv_utils.pair(3, "kernel_size") == (3, 3)
    assert conv_utils.pair([2, 1], "strides") == (2, 1)
    assert conv_utils.padding_name("same") == "SAME"
    assert conv_utils.data_format_name("channels_first") == "NCHW"
    with pytest.raises(ValueError, match="`strides` argument must be a tuple of 2 integers"):
        conv_utils.pair((1, 2, 3), "strides")
    with pytest.raises(ValueError, match="Received: full"):
        conv_utils.padding_name("full")
    with pytest.raises(ValueError, match="Received: NHWC"):
        conv_utils.data_format_name("NHWC")


@pytest.mark.parametrize(
    "padding, data_format, static",
    [("SAME", "NHWC", [None, 8, 10, 4]), ("VALID", "NCHW", [None, 4, 9, 11])],
)
def test_transposed_output_shape_reads_the_batch_size_when_it_runs(padding, data_format, static):
    inputs = tf.placeholder(
        tf.float32, [None, 4, 5, 3] if data_format == "NHWC" else [None, 3, 4, 5]
    )
    output_shape, static_shape = conv_utils.transposed_output_shape(
        inputs, 4, (3, 3), (2, 2), padding, data_format, "test"
    )
    assert static_shape == static
    with tf.Session() as session:
        value = session.run(output_shape, {inputs: np.zeros([2, *inputs.shape.as_list()[1:]])})
    assert value.tolist() == [2, *static[1:]]


def test_transposed_output_shape_needs_the_height_and_width():
    inputs = tf.placeholder(tf.float32, [None, None, 5, 3])
    with pytest.raises(NotImplementedError, match="tinytf's Layer needs the input's height"):
        conv_utils.transposed_output_shape(inputs, 4, (3, 3), (1, 1), "SAME", "NHWC", "Layer")
