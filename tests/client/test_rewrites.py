"""Each plan rewrite: what it changes in the plan, what it must leave alone, same values."""

import numpy as np
import pytest

import tinytf as tf
from tests.client.conftest import assert_same_both_ways
from tinytf.client import executor
from tinytf.client.steps import CONST


def plan_types(fetches, feed_dict=None) -> list[str]:
    """The step types of the optimized plan running `fetches` (constants, given or folded,
    as "Const")."""
    session = tf.Session()
    session.run(fetches, feed_dict)
    (plan,) = session._plans.values()
    return ["Const" if step.kind == CONST else step.type for step in plan.steps]


class TestConstantFolding:
    def test_ops_of_constants_run_once_when_the_plan_is_built(self):
        x = tf.placeholder(tf.float32, [2])
        scale = tf.exp(tf.constant(0.0)) * tf.constant(3.0)
        total = x * scale
        assert plan_types(total, {x: [1.0, 2.0]}) == ["Const", "Mul"]
        values = assert_same_both_ways(total, {x: np.ones(2, np.float32)})
        np.testing.assert_array_equal(values, 3.0)

    def test_shapes_known_statically_become_constants(self):
        x = tf.placeholder(tf.float32, [2, 3])
        graph = tf.get_default_graph()
        size = graph.create_op("Size", [x], {"out_type": tf.int64}).outputs[0]
        shape = graph.create_op("Shape", [x], {"out_type": tf.int32}).outputs[0]
        assert plan_types([size * 2, shape], {x: np.zeros((2, 3))}) == ["Const", "Const"]
        np.testing.assert_array_equal(assert_same_both_ways(shape, {x: np.zeros((2, 3))}), [2, 3])

    def test_stateful_ops_are_not_folded(self):
        noise = tf.random_uniform([3]) + tf.constant(1.0)
        session = tf.Session()
        assert not np.array_equal(session.run(noise), session.run(noise))

    def test_an_op_that_fails_fails_when_it_runs(self):
        quotient = tf.floordiv(tf.constant([4, 2]), tf.constant([2, 0]), name="quotient")
        with pytest.raises(tf.errors.InvalidArgumentError, match="division by zero"):
            tf.Session().run(quotient)

    def test_large_results_stay_computed(self):
        ones = tf.fill([600, 600], 1.0)  # 1.4 MB of float32
        assert "Fill" in plan_types(ones * 2.0)


class TestGradientGraphs:
    def test_identity_chains_are_removed(self):
        x = tf.placeholder(tf.float32, [2])
        chained = tf.identity(tf.stop_gradient(tf.identity(x))) * 2.0
        assert plan_types(chained, {x: [1.0, 2.0]}) == ["Const", "Mul"]

    @pytest.mark.parametrize("reduce", [tf.reduce_sum, tf.reduce_mean])
    def test_reduction_gradients_materialise_no_ones(self, reduce):
        x = tf.placeholder(tf.float32, [None, 3])
        (grad,) = tf.gradients(reduce(tf.square(x)), [x])
        types = plan_types(grad, {x: np.ones((2, 3))})
        assert "Fill" not in types and "OnesLike" not in types
        assert_same_both_ways(grad, {x: np.arange(6, dtype=np.float32).reshape(2, 3)})

    def test_bias_gradients_sum_over_axes_fixed_in_the_plan(self):
        x = tf.placeholder(tf.float32, [None, 3])
        bias = tf.placeholder(tf.float32, [3])
        (grad,) = tf.gradients(tf.reduce_sum(tf.sigmoid(x + bias)), [bias])
        assert "StaticSumToShape" in plan_types(grad, {x: np.ones((2, 3)), bias: np.ones(3)})
        assert_same_both_ways(grad, {x: np.ones((4, 3), np.float32), bias: np.ones(3, np.float32)})


