"""variable_scope and get_variable: sharing, reuse modes, names, defaults and TF's messages."""

import numpy as np
import pytest

import tinytf as tf


def initialized_values(fetches):
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(fetches)


def test_get_variable_names_come_from_the_variable_scope():
    with tf.variable_scope("layer1"):
        weights = tf.get_variable("w1", [3, 4])
        with tf.variable_scope("inner"):
            bias = tf.get_variable("b", [4])
    assert weights.name == "layer1/w1:0"
    assert bias.name == "layer1/inner/b:0"
    assert weights.shape.as_list() == [3, 4] and weights.dtype == tf.float32
    assert weights.op.name == "layer1/w1" and weights.op.type == "VariableV2"
    assert weights.initializer.name == "layer1/w1/Assign"
    assert weights.initial_value.name == "layer1/w1/Initializer/random_uniform:0"


def test_duplicate_is_refused_with_tf_message():
    with tf.variable_scope("layer1"):
        tf.get_variable("w1", [2])
    message = (
        "Variable layer1/w1 already exists, disallowed. Did you mean to set reuse=True "
        "or reuse=tf.AUTO_REUSE in VarScope?"
    )
    with pytest.raises(ValueError, match=f"^{message.replace('.', '[.]').replace('?', '[?]')}"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w1", [2])
    with pytest.raises(ValueError, match="already exists, disallowed"):
        tf.get_variable("layer1/w1", [2])


def test_reusing_a_missing_variable_is_refused():
    with pytest.raises(ValueError) as info:
        with tf.variable_scope("x", reuse=True):
            tf.get_variable("y", [2])
    assert str(info.value) == (
        "Variable x/y does not exist, or was not created with tf.get_variable(). Did you "
        "mean to set reuse=tf.AUTO_REUSE in VarScope?"
    )


def test_reuse_true_returns_the_same_variable():
    with tf.variable_scope("layer"):
        weights = tf.get_variable("w", [2, 3])
    with tf.variable_scope("layer", reuse=True):
        assert tf.get_variable("w", [2, 3]) is weights
        assert tf.get_variable("w") is weights  # the shape may be left out
    assert len(tf.global_variables()) == 1


def test_reuse_checks_shape_and_dtype():
    with tf.variable_scope("layer"):
        tf.get_variable("w", [2])
    with tf.variable_scope("layer", reuse=True):
        with pytest.raises(ValueError) as info:
            tf.get_variable("w", [3])
        assert str(info.value) == (
            "Trying to share variable layer/w, but specified shape (3,) and found shape (2,)."
        )
        with pytest.raises(ValueError) as info:
            tf.get_variable("w", [2], dtype=tf.float64)
        assert str(info.value) == (
            "Trying to share variable layer/w, but specified dtype "
            "float64 and found dtype float32_ref."
        )


def test_auto_reuse_gets_or_creates():
    def layer():
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            return tf.get_variable("a", [1])

    first, second = layer(), layer()
    assert first is second and first.name == "shared/a:0"


def test_reuse_variables_turns_on_reuse_for_the_scope_and_its_children():
    with tf.variable_scope("model") as scope:
        first = tf.get_variable("a", [1])
        scope.reuse_variables()
        assert tf.get_variable("a", [1]) is first
        with tf.variable_scope("inner"):
            assert tf.get_variable_scope().reuse is True
    assert scope.reuse is True


def test_reuse_false_inherits_the_parent_reuse():
    with tf.variable_scope("outer", reuse=True):
        with tf.variable_scope("sub", reuse=False):
            assert tf.get_variable_scope().reuse is True


def test_reuse_errors():
    with pytest.raises(ValueError, match="The reuse parameter must be True or False or None."):
        tf.variable_scope("a", reuse=3)
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="block", reuse=True):
            pass
    with pytest.raises(TypeError, match="If default_name is None then name_or_scope is"):
        tf.variable_scope(None)
    with pytest.raises(TypeError, match="name_or_scope must be a string or VariableScope"):
        with tf.variable_scope(3):
            pass


def test_name_scope_prefixes_variable_but_not_get_variable():
    with tf.name_scope("ns"):
        shared = tf.get_variable("v", [1])
        plain = tf.Variable(1.0, name="x")
    assert shared.name == "v:0"
    assert shared.value().name == "v/read:0"
    assert plain.name == "ns/x:0"


