"""Numeric gradient checking by float64 central differences along a random projection."""

import numpy as np

import tinytf as tf


def numeric_gradients(function, inputs: list, eps: float = 1e-6) -> list:
    """d function / d input, for a scalar `function(*inputs)` of NumPy arrays."""
    grads = []
    for index, value in enumerate(inputs):
        grad = np.zeros_like(value)
        for position in np.ndindex(value.shape):
            shifted = [v.copy() for v in inputs]
            shifted[index][position] = value[position] + eps
            plus = function(*shifted)
            shifted[index][position] = value[position] - eps
            minus = function(*shifted)
            grad[position] = (plus - minus) / (2 * eps)
        grads.append(grad)
    return grads


def check_gradients(
    build, inputs: list, constants=(), rng=None, second_order=False, rtol=1e-5, atol=1e-6, eps=1e-6
) -> None:
    """Asserts tf.gradients of sum(build(*xs) * w), w random, equals central differences.

    With `second_order`, also checks the gradient of sum(grad_x * v) (a Hessian-vector
    product), which exercises the gradients of the gradient ops themselves.
    """
    rng = rng or np.random.default_rng(1)
    with tf.Graph().as_default():
        xs = [tf.placeholder(tf.float64, v.shape, name=f"x{i}") for i, v in enumerate(inputs)]
        out = build(*xs, *[tf.constant(c) for c in constants])
        weights = rng.standard_normal(out.shape.as_list())
        scalar = tf.reduce_sum(out * weights)
        grads = tf.gradients(scalar, xs)
        targets = [scalar]
        if second_order:
            vectors = [rng.standard_normal(v.shape) for v in inputs]
            scalar = tf.add_n([tf.reduce_sum(g * v) for g, v in zip(grads, vectors, strict=True)])
            targets = [scalar]
            grads = tf.gradients(scalar, xs)
        with tf.Session() as session:
            feed = lambda values: dict(zip(xs, values, strict=True))  # noqa: E731
            evaluate = lambda *values: session.run(targets[0], feed(values))  # noqa: E731
            analytic = session.run(
                [g if g is not None else tf.zeros_like(x) for g, x in zip(grads, xs, strict=True)],
                feed(inputs),
            )
            numeric = numeric_gradients(
                evaluate, [np.array(v, dtype=np.float64) for v in inputs], eps
            )
    for i, (a, n) in enumerate(zip(analytic, numeric, strict=True)):
        np.testing.assert_allclose(
            a,
            n,
            rtol=rtol,
            atol=atol,
            err_msg=f"gradient of input {i}: analytic {a!r} vs numeric {n!r}",
        )
