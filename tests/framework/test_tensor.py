"""Tensor: its API, Python operators, indexing, and what a symbolic tensor refuses."""

import re

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


class TestTensorApi:
    def test_attributes(self):
        graph = tf.get_default_graph()
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        assert x.dtype is tf.float32
        assert x.shape is x.get_shape()
        assert x.shape.as_list() == [None, 3]
        assert (x.name, x.value_index, x.op.name, x.op.type) == ("x:0", 0, "x", "Placeholder")
        assert x.graph is graph
        assert x.device == ""

    def test_repr_and_str(self):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        assert repr(x) == "<tf.Tensor 'x:0' shape=(?, 3) dtype=float32>"
        assert str(x) == 'Tensor("x:0", shape=(?, 3), dtype=float32)'

    def test_set_shape_refines(self):
        x = tf.placeholder(tf.float32, [None, 3])
        x.set_shape([4, None])
        assert x.shape.as_list() == [4, 3]
        unknown = tf.placeholder(tf.float32)
        unknown.set_shape([2])
        assert unknown.shape.as_list() == [2]

    def test_set_shape_errors_are_tensorflows(self):
        x = tf.placeholder(tf.float32, [4, 3])
        with pytest.raises(
            ValueError,
            match=re.escape(
                "Dimension 1 in both shapes must be equal, but are 3 and 2. Shapes are [4,3] "
                "and [4,2]."
            ),
        ):
            x.set_shape([4, 2])
        with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
            x.set_shape([4])
        assert x.shape.as_list() == [4, 3]

    def test_consumers(self):
        x = tf.placeholder(tf.float32, name="x")
        first, second = x + 1.0, x * 2.0
        assert x.consumers() == [first.op, second.op]
        x.consumers().clear()  # a copy
        assert len(x.consumers()) == 2

    def test_eval_with_feed_and_session(self):
        x = tf.placeholder(tf.float32, [2], name="x")
        doubled = x * 2.0
        session = tf.Session()
        np.testing.assert_array_equal(doubled.eval({x: [1, 2]}, session), [2, 4])
        with session.as_default():
            np.testing.assert_array_equal(doubled.eval(feed_dict={x: [3, 4]}), [6, 8])

    def test_eval_without_a_session(self):
        with pytest.raises(
            ValueError,
            match=re.escape(
                "Cannot evaluate tensor using `eval()`: No default session is registered."
            ),
        ):
            tf.constant(1.0).eval()

    def test_eval_in_a_session_of_another_graph(self):
        session = tf.Session(graph=tf.Graph())
        with pytest.raises(
            ValueError, match="the tensor's graph is different from the session's graph"
        ):
            tf.constant(1.0).eval(session=session)

    def test_hashable_by_identity(self):
        a, b = tf.constant(1.0), tf.constant(1.0)
        assert {a: "a", b: "b"}[a] == "a"
        assert a == a and a != b  # identity, not an elementwise op
        assert len({a, b, a}) == 2

    def test_bool_is_a_type_error(self):
        with pytest.raises(
            TypeError, match="Using a symbolic `tf.Tensor` as a Python `bool` is not allowed."
        ):
            bool(tf.constant(True))
        with pytest.raises(TypeError):
            if tf.constant(1.0):
                pass

    def test_iteration_is_a_type_error(self):
        with pytest.raises(
            TypeError, match="Iterating over a symbolic `tf.Tensor` is not allowed."
        ):
            iter(tf.constant([1.0, 2.0]))
        with pytest.raises(TypeError):
            a, b = tf.constant([1.0, 2.0])

    def test_len_is_a_type_error(self):
        with pytest.raises(
            TypeError,
            match=re.escape(
                "len is not well defined for a symbolic Tensor (c:0). Please call `x.shape` "
                "rather than `len(x)` for shape information."
            ),
        ):
            len(tf.constant([1, 2], name="c"))

    def test_numpy_conversion_is_refused(self):
        with pytest.raises(NotImplementedError, match="Cannot convert a symbolic Tensor"):
            np.asarray(tf.constant([1.0]))


