"""tf.function / defun: traced once per signature into a graph that runs as a compiled plan."""

import numpy as np


def test_a_function_is_traced_once_per_signature(tf):
    traces = []

    @tf.function
    def scale(x, factor):
        traces.append(1)
        return x * factor

    np.testing.assert_array_equal(scale(tf.constant([1.0, 2.0]), 3.0).numpy(), [3.0, 6.0])
    np.testing.assert_array_equal(scale(tf.constant([5.0, 6.0]), 3.0).numpy(), [15.0, 18.0])
    assert len(traces) == 1
    scale(tf.constant([1.0, 2.0, 3.0]), 3.0)
    scale(tf.constant([1.0, 2.0]), 4.0)
    assert len(traces) == 3


def test_the_traced_graph_and_its_plan_can_be_printed(tf):
    @tf.function
    def affine(x):
        return tf.matmul(x, tf.ones([2, 2])) + 1.0

    x = tf.constant([[1.0, 2.0]])
    affine(x)
    concrete = affine.get_concrete_function(x)
    assert "MatMul" in [op.type for op in concrete.graph.get_operations()]
    assert "def run(feeds):" in concrete.plan_source()


def test_a_traced_train_step_updates_eager_variables_as_eager_steps_do(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])

    def train(step_function_wrapper):
        w = tf.Variable([[0.5], [-0.5]])
        optimizer = tf.train.AdamOptimizer(0.1)

        def step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
            grads = tape.gradient(loss, [w])
            optimizer.apply_gradients(zip(grads, [w], strict=True))
            return loss

        step = step_function_wrapper(step)
        losses = [float(step()) for _ in range(5)]
        return losses, w.numpy()

    eager_losses, eager_w = train(lambda f: f)
    traced_losses, traced_w = train(tf.contrib.eager.defun)
    np.testing.assert_allclose(traced_losses, eager_losses, rtol=1e-6)
    np.testing.assert_allclose(traced_w, eager_w, rtol=1e-6)


def test_a_function_called_in_a_graph_builds_its_ops_there(tf):
    @tf.function
    def double(x):
        return x * 2.0

    with tf.Graph().as_default() as graph:
        result = double(tf.constant(4.0))
        assert result.graph is graph
        with tf.Session() as sess:
            assert sess.run(result) == 8.0