def test_variable_scope_opens_a_name_scope_for_other_ops():
    with tf.variable_scope("A"):
        with tf.variable_scope("B") as scope:
            constant = tf.constant(1.0, name="x")
            variable = tf.Variable(1.0, name="v")
    assert (scope.name, scope.original_name_scope) == ("A/B", "A/B/")
    assert constant.name == "A/B/x:0"
    assert variable.name == "A/B/v:0"
    with tf.variable_scope("A") as again:
        assert tf.constant(1.0, name="x").name == "A_1/x:0"  # the name scope is made unique
        assert tf.get_variable("w", [1]).name == "A/w:0"  # the variable scope is not
    assert again.original_name_scope == "A_1/"


def test_reentering_a_scope_object_keeps_variable_names():
    with tf.variable_scope("outer") as outer:
        pass
    with tf.variable_scope("other"):
        with tf.variable_scope(outer) as reentered:
            variable = tf.get_variable("v", [1])
            constant = tf.constant(1.0, name="c")
            assert tf.get_variable_scope().name == "outer"
    assert variable.name == "outer/v:0"
    assert constant.name == "other/outer/c:0"
    assert (reentered.name, reentered.original_name_scope) == ("outer", "outer/")


def test_reentering_a_scope_object_opens_a_new_name_scope():
    with tf.variable_scope("scope") as scope:
        tf.get_variable("w", [1])
    with tf.variable_scope(scope, reuse=True):
        assert tf.constant(0.0, name="c").name == "scope_1/c:0"
        assert tf.get_variable("w").name == "scope/w:0"


def test_reentering_does_not_inherit_the_surrounding_reuse():
    with tf.variable_scope("outer2") as outer:
        pass
    with tf.variable_scope("reusing", reuse=True):
        with tf.variable_scope(outer) as reentered:
            assert reentered.reuse is False


def test_auxiliary_name_scope_false_keeps_the_current_name_scope():
    with tf.variable_scope("A") as scope:
        pass
    with tf.name_scope("q"):
        with tf.variable_scope(scope, auxiliary_name_scope=False):
            assert tf.constant(1.0, name="x").name == "q/x:0"
            assert tf.get_variable("v", [1]).name == "A/v:0"


def test_default_names_are_made_unique():
    names = []
    for _ in range(2):
        with tf.variable_scope(None, default_name="block") as scope:
            names.append(scope.name)
            names.append(tf.get_variable("x", [1]).name)
    for _ in range(2):
        with tf.variable_scope("parent"):
            with tf.variable_scope(None, default_name="block") as scope:
                names.append(scope.name)
    assert names == ["block", "block/x:0", "block_1", "block_1/x:0", "parent/block", "parent/block"]


def test_root_scope():
    root = tf.get_variable_scope()
    assert (root.name, root.original_name_scope, root.reuse) == ("", "", False)
    with tf.variable_scope(root) as entered:
        assert entered.name == ""
        assert tf.constant(1.0, name="top").name == "top:0"


def test_values_pick_the_graph():
    graph = tf.Graph()
    with graph.as_default():
        constant = tf.constant(1.0)
    with tf.variable_scope("vs", values=[constant]):
        assert tf.get_default_graph() is graph
        tf.get_variable("w", [1])
    assert [v.name for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)] == ["vs/w:0"]
    assert tf.get_default_graph() is not graph


def test_each_graph_has_its_own_store():
    tf.get_variable("w", [1])
    with tf.Graph().as_default():
        assert tf.get_variable("w", [1]).name == "w:0"


def test_scope_initializer_and_regularizer_are_inherited():
    with tf.variable_scope(
        "ini",
        initializer=tf.constant_initializer(2.0),
        regularizer=lambda v: tf.reduce_sum(v) * 0.5,
    ):
        first = tf.get_variable("a", [2])
        second = tf.get_variable(
            "b", [2], initializer=tf.zeros_initializer(), regularizer=tf.no_regularizer
        )
        with tf.variable_scope("deep"):
            third = tf.get_variable("c", [1])
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [loss.name for loss in losses] == [
        "ini/a/Regularizer/mul:0",
        "ini/deep/c/Regularizer/mul:0",
    ]
    values = initialized_values([first, second, third] + losses)
    np.testing.assert_array_equal(values[0], [2.0, 2.0])
    np.testing.assert_array_equal(values[1], [0.0, 0.0])
    np.testing.assert_array_equal(values[2], [2.0])
    assert values[3:] == [2.0, 1.0]


