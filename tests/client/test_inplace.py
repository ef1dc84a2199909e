"""Buffer reuse: results go into dying inputs' buffers, and never into anything else."""

import numpy as np
import pytest

import tinytf as tf
from tests.client.conftest import assert_same_both_ways
from tinytf.client import executor
from tinytf.framework import registry


def plan_source(session: tf.Session) -> str:
    return "\n".join(plan.source for plan in session._plans.values())


def line_of(source: str, name: str) -> str:
    (line,) = [
        line for line in source.splitlines() if line.endswith(f"'{name}'") or f"'{name}'," in line
    ]
    return line


class TestWhereResultsGo:
    def test_an_element_wise_op_writes_into_a_dying_fresh_input(self):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        doubled = tf.multiply(x, 2.0, name="doubled")
        rectified = tf.nn.relu(doubled - 1.0, name="rectified")
        session = tf.Session()
        result = session.run(rectified, {x: [[0.0, 1.0, 2.0]]})
        np.testing.assert_array_equal(result, [[0.0, 1.0, 3.0]])
        assert ", into t" in line_of(plan_source(session), "rectified")
        assert ", into" not in line_of(plan_source(session), "doubled")  # x is a feed

    def test_the_training_step_of_an_mlp_reuses_activations_and_gradients(self):
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        labels = tf.placeholder(tf.int64, [None], name="labels")
        hidden = tf.nn.relu(tf.matmul(x, tf.Variable(tf.ones([4, 5]))) + 1.0)
        logits = tf.matmul(hidden, tf.Variable(tf.ones([5, 3])))
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        )
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        session = tf.Session()
        session.run(tf.global_variables_initializer())
        session.run(train, {x: np.ones((2, 4)), labels: [0, 2]})
        source = plan_source(session)
        assert "ReluGrad" in source and "into" in line_of(source, "gradients/Relu_grad/ReluGrad")

    def test_gradient_descent_uses_a_dying_gradient_as_its_work_buffer(self):
        values = {}
        for optimize in (False, True):
            with tf.Graph().as_default():
                x = tf.placeholder(tf.float32, [None, 3])
                weights = tf.Variable(np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2))
                loss = tf.reduce_sum(tf.square(tf.matmul(x, weights)))
                (grad,) = tf.gradients(loss, [weights])
                train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
                with executor.optimizations(optimize):
                    session = tf.Session()
                    session.run(weights.initializer)
                    feed = {x: np.arange(6, dtype=np.float32).reshape(2, 3)}
                    fetched = [session.run([train, grad], feed)[1] for _ in range(3)]
                    session.run(train, feed)
                values[optimize] = fetched, session.run(weights)
                sources = plan_source(session)
        updates = [line for line in sources.splitlines() if "# ApplyGradientDescent" in line]
        assert len(updates) == 2 and all(", into t" in line for line in updates)
        for plain, optimized in zip(values[False], values[True], strict=True):
            np.testing.assert_array_equal(plain, optimized)


