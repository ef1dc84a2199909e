"""tf.train optimizers: TF's update formulas step by step, slots, global step, errors."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf

X = np.random.default_rng(1).normal(size=(6, 3))
Y = np.random.default_rng(2).normal(size=(6, 1))
W0 = np.array([[0.5], [-0.3], [0.8]])
B0 = np.array(0.2)
STEPS = 5


def as_tf_float(value):
    """A Python hyper-parameter as TF sees it: a float32 constant, cast to float64 later."""
    return np.float64(np.float32(value))


def numpy_gradients(w, b):
    """Gradients of 0.5 * sum((X w + b - Y)^2)."""
    residual = X @ w + b - Y
    return X.T @ residual, residual.sum()


class ReferenceGradientDescent:
    def __init__(self, learning_rate):
        self.learning_rate = as_tf_float(learning_rate)

    def init_slots(self, var):
        return {}

    def update(self, var, grad, slots):
        return var - self.learning_rate * grad

    def finish(self):
        pass


class ReferenceMomentum(ReferenceGradientDescent):
    def __init__(self, learning_rate, momentum, use_nesterov=False):
        super().__init__(learning_rate)
        self.momentum = as_tf_float(momentum)
        self.use_nesterov = use_nesterov

    def init_slots(self, var):
        return {"momentum": np.zeros_like(var)}

    def update(self, var, grad, slots):
        slots["momentum"] = slots["momentum"] * self.momentum + grad
        if self.use_nesterov:
            return var - (
                grad * self.learning_rate + slots["momentum"] * self.momentum * self.learning_rate
            )
        return var - self.learning_rate * slots["momentum"]


class ReferenceAdagrad(ReferenceGradientDescent):
    def init_slots(self, var):
        return {"accumulator": np.full_like(var, as_tf_float(0.1))}

    def update(self, var, grad, slots):
        slots["accumulator"] = slots["accumulator"] + grad**2
        return var - self.learning_rate * grad / np.sqrt(slots["accumulator"])


class ReferenceAdadelta(ReferenceGradientDescent):
    def __init__(self, learning_rate, rho, epsilon):
        super().__init__(learning_rate)
        self.rho, self.epsilon = as_tf_float(rho), as_tf_float(epsilon)

    def init_slots(self, var):
        return {"accum": np.zeros_like(var), "accum_update": np.zeros_like(var)}

    def update(self, var, grad, slots):
        rho, epsilon = self.rho, self.epsilon
        slots["accum"] = rho * slots["accum"] + (1 - rho) * grad**2
        update = np.sqrt(slots["accum_update"] + epsilon) / np.sqrt(slots["accum"] + epsilon) * grad
        slots["accum_update"] = rho * slots["accum_update"] + (1 - rho) * update**2
        return var - self.learning_rate * update


class ReferenceRMSProp(ReferenceGradientDescent):
    def __init__(self, learning_rate, decay, momentum, epsilon, centered):
        super().__init__(learning_rate)
        self.decay, self.momentum = as_tf_float(decay), as_tf_float(momentum)
        self.epsilon, self.centered = as_tf_float(epsilon), centered

    def init_slots(self, var):
        slots = {"rms": np.ones_like(var), "momentum": np.zeros_like(var)}
        if self.centered:
            slots["mg"] = np.zeros_like(var)
        return slots

    def update(self, var, grad, slots):
        slots["rms"] = slots["rms"] + (grad**2 - slots["rms"]) * (1 - self.decay)
        denominator = slots["rms"] + self.epsilon
        if self.centered:
            slots["mg"] = slots["mg"] + (grad - slots["mg"]) * (1 - self.decay)
            denominator = denominator - slots["mg"] ** 2
        slots["momentum"] = slots["momentum"] * self.momentum + self.learning_rate * grad / np.sqrt(
            denominator
        )
        return var - slots["momentum"]


class ReferenceAdam(ReferenceGradientDescent):
    def __init__(self, learning_rate, beta1, beta2, epsilon):
        super().__init__(learning_rate)
        self.beta1, self.beta2 = np.float32(beta1), np.float32(beta2)
        self.epsilon = as_tf_float(epsilon)
        # beta1_power and beta2_power are float32 variables, as in TF.
        self.beta1_power, self.beta2_power = self.beta1, self.beta2

    def init_slots(self, var):
        return {"m": np.zeros_like(var), "v": np.zeros_like(var)}

    def update(self, var, grad, slots):
        beta1, beta2 = np.float64(self.beta1), np.float64(self.beta2)
        step_size = (
            self.learning_rate
            * np.sqrt(1 - np.float64(self.beta2_power))
            / (1 - np.float64(self.beta1_power))
        )
        slots["m"] = slots["m"] + (grad - slots["m"]) * (1 - beta1)
        slots["v"] = slots["v"] + (grad**2 - slots["v"]) * (1 - beta2)
        return var - step_size * slots["m"] / (np.sqrt(slots["v"]) + self.epsilon)

    def finish(self):
        self.beta1_power = np.float32(self.beta1_power * self.beta1)
        self.beta2_power = np.float32(self.beta2_power * self.beta2)


CASES = {
    "gradient_descent": (
        lambda: tf.train.GradientDescentOptimizer(0.1),
        lambda: ReferenceGradientDescent(0.1),
    ),
    "momentum": (
        lambda: tf.train.MomentumOptimizer(0.05, 0.9),
        lambda: ReferenceMomentum(0.05, 0.9),
    ),
    "nesterov": (
        lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
        lambda: ReferenceMomentum(0.05, 0.9, use_nesterov=True),
    ),
    "adagrad": (lambda: tf.train.AdagradOptimizer(0.3), lambda: ReferenceAdagrad(0.3)),
    "adadelta": (
        lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-4),
        lambda: ReferenceAdadelta(1.0, 0.9, 1e-4),
    ),
    "rmsprop": (
        lambda: tf.train.RMSPropOptimizer(0.05),
        lambda: ReferenceRMSProp(0.05, 0.9, 0.0, 1e-10, centered=False),
    ),
    "rmsprop_momentum": (
        lambda: tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, epsilon=1e-3),
        lambda: ReferenceRMSProp(0.05, 0.8, 0.5, 1e-3, centered=False),
    ),
    "rmsprop_centered": (
        lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.3, epsilon=1e-3, centered=True),
        lambda: ReferenceRMSProp(0.05, 0.9, 0.3, 1e-3, centered=True),
    ),
    "adam": (lambda: tf.train.AdamOptimizer(0.1), lambda: ReferenceAdam(0.1, 0.9, 0.999, 1e-8)),
    "adam_beta": (
        lambda: tf.train.AdamOptimizer(0.05, beta1=0.5, beta2=0.9, epsilon=1e-3),
        lambda: ReferenceAdam(0.05, 0.5, 0.9, 1e-3),
    ),
}


def ancestor_names(op):
    """The names of every op that `op` waits for, through inputs and control inputs."""
    names, pending = set(), [op]
    while pending:
        current = pending.pop()
        for parent in [t.op for t in current.inputs] + current.control_inputs:
            if parent.name not in names:
                names.add(parent.name)
                pending.append(parent)
    return names


def least_squares(dtype=tf.float64):
    w = tf.Variable(W0.astype(dtype.as_numpy_dtype), name="w")
    b = tf.Variable(B0.astype(dtype.as_numpy_dtype), name="b")
    residual = tf.matmul(tf.constant(X, dtype), w) + b - tf.constant(Y, dtype)
    loss = 0.5 * tf.reduce_sum(tf.square(residual))
    return w, b, loss


@pytest.mark.parametrize("case", sorted(CASES))
def test_steps_follow_tensorflow_formula(case):
    make_optimizer, make_reference = CASES[case]
    w, b, loss = least_squares()
    optimizer = make_optimizer()
    train = optimizer.minimize(loss)
    reference = make_reference()
    expected = {"w": W0.copy(), "b": B0.copy()}
    slots = {name: reference.init_slots(value) for name, value in expected.items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            sess.run(train)
            gradients = numpy_gradients(expected["w"], expected["b"])
            grads = dict(zip(("w", "b"), gradients, strict=True))
            for name in expected:
                expected[name] = reference.update(expected[name], grads[name], slots[name])
            reference.finish()
        for name, var in (("w", w), ("b", b)):
            np.testing.assert_allclose(sess.run(var), expected[name], rtol=1e-6, atol=1e-9)
            for slot_name, slot_value in slots[name].items():
                slot = optimizer.get_slot(var, slot_name)
                np.testing.assert_allclose(sess.run(slot), slot_value, rtol=1e-6, atol=1e-9)
        assert sess.run(loss) < 0.5 * np.sum((X @ W0 + B0 - Y) ** 2)


@pytest.mark.parametrize(
    "make_optimizer, slot_names, variable_names",
    [
        (lambda: tf.train.GradientDescentOptimizer(0.1), [], []),
        (lambda: tf.train.MomentumOptimizer(0.1, 0.9), ["momentum"], ["w/Momentum:0"]),
        (lambda: tf.train.AdagradOptimizer(0.1), ["accumulator"], ["w/Adagrad:0"]),
        (
            lambda: tf.train.AdadeltaOptimizer(),
            ["accum", "accum_update"],
            ["w/Adadelta:0", "w/Adadelta_1:0"],
        ),
        (
            lambda: tf.train.RMSPropOptimizer(0.1),
            ["momentum", "rms"],
            ["w/RMSProp:0", "w/RMSProp_1:0"],
        ),
        (
            lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
            ["mg", "momentum", "rms"],
            ["w/RMSProp:0", "w/RMSProp_1:0", "w/RMSProp_2:0"],
        ),
        (
            lambda: tf.train.AdamOptimizer(),
            ["m", "v"],
            ["beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"],
        ),
    ],
)
def test_slot_variables_are_named_and_collected_as_in_tensorflow(
    make_optimizer, slot_names, variable_names
):
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = make_optimizer()
    optimizer.minimize(tf.reduce_sum(w * w))
    assert optimizer.get_slot_names() == slot_names
    assert [v.name for v in optimizer.variables()] == variable_names
    assert [v.name for v in tf.global_variables()] == ["w:0"] + variable_names
    assert tf.trainable_variables() == [w]
    for name in slot_names:
        slot = optimizer.get_slot(w, name)
        assert slot.dtype == tf.float32 and slot.shape.as_list() == [2]
    assert optimizer.get_slot(w, "no_such_slot") is None


def test_rmsprop_slots_start_at_one_and_adagrad_at_initial_value():
    w = tf.Variable([1.0, 2.0], name="w")
    rmsprop = tf.train.RMSPropOptimizer(0.1)
    adagrad = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.25)
    rmsprop.minimize(tf.reduce_sum(w * w))
    adagrad.minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(rmsprop.get_slot(w, "rms")), [1.0, 1.0])
        np.testing.assert_array_equal(sess.run(rmsprop.get_slot(w, "momentum")), [0.0, 0.0])
        np.testing.assert_array_equal(sess.run(adagrad.get_slot(w, "accumulator")), [0.25, 0.25])


def test_adam_beta_powers_follow_the_steps_and_live_at_the_top_scope():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.name_scope("training"):
        first = tf.train.AdamOptimizer(0.1, beta1=0.5, beta2=0.25)
        train = first.minimize(tf.reduce_sum(w * w))
    second = tf.train.AdamOptimizer(0.1)
    second.minimize(tf.reduce_sum(w * w))
    names = [v.name for v in second.variables()]
    assert names == ["beta1_power:0", "beta2_power:0", "w/Adam_2:0", "w/Adam_3:0"]
    assert [v.name for v in first.variables()][:2] == [
        "training/beta1_power:0",
        "training/beta2_power:0",
    ]
    assert train.name == "training/Adam"
    beta1_power, beta2_power = first.variables()[:2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(beta1_power) == pytest.approx(0.5**4)
        assert sess.run(beta2_power) == pytest.approx(0.25**4)


def test_global_step_increments_after_the_updates():
    w, b, loss = least_squares()
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    assert train.type == "AssignAdd" and train.name == "GradientDescent"
    assert "GradientDescent/update" in ancestor_names(train)
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for expected in range(1, 4):
            sess.run(train)
            assert tf.train.global_step(sess, step) == expected


def test_without_global_step_the_train_op_groups_the_updates():
    w, b, loss = least_squares()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, name="fit")
    assert train.type == "NoOp" and train.name == "fit"
    update_types = sorted(op.type for op in train.control_inputs)
    assert update_types == ["ApplyAdam", "ApplyAdam", "Assign", "Assign"]
    assert tf.get_default_graph().get_operation_by_name("fit/update_w/ApplyAdam")


def test_var_list_limits_the_update_and_none_gradients_are_skipped():
    w, b, loss = least_squares()
    unused = tf.Variable([3.0], name="unused")
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    grads_and_vars = optimizer.compute_gradients(loss, var_list=[b, unused])
    assert [var for _, var in grads_and_vars] == [b, unused]
    assert grads_and_vars[1][0] is None
    train = optimizer.apply_gradients(grads_and_vars)
    assert optimizer.get_slot(unused, "momentum") is None
    assert optimizer.get_slot(w, "momentum") is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_array_equal(sess.run(w), W0)
        np.testing.assert_array_equal(sess.run(unused), [3.0])
        expected_b = B0 - as_tf_float(0.1) * numpy_gradients(W0, B0)[1]
        np.testing.assert_allclose(sess.run(b), expected_b, rtol=1e-12)


def test_learning_rate_may_be_a_tensor_or_a_callable():
    w = tf.Variable([1.0, -2.0], name="w")
    rate = tf.placeholder(tf.float32, [], name="rate")
    by_tensor = tf.train.GradientDescentOptimizer(rate).minimize(tf.reduce_sum(w * w))
    by_callable = tf.train.GradientDescentOptimizer(lambda: 0.25).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(by_tensor, {rate: 0.5})
        np.testing.assert_array_equal(sess.run(w), [0.0, 0.0])
        sess.run(w.initializer)
        sess.run(by_callable)
        np.testing.assert_array_equal(sess.run(w), [0.5, -1.0])


@pytest.mark.parametrize(
    "case", ["gradient_descent", "nesterov", "adagrad", "adadelta", "rmsprop_centered", "adam"]
)
def test_float32_training_stays_float32_and_updates_in_place(case):
    w, b, loss = least_squares(tf.float32)
    train = CASES[case][0]().minimize(loss)
    assert not [op for op in tf.get_default_graph().get_operations() if op.type == "Cast"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        storage = sess.variable_cell(w.op).value
        for _ in range(3):
            sess.run(train)
        assert sess.variable_cell(w.op).value is storage
        assert sess.run(w).dtype == np.float32
        assert not np.array_equal(sess.run(w), W0.astype(np.float32))


def test_gradients_gated_by_graph_give_the_same_step():
    w, b, loss = least_squares()
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss, gate_gradients=optimizer.GATE_GRAPH)
    assert all(grad.op.type == "Identity" for grad, _ in grads_and_vars)
    train = optimizer.apply_gradients(grads_and_vars)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        expected = W0 - as_tf_float(0.1) * numpy_gradients(W0, B0)[0]
        np.testing.assert_allclose(sess.run(w), expected, rtol=1e-12)


def test_errors_match_tensorflow():
    w = tf.Variable([1.0, 2.0], name="w")
    unused = tf.Variable([1.0, 2.0], name="unused")
    loss = tf.reduce_sum(w * w)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(
        ValueError,
        match="No gradients provided for any variable, check your "
        r"graph .* between variables \[\"<tf.Variable "
        "'unused:0'",
    ):
        optimizer.minimize(loss, var_list=[unused])
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: \["):
        optimizer.apply_gradients([(None, unused)])
    with pytest.raises(ValueError, match="No variables provided."):
        optimizer.apply_gradients([])
    with pytest.raises(ValueError, match="No variables to optimize."):
        optimizer.minimize(loss, var_list=[])
    with pytest.raises(ValueError, match="Invalid type tf.int32 for"):
        optimizer.minimize(tf.constant(1))
    with pytest.raises(
        ValueError, match="Dimension 0 in both shapes must be equal, but are 2 and 3"
    ):
        optimizer.apply_gradients([(tf.constant([1.0, 2.0, 3.0]), unused)])
    with pytest.raises(
        TypeError,
        match="Input 'delta' of 'ApplyGradientDescent' Op has type "
        "float64 that does not match type float32",
    ):
        optimizer.apply_gradients([(tf.constant([1.0, 2.0], tf.float64), unused)])
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        optimizer.minimize(loss, gate_gradients=5)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive: 0.0"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.GradientDescentOptimizer(0.1, name="")


def test_uninitialized_slot_is_a_failed_precondition():
    w = tf.Variable([1.0, 2.0], name="w")
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="w/Momentum"):
            sess.run(train)


OPTIMIZERS_WITH_SMALL_STEPS = [
    lambda: tf.train.GradientDescentOptimizer(1e-3),
    lambda: tf.train.MomentumOptimizer(1e-3, 0.9, use_nesterov=True),
    lambda: tf.train.AdagradOptimizer(1e-3),
    lambda: tf.train.AdadeltaOptimizer(1.0),
    lambda: tf.train.RMSPropOptimizer(1e-3, centered=True),
    lambda: tf.train.AdamOptimizer(1e-3),
]


@settings(max_examples=20, deadline=None)
@given(
    factor=hnp.arrays(np.float64, (3, 3), elements=st.floats(-2, 2)),
    start=hnp.arrays(np.float64, (3,), elements=st.floats(-5, 5)),
    which=st.integers(0, len(OPTIMIZERS_WITH_SMALL_STEPS) - 1),
)
def test_one_small_step_lowers_a_convex_quadratic(factor, start, which):
    hessian = factor @ factor.T + np.eye(3)
    gradient = hessian @ start
    assume(np.linalg.norm(gradient) > 1e-2)  # at the minimum no step can lower the loss
    graph = tf.Graph()
    with graph.as_default():
        x = tf.expand_dims(tf.Variable(start, name="x"), 1)
        loss = 0.5 * tf.reduce_sum(x * tf.matmul(tf.constant(hessian), x))
        train = OPTIMIZERS_WITH_SMALL_STEPS[which]().minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(loss)
            sess.run(train)
            assert sess.run(loss) < before


def test_a_variable_constraint_is_applied_after_each_update():
    w = tf.Variable([0.5, -0.5], name="w", constraint=lambda v: tf.clip_by_value(v, -0.6, 0.6))
    train = tf.train.GradientDescentOptimizer(1.0).minimize(tf.reduce_sum([-3.0, -0.5] * w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(train)
        np.testing.assert_allclose(sess.run(w), [0.6, 0.0])
