"""tf.Variable: names, ops, methods, collections, initialisation and per-session values."""

import numpy as np
import pytest

import tinytf as tf


@pytest.fixture
def session():
    with tf.Session() as session:
        yield session


def test_names_and_ops_follow_tf():
    weights = tf.Variable([[1.0, 2.0]], name="w")
    assert weights.name == "w:0"
    assert (weights.op.name, weights.op.type) == ("w", "VariableV2")
    assert (weights.initializer.name, weights.initializer.type) == ("w/Assign", "Assign")
    assert weights.initial_value.name == "w/initial_value:0"
    assert weights.value().name == "w/read:0"
    assert weights.dtype == tf.float32
    assert weights.shape.as_list() == [1, 2] and weights.get_shape().as_list() == [1, 2]
    assert weights.graph is tf.get_default_graph()
    assert repr(weights) == "<tf.Variable 'w:0' shape=(1, 2) dtype=float32_ref>"


def test_names_are_made_unique_and_scoped():
    first, second, anonymous = (
        tf.Variable(0.0, name="b"),
        tf.Variable(0.0, name="b"),
        tf.Variable(3),
    )
    with tf.name_scope("scope"):
        scoped, scoped_anonymous = tf.Variable(1.0, name="s"), tf.Variable(1.0)
    assert [first.name, second.name, anonymous.name] == ["b:0", "b_1:0", "Variable:0"]
    assert [scoped.name, scoped_anonymous.name] == ["scope/s:0", "scope/Variable:0"]


def test_dtype_converts_the_initial_value(session):
    variable = tf.Variable(1, dtype=tf.float32)
    assert variable.dtype == tf.float32
    session.run(variable.initializer)
    assert session.run(variable) == 1.0


def test_callable_initial_value_is_built_under_initializer_scope():
    variable = tf.Variable(lambda: tf.ones([2]), name="lazy")
    assert variable.initial_value.name == "lazy/Initializer/ones:0"
    assert variable.shape.as_list() == [2]


def test_construction_errors():
    with pytest.raises(ValueError, match="initial_value must be specified."):
        tf.Variable()
    with pytest.raises(
        ValueError,
        match="collections argument to Variable constructor must be a list, tuple, or set. Got x",
    ):
        tf.Variable(1.0, collections="x")
    fed = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match="initial_value must have a shape specified"):
        tf.Variable(fed)


def test_validate_shape_false_allows_unknown_shapes(session):
    fed = tf.placeholder(tf.float32, [None])
    variable = tf.Variable(fed, validate_shape=False)
    assert variable.shape.ndims is None
    session.run(variable.initializer, {fed: [1.0, 2.0, 3.0]})
    np.testing.assert_array_equal(session.run(variable), [1.0, 2.0, 3.0])


def test_collections():
    trained = tf.Variable(1.0, name="trained")
    frozen = tf.Variable(1.0, trainable=False, name="frozen")
    local = tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="local")
    assert tf.global_variables() == [trained, frozen]
    assert tf.trainable_variables() == [trained, local]  # trainable unless told otherwise
    assert tf.local_variables() == [local]
    assert tf.all_variables() == tf.global_variables()
    assert tf.global_variables(scope="fro") == [frozen]


def test_uninitialized_use_is_a_failed_precondition(session):
    weights = tf.Variable([1.0], name="w")
    for fetch in (weights, weights * 2.0):
        with pytest.raises(
            tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value w"
        ):
            session.run(fetch)
    session.run(weights.initializer)  # the session keeps working
    assert session.run(weights * 2.0) == [2.0]


def test_initializer_ops():
    tf.Variable(1.0)
    global_init = tf.global_variables_initializer()
    assert (global_init.name, global_init.type) == ("init", "NoOp")
    assert tf.variables_initializer([]).type == "NoOp"
    assert tf.local_variables_initializer().name == "init_2"
    assert tf.initialize_all_variables().name == "init_3"


def test_global_and_local_initializers(session):
    global_variable = tf.Variable(2.0)
    local = tf.Variable(3.0, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    session.run(tf.global_variables_initializer())
    assert session.run(global_variable) == 2.0
    assert not session.run(tf.is_variable_initialized(local))
    session.run(tf.local_variables_initializer())
    assert session.run(local) == 3.0


def test_variables_initializer_runs_only_its_list(session):
    first, second = tf.Variable(1.0), tf.Variable(2.0)
    session.run(tf.variables_initializer([first]))
    assert session.run([tf.is_variable_initialized(first), tf.is_variable_initialized(second)]) == [
        True,
        False,
    ]


def test_report_uninitialized_variables(session):
    first = tf.Variable(1.0, name="first")
    tf.Variable(1.0, name="second")
    with tf.name_scope("scope"):
        tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="local")
    report = tf.report_uninitialized_variables()
    assert report.dtype == tf.string
    assert report.name == "report_uninitialized_variables/boolean_mask/GatherV2:0"
    assert list(session.run(report)) == [b"first", b"second", b"scope/local"]
    session.run(first.initializer)
    assert list(session.run(report)) == [b"second", b"scope/local"]
    assert list(session.run(tf.report_uninitialized_variables([first]))) == []
    session.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    assert session.run(report).size == 0