class TestNeverInto:
    """Each case would give wrong values if a result were written into the named buffer."""

    def test_a_feed(self):
        x = tf.placeholder(tf.float32, [2], name="x")
        assert_same_both_ways(
            [tf.nn.relu(x), tf.exp(x) + x], {x: np.array([-1.0, 2.0], np.float32)}
        )

    def test_a_constant(self):
        constant = tf.constant([1.0, -2.0])
        x = tf.placeholder(tf.float32, [2])
        total = tf.nn.relu(tf.identity(constant)) + x
        values = assert_same_both_ways([total, constant], {x: np.zeros(2, np.float32)}, runs=3)
        np.testing.assert_array_equal(values[1], [1.0, -2.0])

    def test_a_variable(self):
        variable = tf.Variable([1.0, -2.0])
        read = tf.identity(variable.value())
        session = tf.Session()
        session.run(variable.initializer)
        for _ in range(3):
            np.testing.assert_array_equal(session.run(tf.nn.relu(read) * 2.0), [2.0, 0.0])
        np.testing.assert_array_equal(session.run(variable), [1.0, -2.0])

    def test_a_tensor_read_later(self):
        x = tf.placeholder(tf.float64, [3])
        fresh = x * 3.0
        later = tf.exp(fresh) + fresh  # Exp could overwrite `fresh`, but Add reads it
        assert_same_both_ways(later, {x: np.array([0.0, 1.0, 2.0])})

    def test_a_view_of_a_tensor_read_later(self):
        x = tf.placeholder(tf.float64, [2, 3])
        fresh = x * 3.0
        view = tf.reshape(fresh, [3, 2])  # shares fresh's buffer
        total = tf.reduce_sum(tf.nn.relu(fresh)) + tf.reduce_sum(view)
        assert_same_both_ways(total, {x: np.arange(-3.0, 3.0).reshape(2, 3)})

    def test_another_view_of_the_same_buffer_read_by_the_same_op(self):
        x = tf.placeholder(tf.float64, [3, 3])
        fresh = x * 2.0
        mixed = fresh + tf.transpose(fresh)  # writing into fresh corrupts its transpose
        result = assert_same_both_ways(mixed, {x: np.arange(9.0).reshape(3, 3)})
        np.testing.assert_array_equal(
            result, 2 * (np.arange(9.0).reshape(3, 3) + np.arange(9.0).reshape(3, 3).T)
        )

    def test_a_fetched_tensor(self):
        x = tf.placeholder(tf.float64, [2])
        fresh = x - 1.0
        fetched, rectified = assert_same_both_ways(
            [fresh, tf.nn.relu(fresh)], {x: np.array([0.0, 3.0])}
        )
        np.testing.assert_array_equal(fetched, [-1.0, 2.0])
        np.testing.assert_array_equal(rectified, [0.0, 2.0])

    def test_an_input_smaller_than_the_broadcast_result(self):
        x = tf.placeholder(tf.float64, [None, 3])
        y = tf.placeholder(tf.float64, [None, 3])
        total = (x * 2.0) + y  # statically [None, 3] both; at run time (1, 3) + (4, 3)
        result = assert_same_both_ways(total, {x: np.ones((1, 3)), y: np.zeros((4, 3))})
        np.testing.assert_array_equal(result, np.full((4, 3), 2.0))

    def test_an_input_kept_by_a_stateful_op(self):
        kept = []

        def keep(x):  # a stateful kernel may hold on to its input, as a data set does
            kept.append(x)
            return np.array(len(kept))

        with registry.registration_scope():
            registry.register_op(
                "TestOnlyKeep",
                infer=lambda inputs, attrs: (tf.int64, tf.TensorShape([])),
                stateful=True,
            )(keep)
            tf.NotDifferentiable("TestOnlyKeep")
            x = tf.placeholder(tf.float64, [2])
            fresh = x + 1.0
            count = tf.get_default_graph().create_op("TestOnlyKeep", [fresh]).outputs[0]
            with tf.control_dependencies([count]):
                after = tf.nn.relu(fresh - 5.0)
            tf.Session().run(after, {x: np.array([1.0, 2.0])})
        np.testing.assert_array_equal(kept[0], [2.0, 3.0])


class TestAnalysis:
    def test_only_known_kernels_count_as_fresh(self):
        assert registry.get_op_def("MatMul").fresh_outputs
        for aliasing in (
            "Identity",
            "Reshape",
            "Transpose",
            "BroadcastTo",
            "SumToShape",
            "StridedSlice",
            "ExpandDims",
            "Squeeze",
        ):
            assert not registry.get_op_def(aliasing).fresh_outputs

    @pytest.mark.parametrize("shape", [[None, 3], [2, 3], [None, None]])
    def test_results_are_right_whatever_is_known_statically(self, shape):
        x = tf.placeholder(tf.float32, shape)
        bias = tf.placeholder(tf.float32, [3])
        out = tf.nn.relu(tf.nn.bias_add(x * 2.0, bias)) * tf.sigmoid(x)
        assert_same_both_ways(
            [out, tf.gradients(tf.reduce_sum(out), [x, bias])],
            {
                x: np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3),
                bias: np.array([0.5, -0.5, 0.0], np.float32),
            },
        )
