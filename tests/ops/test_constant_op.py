"""tf.constant and tf.convert_to_tensor: TensorFlow's dtype rules and messages."""

import numpy as np
import pytest

import tinytf as tf


def value_of(tensor):
    with tf.Session() as session:
        return session.run(tensor)


@pytest.mark.parametrize(
    "value, dtype",
    [
        (1.5, tf.float32),
        (1, tf.int32),
        (2**40, tf.int64),
        (True, tf.bool),
        ("hi", tf.string),
        ([1, 2.5], tf.float32),
        ([[1, 2], [3, 4]], tf.int32),
        ([], tf.float32),
        (np.array([1.0]), tf.float64),
        (np.float64(1.0), tf.float64),
        (np.array([1], dtype=np.int64), tf.int64),
        (np.float16(1.0), tf.float16),
    ],
)
def test_default_dtypes(value, dtype):
    assert tf.constant(value).dtype is dtype


def test_value_shape_and_name():
    constant = tf.constant([[1, 2], [3, 4]], name="k")
    assert (constant.name, constant.op.type, constant.shape.as_list()) == ("k:0", "Const", [2, 2])
    assert tf.constant(1).name == "Const:0" and tf.constant(1).name == "Const_1:0"
    np.testing.assert_array_equal(value_of(constant), [[1, 2], [3, 4]])
    assert constant.op.get_attr("dtype") is tf.int32


def test_explicit_dtype():
    assert value_of(tf.constant(1, dtype=tf.float64)).dtype == np.float64
    assert tf.constant([1, 2], dtype=tf.float32).dtype is tf.float32
    assert value_of(tf.constant(True, dtype=tf.float32)) == 1.0
    assert tf.constant(np.array([1.0, 2.0]), dtype=tf.int32).dtype is tf.int32  # whole numbers


@pytest.mark.parametrize(
    "value, dtype, message",
    [
        (1.5, tf.int32, "Expected int32, but got 1.5 of type 'float'."),
        (1.0, tf.int32, "Expected int32, but got 1.0 of type 'float'."),
        (1, tf.bool, "Expected bool, but got 1 of type 'int'."),
        ("a", tf.float32, "Expected float32, but got 'a' of type 'str'."),
    ],
)
def test_dtype_mismatch(value, dtype, message):
    with pytest.raises(TypeError) as info:
        tf.constant(value, dtype=dtype)
    assert str(info.value) == message


def test_numpy_fractions_are_not_truncated():
    with pytest.raises(TypeError, match="Expected int32, but got array"):
        tf.constant(np.array([1.5]), dtype=tf.int32)


def test_out_of_range_integers():
    with pytest.raises(TypeError, match="Value 300 out of range for dtype uint8."):
        tf.constant(300, dtype=tf.uint8)


def test_shape_broadcasts_a_scalar_and_reshapes():
    np.testing.assert_array_equal(value_of(tf.constant(7, shape=[2, 3])), np.full((2, 3), 7))
    np.testing.assert_array_equal(
        value_of(tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])), [[1, 2, 3], [4, 5, 6]]
    )
    np.testing.assert_array_equal(
        value_of(tf.constant([1, 2, 3], shape=[2, 2])), [[1, 2], [3, 3]]
    )  # TF 1.x repeats the last element


def test_shape_errors():
    with pytest.raises(ValueError, match="Too many elements provided. Takes at most 4, but got 5."):
        tf.constant([1, 2, 3, 4, 5], shape=[2, 2])
    with pytest.raises(TypeError, match=r"Expected Tensor's shape: \(3,\), but got \(2,\)."):
        tf.constant([1, 2], shape=[3], verify_shape=True)


@pytest.mark.parametrize(
    "value, error, message",
    [
        (None, ValueError, "None values not supported."),
        (object(), TypeError, "Failed to convert elements of"),
        ([[1, 2], [3]], ValueError, "inhomogeneous"),
    ],
)
def test_unconvertible_values(value, error, message):
    with pytest.raises(error, match=message):
        tf.constant(value)


def test_the_constant_value_is_read_only():
    source = np.array([1.0, 2.0])
    constant = tf.constant(source)
    source[0] = 100.0
    np.testing.assert_array_equal(value_of(constant), [1.0, 2.0])
    with pytest.raises(ValueError):
        constant.op.get_attr("value")[0] = 5.0


class TestConvertToTensor:
    def test_values_become_constants(self):
        tensor = tf.convert_to_tensor(1.0)
        assert (tensor.name, tensor.op.type, tensor.dtype) == ("Const:0", "Const", tf.float32)
        assert tf.convert_to_tensor([1, 2], name="cc").name == "cc:0"
        assert tf.convert_to_tensor(1.0, dtype=tf.float64).dtype is tf.float64

    def test_tensors_pass_through(self):
        tensor = tf.constant(1.0)
        assert tf.convert_to_tensor(tensor) is tensor
        assert tf.convert_to_tensor(tensor, dtype=tf.float32) is tensor
        with pytest.raises(
            ValueError,
            match="Tensor conversion requested dtype float64 for Tensor with dtype float32",
        ):
            tf.convert_to_tensor(tensor, dtype=tf.float64)

    def test_variables_convert_to_their_value(self):
        variable = tf.Variable([1.0, 2.0], name="v")
        assert tf.convert_to_tensor(variable) is variable.value()

    def test_nested_lists_of_tensors_are_packed(self):
        a = tf.constant(1.0, name="a")
        packed = tf.convert_to_tensor([a, 2.0, 3.0])
        assert (packed.name, packed.op.type, packed.shape.as_list(), packed.dtype) == (
            "packed:0",
            "Pack",
            [3],
            tf.float32,
        )
        grid = tf.convert_to_tensor([[a, a], [a, 4.0]])
        assert grid.shape.as_list() == [2, 2]
        np.testing.assert_array_equal(value_of(grid), [[1.0, 1.0], [1.0, 4.0]])
        np.testing.assert_array_equal(value_of(packed), [1.0, 2.0, 3.0])

    def test_preferred_dtype_is_a_hint(self):
        assert tf.convert_to_tensor(1, preferred_dtype=tf.float32).dtype is tf.float32
        assert tf.convert_to_tensor(1.5, preferred_dtype=tf.int32).dtype is tf.float32
        assert tf.convert_to_tensor(1, dtype_hint=tf.int64).dtype is tf.int64

    def test_operations_are_refused(self):
        with pytest.raises(TypeError, match="can't convert Operation 'NoOp' to Tensor"):
            tf.convert_to_tensor(tf.no_op())

    def test_dtype_mismatch(self):
        with pytest.raises(TypeError, match="Expected int32, but got 1.5 of type 'float'."):
            tf.convert_to_tensor(1.5, dtype=tf.int32)


def test_strings_are_bytes_as_in_tensorflow():
    hello = tf.constant("Hello, TensorFlow!")
    assert hello.dtype is tf.string
    assert value_of(hello) == b"Hello, TensorFlow!"
    np.testing.assert_array_equal(value_of(tf.constant(["a", b"b"])), [b"a", b"b"])
    text = tf.placeholder(tf.string)
    with tf.Session() as session:
        assert session.run(text, {text: "é"}) == "é".encode()
