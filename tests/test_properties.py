"""Invariants checked on many random cases (Hypothesis): static shapes agree with NumPy,
gradients have their inputs' shapes, feeding an intermediate equals computing it, and the
order of fetches changes no value."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

BINARY = {
    "add": (tf.add, np.add),
    "subtract": (tf.subtract, np.subtract),
    "multiply": (tf.multiply, np.multiply),
    "truediv": (tf.truediv, np.true_divide),
    "maximum": (tf.maximum, np.maximum),
    "minimum": (tf.minimum, np.minimum),
    "squared_difference": (tf.squared_difference, lambda a, b: (a - b) ** 2),
}
REDUCTIONS = {
    "reduce_sum": (tf.reduce_sum, np.sum),
    "reduce_mean": (tf.reduce_mean, np.mean),
    "reduce_max": (tf.reduce_max, np.max),
    "reduce_min": (tf.reduce_min, np.min),
    "reduce_prod": (tf.reduce_prod, np.prod),
}


def hide_dims(shape: tuple, mask: list) -> list:
    """`shape` with the dims picked by `mask` unknown (None), as a placeholder declares."""
    return [None if hidden else size for size, hidden in zip(shape, mask, strict=False)]


def values(shape, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.5, 2.0, size=shape)


@SETTINGS
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=4),
    name=st.sampled_from(sorted(BINARY)),
    masks=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=2, max_size=2),
)
def test_broadcast_binary_shapes_match_numpy(shapes, name, masks):
    tf.reset_default_graph()
    build, reference = BINARY[name]
    first, second = shapes.input_shapes
    a = tf.placeholder(tf.float64, first)
    b = tf.placeholder(tf.float64, second)
    assert build(a, b).shape.as_list() == list(shapes.result_shape)
    partial_a = tf.placeholder(tf.float64, hide_dims(first, masks[0]))
    partial_b = tf.placeholder(tf.float64, hide_dims(second, masks[1]))
    partial = build(partial_a, partial_b)
    assert partial.shape.is_compatible_with(shapes.result_shape)
    a_value, b_value = values(first, 1), values(second, 2)
    with tf.Session() as session:
        result = session.run(partial, {partial_a: a_value, partial_b: b_value})
    np.testing.assert_allclose(result, reference(a_value, b_value), rtol=1e-12)


@SETTINGS
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=4, max_side=4),
    name=st.sampled_from(sorted(REDUCTIONS)),
    keepdims=st.booleans(),
    data=st.data(),
)
def test_reduction_shapes_match_numpy(shape, name, keepdims, data):
    tf.reset_default_graph()
    build, reference = REDUCTIONS[name]
    rank = len(shape)
    axes = data.draw(
        st.one_of(
            st.none(),
            st.integers(-rank, rank - 1),
            st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True),
        )
    )
    x = tf.placeholder(tf.float64, shape)
    reduced = build(x, axis=axes, keepdims=keepdims)
    value = values(shape, 3)
    numpy_axes = tuple(axes) if isinstance(axes, list) else axes
    expected = reference(value, axis=numpy_axes, keepdims=keepdims)
    assert reduced.shape.as_list() == list(np.shape(expected))
    with tf.Session() as session:
        np.testing.assert_allclose(session.run(reduced, {x: value}), expected, rtol=1e-12)


@SETTINGS
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
    name=st.sampled_from(sorted(BINARY)),
    hide_batch=st.booleans(),
)
def test_gradient_shapes_equal_input_shapes(shapes, name, hide_batch):
    tf.reset_default_graph()
    build, _ = BINARY[name]
    first, second = shapes.input_shapes
    declared_first = hide_dims(first, [hide_batch]) + list(first[1:]) if first else []
    a = tf.placeholder(tf.float64, declared_first)
    b = tf.placeholder(tf.float64, second)
    grads = tf.gradients(tf.reduce_sum(build(a, b)), [a, b])
    for grad, tensor in zip(grads, (a, b), strict=True):
        assert grad.shape.is_compatible_with(tensor.shape)
        assert grad.shape.ndims == tensor.shape.ndims
    with tf.Session() as session:
        grad_values = session.run(grads, {a: values(first, 4), b: values(second, 5)})
    assert [g.shape for g in grad_values] == [tuple(first), tuple(second)]


def random_chain(x, choices: list[int]) -> list:
    """A chain of elementwise ops picked by `choices`; every intermediate is returned."""
    steps = [
        lambda t: t * 1.5,
        lambda t: t + 0.25,
        tf.tanh,
        tf.square,
        lambda t: tf.reduce_sum(t, axis=-1, keepdims=True) + t,
        tf.sigmoid,
    ]
    tensors = [x]
    for choice in choices:
        tensors.append(steps[choice](tensors[-1]))
    return tensors


@SETTINGS
@given(choices=st.lists(st.integers(0, 5), min_size=2, max_size=8), data=st.data())
def test_feeding_an_intermediate_equals_computing_it(choices, data):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float64, [None, 3], name="x")
    tensors = random_chain(x, choices)
    middle = tensors[data.draw(st.integers(1, len(tensors) - 2))]
    value = values((2, 3), 6)
    with tf.Session() as session:
        middle_value, computed = session.run([middle, tensors[-1]], {x: value})
        fed = session.run(tensors[-1], {middle: middle_value})
    np.testing.assert_array_equal(fed, computed)


@SETTINGS
@given(choices=st.lists(st.integers(0, 5), min_size=1, max_size=6), data=st.data())
def test_fetch_order_changes_no_value(choices, data):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    variable = tf.Variable(np.ones((2, 3)), name="v")
    tensors = random_chain(x * variable, choices)
    order = data.draw(st.permutations(range(len(tensors))))
    value = values((2, 3), 7)
    with tf.Session() as session:
        session.run(variable.initializer)
        in_order = session.run(tensors, {x: value})
        permuted = session.run([tensors[i] for i in order], {x: value})
        one_by_one = [session.run(tensor, {x: value}) for tensor in tensors]
    for position, index in enumerate(order):
        np.testing.assert_array_equal(permuted[position], in_order[index])
        np.testing.assert_array_equal(one_by_one[index], in_order[index])