class TestOperators:
    @pytest.fixture
    def pair(self):
        return tf.constant(7.0, name="a"), tf.constant(2.0, name="b")

    @pytest.mark.parametrize(
        "build, name, op_type, expected",
        [
            (lambda a, b: a + b, "add", "AddV2", 9.0),
            (lambda a, b: a - b, "sub", "Sub", 5.0),
            (lambda a, b: a * b, "mul", "Mul", 14.0),
            (lambda a, b: a / b, "truediv", "RealDiv", 3.5),
            (lambda a, b: a // b, "floordiv", "FloorDiv", 3.0),
            (lambda a, b: a % b, "mod", "FloorMod", 1.0),
            (lambda a, b: a**b, "pow", "Pow", 49.0),
            (lambda a, b: -a, "Neg", "Neg", -7.0),
            (lambda a, b: abs(-a), "Abs", "Abs", 7.0),
            (lambda a, b: a < b, "Less", "Less", False),
            (lambda a, b: a <= b, "LessEqual", "LessEqual", False),
            (lambda a, b: a > b, "Greater", "Greater", True),
            (lambda a, b: a >= b, "GreaterEqual", "GreaterEqual", True),
        ],
    )
    def test_binary_and_unary(self, pair, build, name, op_type, expected):
        result = build(*pair)
        assert (result.op.name, result.op.type) == (name, op_type)
        assert run(result) == expected

    @pytest.mark.parametrize(
        "build, expected",
        [
            (lambda a: 1.0 + a, 8.0),
            (lambda a: 1.0 - a, -6.0),
            (lambda a: 2.0 * a, 14.0),
            (lambda a: 14.0 / a, 2.0),
            (lambda a: 15.0 // a, 2.0),
            (lambda a: 15.0 % a, 1.0),
            (lambda a: 2.0**a, 128.0),
        ],
    )
    def test_reflected(self, pair, build, expected):
        assert run(build(pair[0])) == expected

    def test_reflected_keeps_the_operand_order(self, pair):
        difference = 2.0 - pair[0]
        assert difference.op.inputs[1] is pair[0]
        assert difference.op.inputs[0].op.type == "Const"

    def test_python_numbers_take_the_tensor_dtype(self):
        half = tf.constant(1.0, tf.float16)
        assert (half + 1).dtype is tf.float16
        assert (tf.constant(1.0) + np.float64(2.0)).dtype is tf.float32
        assert (tf.constant(3) * 2).dtype is tf.int32

    def test_ndarray_on_the_left_builds_an_op(self):
        vector = tf.constant([1.0, 2.0], name="v")
        total = np.array([10.0, 20.0], dtype=np.float32) + vector
        assert isinstance(total, tf.Tensor)
        assert total.op.type == "AddV2"
        np.testing.assert_array_equal(run(total), [11.0, 22.0])
        product = np.eye(2, dtype=np.float32) @ tf.constant([[1.0], [2.0]])
        assert product.op.type == "MatMul"
        np.testing.assert_array_equal(run(product), [[1.0], [2.0]])

    def test_matmul(self):
        a = tf.constant([[1.0, 2.0]])
        b = tf.constant([[3.0], [4.0]])
        product = a @ b
        assert (product.op.name, product.op.type) == ("matmul", "MatMul")
        assert run(product) == [[11.0]]

    def test_logical(self):
        t = tf.constant([True, True, False, False])
        f = tf.constant([True, False, True, False])
        assert [(t & f).op.name, (t | f).op.name, (t ^ f).op.name] == ["and", "or", "xor"]
        assert [(t & f).op.type, (t | f).op.type, (~t).op.type] == [
            "LogicalAnd",
            "LogicalOr",
            "LogicalNot",
        ]
        results = run([t & f, t | f, t ^ f, ~t, True & f])
        np.testing.assert_array_equal(results[0], [True, False, False, False])
        np.testing.assert_array_equal(results[1], [True, True, True, False])
        np.testing.assert_array_equal(results[2], [False, True, True, False])
        np.testing.assert_array_equal(results[3], [False, False, True, True])
        np.testing.assert_array_equal(results[4], [True, False, True, False])

    def test_mismatched_dtypes_name_both(self):
        single = tf.constant(1.0, name="single")
        double = tf.constant(np.float64(1.0), name="double")
        assert double.dtype is tf.float64
        with pytest.raises(
            TypeError,
            match="Input 'y' of 'AddV2' Op has type float64 that "
            "does not match type float32 of argument 'x'.",
        ):
            single + double  # noqa: B018

    def test_operators_on_variables(self):
        variable = tf.Variable(3.0)
        results = [
            variable + 1.0,
            1.0 + variable,
            variable * variable,
            -variable,
            np.float32(2.0) * variable,
        ]
        with tf.Session() as session:
            session.run(variable.initializer)
            assert session.run(results) == [4.0, 4.0, 9.0, -3.0, 6.0]


class TestIndexing:
    VALUE = np.arange(24.0).reshape(2, 3, 4)

    @pytest.mark.parametrize(
        "key",
        [
            1,
            -1,
            (slice(None), slice(1, 3)),
            slice(None, None, -1),
            (-1, slice(None, None, 2), slice(1, -1)),
            (Ellipsis, 0),
            (Ellipsis, None),
            (0, None, slice(None), 2),
            (slice(None), -2),
        ],
        ids=str,
    )
    def test_matches_numpy(self, key):
        tensor = tf.constant(self.VALUE)
        sliced = tensor[key]
        expected = self.VALUE[key]
        assert sliced.shape.as_list() == list(expected.shape)
        np.testing.assert_array_equal(run(sliced), expected)

    def test_newaxis_and_tensor_indices(self):
        tensor = tf.constant(self.VALUE)
        assert tf.newaxis is None
        index = tf.placeholder(tf.int32, [], name="index")
        picked = tensor[index, tf.newaxis]
        assert picked.shape.as_list() == [1, 3, 4]
        np.testing.assert_array_equal(run(picked, {index: 1}), self.VALUE[1, None])

    def test_op_name_and_unknown_dims(self):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        first_column = x[:, 0]
        assert (first_column.op.name, first_column.op.type) == ("strided_slice", "StridedSlice")
        assert first_column.shape.as_list() == [None]
        np.testing.assert_array_equal(run(first_column, {x: [[1, 2, 3], [4, 5, 6]]}), [1, 4])
