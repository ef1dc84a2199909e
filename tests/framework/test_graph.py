"""Graph: the default-graph stack, op names and name scopes, lookups, collections, and
control dependencies, with TensorFlow's names and messages."""

import re

import pytest

import tinytf as tf


class TestDefaultGraph:
    def test_ops_go_to_the_default_graph(self):
        graph = tf.get_default_graph()
        constant = tf.constant(1.0)
        assert constant.graph is graph
        assert graph.get_operations() == [constant.op]

    def test_as_default_nests_and_restores(self):
        outer = tf.get_default_graph()
        first, second = tf.Graph(), tf.Graph()
        with first.as_default() as entered:
            assert entered is first
            assert tf.get_default_graph() is first
            with second.as_default():
                assert tf.get_default_graph() is second
                assert tf.constant(1.0).graph is second
            assert tf.get_default_graph() is first
        assert tf.get_default_graph() is outer

    def test_reset_default_graph_gives_an_empty_graph(self):
        old = tf.get_default_graph()
        tf.constant(1.0)
        tf.reset_default_graph()
        assert tf.get_default_graph() is not old
        assert tf.get_default_graph().get_operations() == []
        assert tf.constant(1.0).name == "Const:0"

    def test_reset_inside_a_nested_graph_is_refused(self):
        with tf.Graph().as_default():
            with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
                tf.reset_default_graph()

    def test_two_graphs_in_one_op_is_a_value_error(self):
        other = tf.Graph()
        with other.as_default():
            foreign = tf.constant(3.0, name="foreign")
        local = tf.constant(1.0, name="local")
        message = re.escape(
            'Tensor("foreign:0", shape=(), dtype=float32) must be from the '
            'same graph as Tensor("local:0", shape=(), dtype=float32)'
        )
        with pytest.raises(ValueError, match=message):
            local + foreign  # noqa: B018
        with pytest.raises(ValueError, match=message):
            tf.add(local, foreign)

    def test_a_foreign_input_is_refused_even_when_first(self):
        other = tf.Graph()
        with other.as_default():
            foreign = tf.constant(3.0, name="foreign")
        with pytest.raises(ValueError, match="must be from the same graph"):
            tf.get_default_graph().create_op("AddV2", [foreign, foreign])


class TestNames:
    def test_op_names_are_uniquified(self):
        a, b = tf.constant(1.0), tf.constant(2.0)
        assert [(a + b).op.name, (a + b).op.name, tf.add(a, b).op.name] == ["add", "add_1", "Add_2"]

    def test_uniquifying_is_case_insensitive_and_skips_taken_names(self):
        names = [tf.constant(1.0, name=n).op.name for n in ("n", "n", "n_1", "N", "n")]
        assert names == ["n", "n_1", "n_1_1", "N_2", "n_3"]

    def test_unique_name_and_mark_as_used(self):
        graph = tf.get_default_graph()
        assert graph.unique_name("foo") == "foo"
        assert graph.unique_name("foo") == "foo_1"
        assert graph.unique_name("foo", mark_as_used=False) == "foo_2"
        assert graph.unique_name("foo") == "foo_2"

    def test_tensor_names_are_op_name_and_index(self):
        constant = tf.constant(1.0, name="c")
        assert constant.name == "c:0"
        assert constant.value_index == 0
        first, second = tf.unstack(tf.constant([1.0, 2.0]), name="parts")
        assert (first.name, second.name) == ("parts:0", "parts:1")

    def test_nested_scopes_prefix_names(self):
        with tf.name_scope("a"):
            x = tf.constant(1.0, name="x")
            with tf.name_scope("b") as scope:
                y = tf.constant(1.0, name="y")
        assert scope == "a/b/"
        assert (x.name, y.name) == ("a/x:0", "a/b/y:0")

    def test_reentering_a_scope_name_uniquifies_it(self):
        with tf.name_scope("a"):
            tf.constant(1.0, name="x")
        with tf.name_scope("a") as scope:
            x = tf.constant(1.0, name="x")
        assert (scope, x.name) == ("a_1/", "a_1/x:0")

    def test_none_scope_resets_to_the_top(self):
        with tf.name_scope("a"), tf.name_scope("b"), tf.name_scope(None) as scope:
            z = tf.constant(1.0, name="z")
        assert (scope, z.name) == ("", "z:0")

    def test_absolute_scope_is_reentered_as_is(self):
        with tf.name_scope("a") as outer:
            pass
        with tf.name_scope("x"), tf.name_scope(outer) as scope:
            w = tf.constant(1.0, name="w")
        assert (scope, w.name) == ("a/", "a/w:0")

    def test_scope_string_as_op_name_is_used_exactly(self):
        with tf.name_scope("q") as scope:
            assert tf.get_default_graph().get_name_scope() == "q"
            identity = tf.identity(tf.constant(1.0), name=scope)
        assert identity.name == "q:0"
        assert tf.get_default_graph().get_name_scope() == ""

    def test_an_exact_name_taken_twice_is_a_duplicate(self):
        tf.identity(tf.constant(1.0), name="dup/")
        with pytest.raises(ValueError, match="Duplicate node name in graph: 'dup'"):
            tf.identity(tf.constant(1.0), name="dup/")

    def test_default_name_and_values(self):
        x = tf.constant(1.0)
        with tf.name_scope(None, "dflt", [x]) as first:
            pass
        with tf.name_scope(None, "dflt") as second:
            pass
        assert (first, second) == ("dflt/", "dflt_1/")

    def test_name_scope_enters_the_graph_of_its_values(self):
        other = tf.Graph()
        with other.as_default():
            foreign = tf.constant(1.0)
        with tf.name_scope("s", values=[foreign]):
            assert tf.get_default_graph() is other

    def test_invalid_root_scope_names(self):
        for bad in ("a b", "_a", "-a"):
            with pytest.raises(ValueError, match=f"'{bad}' is not a valid root scope name"):
                with tf.name_scope(bad):
                    pass

    def test_nested_scope_may_start_with_underscore(self):
        with tf.name_scope("ok"), tf.name_scope("_fine"):
            assert tf.constant(1.0).name == "ok/_fine/Const:0"
        with pytest.raises(ValueError, match="'a b' is not a valid scope name"):
            with tf.name_scope("ok"), tf.name_scope("a b"):
                pass