def test_report_with_no_variables(session):
    report = tf.report_uninitialized_variables()
    assert session.run(report).shape == (0,)


def test_writes_and_reads(session):
    weights = tf.Variable([[1.0, 2.0]], name="w")
    session.run(weights.initializer)
    np.testing.assert_array_equal(session.run(weights.assign([[5.0, 6.0]])), [[5.0, 6.0]])
    np.testing.assert_array_equal(session.run(weights.assign_add([[1.0, 1.0]])), [[6.0, 7.0]])
    np.testing.assert_array_equal(session.run(weights.assign_sub([[2.0, 2.0]])), [[4.0, 5.0]])
    np.testing.assert_array_equal(session.run(weights.read_value()), [[4.0, 5.0]])
    np.testing.assert_array_equal(session.run(weights.value()), [[4.0, 5.0]])
    np.testing.assert_array_equal(weights.eval(session=session), [[4.0, 5.0]])
    weights.load([[9.0, 8.0]], session)
    np.testing.assert_array_equal(session.run(weights), [[9.0, 8.0]])
    np.testing.assert_array_equal(session.run(weights.initial_value), [[1.0, 2.0]])


def test_eval_and_load_use_the_default_session():
    variable = tf.Variable(1.0)
    with tf.Session() as session:
        session.run(variable.initializer)
        variable.load(4.0)
        assert variable.eval() == 4.0
    with pytest.raises(
        ValueError,
        match="Cannot evaluate tensor using `eval\\(\\)`: No default session is registered.",
    ):
        variable.eval()
    with pytest.raises(
        ValueError,
        match="Either session argument should be provided or default session should be established",
    ):
        variable.load(1.0)


def test_usable_anywhere_a_tensor_is(session):
    weights = tf.Variable([[1.0, 2.0]], name="w")
    bias = tf.Variable(0.5, name="b")
    session.run(tf.global_variables_initializer())
    column = np.array([[1.0], [1.0]], np.float32)
    values = session.run(
        [
            weights + 1.0,
            tf.matmul(weights, column),
            weights @ column,
            -weights,
            weights * weights,
            2.0 * bias,
            tf.reduce_sum(weights),
            tf.convert_to_tensor(weights),
        ]
    )
    np.testing.assert_array_equal(values[0], [[2.0, 3.0]])
    assert values[1] == [[3.0]] and values[2] == [[3.0]]
    np.testing.assert_array_equal(values[3], [[-1.0, -2.0]])
    np.testing.assert_array_equal(values[4], [[1.0, 4.0]])
    assert values[5] == 1.0 and values[6] == 3.0
    np.testing.assert_array_equal(values[7], [[1.0, 2.0]])


def test_gradient_with_respect_to_a_variable(session):
    weights = tf.Variable([1.0, 3.0])
    (gradient,) = tf.gradients(tf.reduce_sum(weights * weights), [weights])
    session.run(weights.initializer)
    np.testing.assert_array_equal(session.run(gradient), [2.0, 6.0])


def test_variables_hash_by_identity_and_are_not_iterable():
    first, second = tf.Variable(1.0), tf.Variable(1.0)
    assert first != second and len({first, second, first}) == 2
    with pytest.raises(TypeError, match="'Variable' object is not iterable."):
        iter(first)


def test_two_sessions_on_one_graph_are_independent():
    counter = tf.Variable(0.0)
    with tf.Session() as first, tf.Session() as second:
        first.run(counter.initializer)
        second.run(counter.initializer)
        first.run(counter.assign(5.0))
        assert (first.run(counter), second.run(counter)) == (5.0, 0.0)
        third = tf.Session()
        with pytest.raises(tf.errors.FailedPreconditionError):
            third.run(counter)
        third.close()


def test_fetched_values_are_copies(session):
    variable = tf.Variable([1.0, 2.0])
    session.run(variable.initializer)
    fetched = session.run(variable)
    fetched[0] = 100.0
    np.testing.assert_array_equal(session.run(variable), [1.0, 2.0])