def test_default_initializers():
    floats = tf.get_variable("f", [100, 100])
    integers = tf.get_variable("i", [2], dtype=tf.int64)
    booleans = tf.get_variable("b", [2], dtype=tf.bool)
    assert booleans.initial_value.op.name == "b/Initializer/zeros"
    values = initialized_values([floats, integers, booleans])
    limit = np.sqrt(6.0 / 200)
    assert np.abs(values[0]).max() <= limit and values[0].std() > 0.5 * limit
    np.testing.assert_array_equal(values[1], [0, 0])
    np.testing.assert_array_equal(values[2], [False, False])


def test_initializer_class_is_instantiated():
    variable = tf.get_variable("ones", [2], initializer=tf.ones_initializer)
    assert variable.initial_value.op.name == "ones/Initializer/ones"
    np.testing.assert_array_equal(initialized_values(variable), [1.0, 1.0])


def test_initializer_from_a_value():
    from_tensor = tf.get_variable("t", initializer=tf.constant([1.0, 2.0]))
    from_list = tf.get_variable("l", initializer=[[1, 2]])
    assert from_tensor.shape.as_list() == [2] and from_tensor.dtype == tf.float32
    assert from_list.shape.as_list() == [1, 2] and from_list.dtype == tf.int32
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("s", [2], initializer=tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError) as info:
        tf.get_variable("d", initializer=tf.constant([1.0, 2.0]), dtype=tf.int32)
    assert str(info.value) == (
        "Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' don't match."
    )


def test_initializer_without_arguments():
    variable = tf.get_variable("lazy", initializer=lambda: tf.zeros([3]))
    assert variable.shape.as_list() == [3]
    with pytest.raises(ValueError, match="The initializer passed is not valid"):
        tf.get_variable("bad", initializer=lambda shape, dtype: tf.zeros(shape))


def test_shape_is_needed_without_an_initializer():
    with pytest.raises(
        ValueError,
        match="Variable v did not get an initializer, so its `shape` argument must be specified.",
    ):
        tf.get_variable("v")


def test_scope_dtype_is_inherited():
    with tf.variable_scope("dt", dtype=tf.float64):
        outer = tf.get_variable("a", [1])
        with tf.variable_scope("in"):
            inner = tf.get_variable("b", [1])
    assert outer.dtype == tf.float64 and inner.dtype == tf.float64
    assert initialized_values(outer).dtype == np.float64


def test_trainable_collections_and_local_variables():
    with tf.variable_scope("sv") as scope:
        tf.get_variable("a", [1])
        tf.get_variable("b", [1], trainable=False)
        tf.get_local_variable("l", [1])
    tf.get_variable("outside", [1])
    only_mine = tf.get_variable("mine", [1], collections=["mine"])
    assert [v.name for v in scope.global_variables()] == ["sv/a:0", "sv/b:0"]
    assert [v.name for v in scope.trainable_variables()] == ["sv/a:0"]
    assert [v.name for v in scope.local_variables()] == ["sv/l:0"]
    assert [v.name for v in tf.local_variables()] == ["sv/l:0"]
    assert tf.get_collection("mine") == [only_mine]
    assert only_mine not in tf.global_variables() and only_mine in tf.trainable_variables()


def test_custom_getters_wrap_creation_and_nest():
    seen = []

    def outer_getter(getter, name, *args, **kwargs):
        seen.append(("outer", name))
        return getter(name, *args, **kwargs)

    def inner_getter(getter, name, *args, **kwargs):
        seen.append(("inner", name))
        kwargs["trainable"] = False
        return getter(name, *args, **kwargs)

    with tf.variable_scope("cg", custom_getter=outer_getter):
        with tf.variable_scope("in", custom_getter=inner_getter):
            variable = tf.get_variable("a", [1])
    assert seen == [("outer", "cg/in/a"), ("inner", "cg/in/a")]
    assert variable not in tf.trainable_variables()
    with pytest.raises(ValueError, match="Passed a custom_getter which is not callable"):
        tf.get_variable("b", [1], custom_getter=3)


def test_improper_nesting_is_detected():
    first = tf.variable_scope("first")
    second = tf.variable_scope("second")
    first.__enter__()
    second.__enter__()
    with pytest.raises(RuntimeError, match="Improper nesting of variable_scope."):
        first.__exit__(None, None, None)
    second.__exit__(None, None, None)


def test_variables_shared_by_reuse_share_values_in_a_session():
    def model(x):
        with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
            weights = tf.get_variable("w", [2, 1], initializer=tf.ones_initializer())
            return tf.matmul(x, weights)

    first = model(tf.constant([[1.0, 2.0]]))
    second = model(tf.constant([[3.0, 4.0]]))
    assert initialized_values([first, second]) == [[[3.0]], [[7.0]]]