class TestVariableUpdatesInBetween:
    """An update writes the variable's array in place: values read before and after it
    differ, and no rewrite may mix them up."""

    def run_both(self, make_fetches) -> list:
        results = []
        for optimize in (False, True):
            with executor.optimizations(optimize), tf.Graph().as_default():
                variable = tf.Variable([1.0, 2.0])
                fetches = make_fetches(variable, variable.value())
                session = tf.Session()
                session.run(variable.initializer)
                results.append(session.run(fetches))
        np.testing.assert_array_equal(results[0], results[1])
        return results[1]

    def test_equal_ops_before_and_after_an_update_are_not_merged(self):
        def fetches(variable, read):
            before = read * 2.0
            with tf.control_dependencies([before]):
                update = tf.assign_add(variable, [10.0, 10.0])
            with tf.control_dependencies([update]):
                after = read * 2.0
            return [before - 0.0, after - 0.0]  # read, not only fetched

        before, after = self.run_both(fetches)
        np.testing.assert_array_equal(before, [2.0, 4.0])
        np.testing.assert_array_equal(after, [22.0, 24.0])

    def test_a_product_is_not_fused_past_an_update(self):
        def fetches(variable, read):
            product = tf.matmul(tf.ones([1, 1]), tf.reshape(read, [1, 2]))
            with tf.control_dependencies([product]):
                update = tf.assign_add(variable, [10.0, 10.0])
            with tf.control_dependencies([update]):
                bias = tf.constant([0.5, 0.5]) + 0.0
            return tf.nn.relu(product + bias)

        np.testing.assert_array_equal(self.run_both(fetches), [[1.5, 2.5]])

    @pytest.mark.parametrize("copy", ["cast", "times one"])
    def test_a_copy_taken_before_an_update_keeps_the_old_values(self, copy):
        def fetches(variable, read):
            if copy == "cast":
                taken = (
                    tf.get_default_graph()
                    .create_op("Cast", [read], {"dtype": tf.float32})
                    .outputs[0]
                )
            else:
                taken = read * 1.0
            with tf.control_dependencies([taken]):
                update = tf.assign_add(variable, [10.0, 10.0])
            with tf.control_dependencies([update]):
                later = taken + 0.0
            return later

        np.testing.assert_array_equal(self.run_both(fetches), [1.0, 2.0])


class TestLayouts:
    def test_a_reshape_to_the_same_shape_with_one_unknown_dimension_is_dropped(self):
        x = tf.placeholder(tf.float32, [None, 3])
        rows = tf.reshape(x, tf.concat([[-1], tf.shape(x)[1:]], 0))
        rows.set_shape([None, 3])
        assert "Reshape" not in plan_types(rows * 2.0, {x: np.ones((2, 3))})
        np.testing.assert_array_equal(
            assert_same_both_ways(rows * 2.0, {x: np.ones((4, 3), np.float32)}), 2.0
        )

    def test_two_unknown_dimensions_or_a_broadcast_keep_their_step(self):
        x = tf.placeholder(tf.float32, [None, None])
        swapped = tf.reshape(x, tf.shape(tf.transpose(x)))
        swapped.set_shape([None, None])
        assert "Reshape" in plan_types(swapped * 2.0, {x: np.ones((2, 3))})
        column, target = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.int32, [2])
        widened = tf.broadcast_to(column, target)
        widened.set_shape([None, 3])  # as the input's, yet one row may become four
        feed = {column: np.ones((1, 3), np.float32), target: [4, 3]}
        assert "BroadcastTo" in plan_types(widened * 2.0, feed)
        assert assert_same_both_ways(widened * 2.0, feed).shape == (4, 3)


class TestShapeFunctions:
    def test_a_mean_gradient_is_computed_once_per_batch_shape(self):
        x = tf.placeholder(tf.float32, [None], name="x")
        (grad,) = tf.gradients(tf.reduce_mean(tf.exp(x)), [x])
        session = tf.Session()
        for size in (4, 4, 2, 4):
            np.testing.assert_allclose(session.run(grad, {x: np.zeros(size)}), 1 / size)
        (plan,) = session._plans.values()
        types = [step.type for step in plan.steps]
        assert types.count("ShapeFunction") == 1
        assert not {"Size", "Shape", "BroadcastTo", "RealDiv"} & set(types)

    @pytest.mark.parametrize("fetch_loss", [False, True])
    def test_a_cross_entropy_read_only_by_its_mean_gradient_leaves_its_loss_out(self, fetch_loss):
        logits = tf.placeholder(tf.float32, [None, 3])
        labels = tf.placeholder(tf.int64, [None])
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits * 2.0)
        )
        (grad,) = tf.gradients(loss, [logits])
        fetches = [grad, loss] if fetch_loss else grad
        feed = {logits: np.arange(6, dtype=np.float32).reshape(2, 3), labels: [0, 2]}
        assert_same_both_ways(fetches, feed)
        session = tf.Session()
        session.run(fetches, feed)
        (plan,) = session._plans.values()
        (line,) = [line for line in plan.source.splitlines() if "# SparseSoftmax" in line]
        assert line.startswith("    _, t") != fetch_loss

    def test_a_remembered_value_is_never_overwritten(self):
        x = tf.placeholder(tf.float32, [None])
        zeros = tf.zeros_like(tf.exp(x))
        total = tf.nn.relu(zeros + x)  # an in-place Relu must not write into the zeros
        values = assert_same_both_ways(total, {x: np.array([-1.0, 2.0], np.float32)}, runs=3)
        np.testing.assert_array_equal(values, [0.0, 2.0])

    def test_a_failure_names_the_op_that_failed(self):
        x = tf.placeholder(tf.float32, [None], name="x")
        rows = tf.reshape(tf.zeros_like(x), [2, -1], name="rows")  # an even size only
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.Session().run(rows + 1.0, {x: np.zeros(3)})
        assert info.value.op is rows.op