class TestLookups:
    @pytest.fixture
    def graph_and_constant(self):
        return tf.get_default_graph(), tf.constant([1.0, 2.0], name="c")

    def test_by_name(self, graph_and_constant):
        graph, c = graph_and_constant
        assert graph.get_tensor_by_name("c:0") is c
        assert graph.get_operation_by_name("c") is c.op
        assert graph.as_graph_element("c") is c.op
        assert graph.as_graph_element("c:0") is c
        assert graph.as_graph_element(c) is c
        assert graph.as_graph_element(c.op) is c.op

    @pytest.mark.parametrize(
        "lookup, name, error, message",
        [
            (
                "get_tensor_by_name",
                "c",
                ValueError,
                "The name 'c' refers to an Operation, not a Tensor. "
                "Tensor names must be of the form "
                '"<op_name>:<output_index>".',
            ),
            (
                "get_tensor_by_name",
                "nope:0",
                KeyError,
                "The name 'nope:0' refers to a Tensor which does not exist. The operation, 'nope', "
                "does not exist in the graph.",
            ),
            (
                "get_tensor_by_name",
                "c:1",
                KeyError,
                "The name 'c:1' refers to a Tensor which does not exist. "
                "The operation, 'c', exists "
                "but only has 1 outputs.",
            ),
            (
                "get_tensor_by_name",
                "c:x",
                ValueError,
                "The name 'c:x' looks a like a Tensor name, but is not a valid one. Tensor names "
                'must be of the form "<op_name>:<output_index>".',
            ),
            (
                "get_operation_by_name",
                "c:0",
                ValueError,
                "Name 'c:0' appears to refer to a Tensor, not a Operation.",
            ),
            (
                "get_operation_by_name",
                "nope",
                KeyError,
                "The name 'nope' refers to an Operation not in the graph.",
            ),
            (
                "get_operation_by_name",
                3,
                TypeError,
                "Operation names are strings (or similar), not int.",
            ),
            ("get_tensor_by_name", 3, TypeError, "Tensor names are strings (or similar), not int."),
        ],
    )
    def test_lookup_errors(self, graph_and_constant, lookup, name, error, message):
        graph, _ = graph_and_constant
        with pytest.raises(error) as info:
            getattr(graph, lookup)(name)
        assert info.value.args[0] == message

    def test_as_graph_element_kind_errors(self, graph_and_constant):
        graph, c = graph_and_constant
        with pytest.raises(TypeError, match="Can not convert a Operation into a Tensor."):
            graph.as_graph_element(c.op, allow_operation=False)
        with pytest.raises(TypeError, match="Can not convert a Tensor into a Operation."):
            graph.as_graph_element(c, allow_tensor=False)
        with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation"):
            graph.as_graph_element(3)

    def test_element_of_another_graph(self, graph_and_constant):
        _, c = graph_and_constant
        with pytest.raises(
            ValueError,
            match=re.escape(
                'Tensor Tensor("c:0", shape=(2,), dtype=float32) is not an element of this graph.'
            ),
        ):
            tf.Graph().as_graph_element(c)
        with pytest.raises(ValueError, match='Operation name: "c"'):
            tf.Graph().as_graph_element(c.op)

    def test_get_operations_in_creation_order(self):
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        total = a + b
        names = [op.name for op in tf.get_default_graph().get_operations()]
        assert names == ["a", "b", total.op.name]


