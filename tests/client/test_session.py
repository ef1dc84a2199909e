"""Session: lifetime and default sessions, fetch structures, and TF's errors."""

import collections
import re

import numpy as np
import pytest

import tinytf as tf


class TestLifetime:
    def test_graph_defaults_to_the_default_graph(self):
        assert tf.Session().graph is tf.get_default_graph()
        other = tf.Graph()
        assert tf.Session(graph=other).graph is other
        assert tf.Session(config=tf.ConfigProto()).graph is tf.get_default_graph()

    def test_no_default_session_by_default(self):
        assert tf.get_default_session() is None

    def test_context_manager_is_default_then_closes(self):
        constant = tf.constant(3.0)
        with tf.Session() as session:
            assert tf.get_default_session() is session
            assert constant.eval() == 3.0
        assert tf.get_default_session() is None
        with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
            session.run(constant)

    def test_context_manager_makes_its_graph_the_default(self):
        other = tf.Graph()
        with tf.Session(graph=other):
            assert tf.get_default_graph() is other
        assert tf.get_default_graph() is not other

    def test_as_default_does_not_close(self):
        session = tf.Session()
        with session.as_default() as entered:
            assert entered is session and tf.get_default_session() is session
            assert tf.constant(2.0).eval() == 2.0
        assert tf.get_default_session() is None
        assert session.run(tf.constant(1.0)) == 1.0

    def test_interactive_session_installs_itself(self):
        session = tf.InteractiveSession()
        try:
            assert tf.get_default_session() is session
            assert (tf.constant(2.0) * 2.0).eval() == 4.0
        finally:
            session.close()
        assert tf.get_default_session() is None

    def test_close_is_idempotent(self):
        session = tf.Session()
        session.close()
        session.close()
        with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
            session.run(tf.constant(1.0))

    def test_two_sessions_hold_independent_variables(self):
        variable = tf.Variable([1.0, 2.0], name="w")
        first, second = tf.Session(), tf.Session()
        first.run(variable.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError):
            second.run(variable)
        second.run(variable.initializer)
        first.run(variable.assign([5.0, 5.0]))
        np.testing.assert_array_equal(first.run(variable), [5.0, 5.0])
        np.testing.assert_array_equal(second.run(variable), [1.0, 2.0])

    def test_the_graph_stores_no_values(self):
        x = tf.placeholder(tf.float32, [2], name="x")
        variable = tf.Variable([1.0, 2.0])
        result = variable * x
        session = tf.Session()
        session.run(variable.initializer)
        fed = np.array([7.0, 9.0], dtype=np.float32)
        computed = session.run(result, {x: fed})
        for op in tf.get_default_graph().get_operations():
            held = [getattr(op, slot) for slot in op.__slots__ if hasattr(op, slot)]
            held += [
                getattr(t, slot) for t in op.outputs for slot in t.__slots__ if hasattr(t, slot)
            ]
            held += [value for key, value in op._attrs.items() if op.type != "Const"]
            arrays = [value for value in held if isinstance(value, np.ndarray)]
            assert not arrays, f"op {op.name} holds a value"
        assert not any(
            value is fed or value is computed
            for op in tf.get_default_graph().get_operations()
            for value in op._attrs.values()
        )


class TestFetches:
    @pytest.fixture
    def graph_parts(self):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = x * 2.0
        variable = tf.Variable([1.0, 2.0], name="w")
        session = tf.Session()
        session.run(variable.initializer)
        return session, x, y, variable

    def test_a_tensor_an_operation_a_variable_and_names(self, graph_parts):
        session, x, y, variable = graph_parts
        feed = {x: [[1, 2, 3]]}
        np.testing.assert_array_equal(session.run(y, feed), [[2, 4, 6]])
        assert session.run(variable.initializer) is None
        np.testing.assert_array_equal(session.run(variable), [1.0, 2.0])
        np.testing.assert_array_equal(session.run("mul:0", feed), [[2, 4, 6]])
        assert session.run("w/Assign") is None

    def test_nested_structures_are_mirrored(self, graph_parts):
        session, x, y, variable = graph_parts
        Pair = collections.namedtuple("Pair", "first second")
        result = session.run(
            [variable, {"a": (variable.initializer, y)}, Pair(y, [variable])], {x: [[1, 2, 3]]}
        )
        assert isinstance(result, list) and isinstance(result[1], dict)
        assert isinstance(result[1]["a"], tuple) and result[1]["a"][0] is None
        assert isinstance(result[2], Pair) and isinstance(result[2].second, list)
        np.testing.assert_array_equal(result[2].first, [[2, 4, 6]])
        np.testing.assert_array_equal(result[2].second[0], [1.0, 2.0])
        assert session.run([]) == [] and session.run({}) == {} and session.run(()) == ()

    def test_ordered_dict_keeps_its_type(self, graph_parts):
        session, *_, variable = graph_parts
        result = session.run(collections.OrderedDict(b=variable, a=variable))
        assert type(result) is collections.OrderedDict and list(result) == ["b", "a"]

    def test_scalars_are_numpy_scalars_and_arrays_are_copies(self, graph_parts):
        session, *_, variable = graph_parts
        value = session.run(tf.constant(1.0))
        assert isinstance(value, np.float32) and value == 1.0
        fetched = session.run(variable)
        fetched[0] = 100.0
        np.testing.assert_array_equal(session.run(variable), [1.0, 2.0])

    def test_a_tensor_fetched_twice_is_computed_once(self, counter):
        counted = counter(tf.constant(1.0))
        session = tf.Session()
        assert session.run([counted, counted, {"again": counted}]) == [1.0, 1.0, {"again": 1.0}]
        assert counter.calls == ["counted"]

    @pytest.mark.parametrize(
        "fetch, error, message",
        [
            (
                None,
                TypeError,
                'Argument `fetch` = None has invalid type "NoneType". Cannot be None',
            ),
            (
                3,
                TypeError,
                'Argument `fetch` = 3 has invalid type "int" must be a string or '
                "Tensor. (Can not convert a int into a Tensor or Operation.)",
            ),
            (
                "nope:0",
                ValueError,
                "Argument `fetch` = nope:0 cannot be interpreted as a Tensor. "
                "(\"The name 'nope:0' refers to a Tensor which does not exist. "
                "The operation, 'nope', does not exist in the graph.\")",
            ),
        ],
    )
    def test_bad_fetches(self, graph_parts, fetch, error, message):
        session = graph_parts[0]
        with pytest.raises(error, match=re.escape(message)):
            session.run(fetch)
        with pytest.raises(error):
            session.run([graph_parts[3], [fetch]])