class TestFusion:
    def test_matmul_bias_and_relu_become_one_kernel(self):
        x = tf.placeholder(tf.float32, [None, 4])
        weights, bias = tf.constant(np.ones((4, 3), np.float32)), tf.constant([1.0, 0.0, -9.0])
        out = tf.nn.relu(tf.matmul(x, weights) + bias)
        assert "MatMul+AddV2+Relu" in plan_types(out, {x: np.ones((2, 4))})
        assert_same_both_ways(out, {x: np.ones((2, 4), np.float32)})

    def test_no_fusion_when_an_intermediate_is_read_or_fetched(self):
        x = tf.placeholder(tf.float32, [None, 4])
        product = tf.matmul(x, tf.constant(np.ones((4, 3), np.float32)))
        out = tf.nn.relu(product + 1.0)
        assert "MatMul" in plan_types([out, product], {x: np.ones((2, 4))})
        assert "MatMul" in plan_types(out + product, {x: np.ones((2, 4))})

    def test_a_failing_fused_kernel_names_the_matmul(self):
        x = tf.placeholder(tf.float32, [None, None], name="x")
        product = tf.matmul(x, tf.constant(np.ones((4, 3), np.float32)), name="product")
        out = tf.nn.relu(tf.nn.bias_add(product, tf.constant([1.0, 0.0, -9.0])))
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.Session().run(out, {x: np.ones((2, 5))})
        assert info.value.op is product.op


class TestThePlanNotTheGraph:
    def test_the_graph_is_left_as_built(self):
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable(tf.ones([2, 2]), name="w")
        loss = tf.reduce_mean(tf.nn.relu(tf.matmul(x, w) + 1.0) * 1.0)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        graph = tf.get_default_graph()
        before = [(op.name, op.type, [t.name for t in op.inputs]) for op in graph.get_operations()]
        session = tf.Session()
        session.run(tf.global_variables_initializer())
        session.run([train, loss], {x: np.ones((3, 2))})
        after = [(op.name, op.type, [t.name for t in op.inputs]) for op in graph.get_operations()]
        assert after[: len(before)] == before

    def test_the_switch_turns_every_rewrite_off(self):
        x = tf.placeholder(tf.float32, [2])
        with executor.optimizations(False):
            types = plan_types(tf.identity(tf.exp(tf.constant(0.0))) * x, {x: [1.0, 2.0]})
        assert types == ["Const", "Exp", "Identity", "Mul"]


def test_a_float32_training_step_computes_in_float32_only():
    x = tf.placeholder(tf.float32, [None, 4])
    labels = tf.placeholder(tf.int64, [None])
    hidden = tf.nn.relu(tf.matmul(x, tf.Variable(tf.ones([4, 5]))) + tf.Variable(tf.zeros([5])))
    logits = tf.matmul(hidden, tf.Variable(tf.ones([5, 3]))) * 0.5 - 1
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    ) + 1e-3 * tf.nn.l2_loss(hidden)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    for optimize in (False, True):
        session = tf.Session()
        session.run(tf.global_variables_initializer())
        plan = executor.Plan([train], [x, labels], session, optimize=optimize)
        dtypes = set()
        namespace = plan._function.__globals__
        for name, kernel in list(namespace.items()):
            if name.startswith("k"):
                namespace[name] = _recording(kernel, dtypes)
        plan.run([np.ones((2, 4), np.float32), np.array([0, 2])])
        assert dtypes and all(dtype == np.float32 for dtype in dtypes if dtype.kind == "f")


def _recording(kernel, dtypes: set):
    def run(*inputs, **attrs):
        result = kernel(*inputs, **attrs)
        for value in result if isinstance(result, tuple) else (result,):
            if isinstance(value, (np.ndarray, np.generic)):
                dtypes.add(value.dtype)
        return result

    return run