class TestFinalize:
    def test_adding_to_a_finalized_graph_raises(self):
        graph = tf.get_default_graph()
        tf.constant(1.0)
        graph.finalize()
        assert graph.finalized
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.constant(2.0)
        assert len(graph.get_operations()) == 1


class TestVersion:
    def test_the_version_counts_the_ops_added(self):
        graph = tf.Graph()
        assert graph.version == 0
        with graph.as_default():
            tf.constant(1.0) + tf.constant(2.0)
        assert graph.version == 3


class TestCollections:
    def test_standard_keys(self):
        keys = tf.GraphKeys
        assert (
            keys.GLOBAL_VARIABLES,
            keys.TRAINABLE_VARIABLES,
            keys.LOCAL_VARIABLES,
            keys.MODEL_VARIABLES,
            keys.UPDATE_OPS,
            keys.LOSSES,
            keys.REGULARIZATION_LOSSES,
            keys.SUMMARIES,
            keys.GLOBAL_STEP,
            keys.TRAIN_OP,
            keys.INIT_OP,
        ) == (
            "variables",
            "trainable_variables",
            "local_variables",
            "model_variables",
            "update_ops",
            "losses",
            "regularization_losses",
            "summaries",
            "global_step",
            "train_op",
            "init_op",
        )
        assert keys.VARIABLES == keys.GLOBAL_VARIABLES

    def test_add_and_get_with_scope_regex(self):
        with tf.name_scope("s1"):
            first = tf.constant(1.0, name="t")
        with tf.name_scope("s2"):
            second = tf.constant(1.0, name="t")
        tf.add_to_collection("k", first)
        tf.add_to_collection("k", second)
        tf.add_to_collection("k", 5)
        assert tf.get_collection("k") == [first, second, 5]
        assert tf.get_collection("k", scope="s2") == [second]
        assert tf.get_collection("k", scope="s.") == [first, second]
        assert tf.get_collection("k", scope="1") == []  # matched at the start only
        assert tf.get_collection("missing") == []

    def test_get_collection_is_a_copy_and_the_ref_is_live(self):
        tf.add_to_collection("k", 1)
        copy = tf.get_collection("k")
        copy.append(2)
        assert tf.get_collection("k") == [1]
        ref = tf.get_collection_ref("new")
        ref.append(3)
        assert tf.get_collection("new") == [3]
        assert tf.get_collection_ref("new") is ref

    def test_add_to_collections(self):
        tf.add_to_collections(["a", "b"], 1)
        tf.add_to_collections("c", 2)
        tf.add_to_collections(["d", "d"], 3)  # a repeated name adds once
        assert (
            tf.get_collection("a"),
            tf.get_collection("b"),
            tf.get_collection("c"),
            tf.get_collection("d"),
        ) == ([1], [1], [2], [3])
        graph = tf.get_default_graph()
        assert sorted(graph.get_all_collection_keys()) == ["a", "b", "c", "d"]
        graph.clear_collection("a")
        assert tf.get_collection("a") == []

    def test_collections_belong_to_their_graph(self):
        tf.add_to_collection("k", 1)
        with tf.Graph().as_default():
            assert tf.get_collection("k") == []


class TestControlDependencies:
    def test_ops_created_inside_get_the_control_inputs(self):
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a]):
            b = tf.constant(2.0, name="b")
        assert b.op.control_inputs == [a.op]
        assert tf.constant(3.0).op.control_inputs == []

    def test_an_op_consuming_an_op_made_inside_gets_none(self):
        a = tf.constant(1.0, name="a")
        outside = tf.constant(1.0, name="outside")
        with tf.control_dependencies([a]):
            b = tf.constant(2.0, name="b")
            doubled = b * 2.0
            mixed = outside * 3.0  # its constant 3.0 is made inside
            direct = a + outside  # `a` is already an input
        assert doubled.op.control_inputs == []
        assert mixed.op.control_inputs == []
        assert direct.op.control_inputs == []

    def test_nesting_accumulates_and_none_clears(self):
        a, z = tf.constant(1.0, name="a"), tf.constant(1.0, name="z")
        with tf.control_dependencies([a]):
            with tf.control_dependencies([z.op]):
                f = tf.constant(4.0, name="f")
            with tf.control_dependencies(None):
                e = tf.constant(3.0, name="e")
        assert [op.name for op in f.op.control_inputs] == ["a", "z"]
        assert e.op.control_inputs == []

    def test_repeated_control_inputs_count_once(self):
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a, a.op]):
            q = tf.constant(1.0)
        assert q.op.control_inputs == [a.op]

    def test_non_graph_elements_are_refused(self):
        with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
            with tf.control_dependencies([1]):
                pass