class TestErrors:
    """TensorFlow's error types and messages; the session keeps working after each."""

    @pytest.fixture
    def setup(self):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        variable = tf.Variable([1.0, 2.0], name="w")
        session = tf.Session()
        return session, x, variable

    def assert_still_works(self, session, x):
        np.testing.assert_array_equal(session.run(x * 2.0, {x: [[1, 2, 3]]}), [[2, 4, 6]])

    @pytest.mark.parametrize(
        "dtype, shape, message",
        [
            (tf.float32, [None, 3], "with dtype float and shape [?,3]"),
            (tf.int32, [2], "with dtype int32 and shape [2]"),
            (tf.float64, None, "with dtype double"),
            (tf.bool, [], "with dtype bool and shape []"),
        ],
    )
    def test_unfed_placeholder(self, setup, dtype, shape, message):
        session, x, _ = setup
        placeholder = tf.placeholder(dtype, shape, name="p")
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            session.run(tf.identity(placeholder))
        assert info.value.message == f"You must feed a value for placeholder tensor 'p' {message}"
        assert info.value.op is placeholder.op
        assert info.value.error_code == tf.errors.INVALID_ARGUMENT
        self.assert_still_works(session, x)

    def test_uninitialized_variable(self, setup):
        session, x, variable = setup
        for fetch in (variable, variable.value() * 2.0):
            with pytest.raises(tf.errors.FailedPreconditionError) as info:
                session.run(fetch)
            assert info.value.message == "Attempting to use uninitialized value w"
            assert info.value.op is variable.op
        self.assert_still_works(session, x)
        session.run(variable.initializer)
        np.testing.assert_array_equal(session.run(variable.value() * 2.0), [2.0, 4.0])

    def test_kernel_failure_names_the_op(self, setup):
        session, x, _ = setup
        reshaped = tf.reshape(
            tf.placeholder(tf.float32, [None], name="flat"), [2, 2], name="to_square"
        )
        with pytest.raises(tf.errors.InvalidArgumentError, match="to_square") as info:
            session.run(reshaped, {"flat:0": [1.0, 2.0, 3.0]})
        assert info.value.op is reshaped.op
        np.testing.assert_array_equal(
            session.run(reshaped, {"flat:0": [1.0, 2.0, 3.0, 4.0]}), [[1, 2], [3, 4]]
        )
        self.assert_still_works(session, x)

    def test_runtime_shape_mismatch_names_the_op(self, setup):
        session, x, _ = setup
        other = tf.placeholder(tf.float32, [None, 2], name="m2")
        product = tf.matmul(x, other, name="product")
        with pytest.raises(tf.errors.InvalidArgumentError, match="product") as info:
            session.run(product, {x: [[1, 2, 3]], other: [[1, 2], [3, 4]]})
        assert info.value.op is product.op
        self.assert_still_works(session, x)

    def test_tensor_of_another_graph(self, setup):
        session, x, _ = setup
        with tf.Graph().as_default():
            foreign = tf.constant(1.0, name="foreign")
        with pytest.raises(ValueError, match="is not an element of this graph"):
            session.run(foreign)
        with pytest.raises(TypeError, match="is not an element of this graph"):
            session.run(x, {foreign: 1.0})
        self.assert_still_works(session, x)

    def test_closed_session_is_a_runtime_error(self, setup):
        session, x, _ = setup
        session.close()
        with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
            session.run(x, {x: [[1, 2, 3]]})
