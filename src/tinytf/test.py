"""`tf.test`: gradient checking against central differences, as TF 1.x's gradient_checker.

    with tf.Session():
        theoretical, numerical = tf.test.compute_gradient(x, [2, 3], y, [2])
        error = tf.test.compute_gradient_error(x, [2, 3], y, [2])

A Jacobian here is an array of shape [x_size, y_size]: row i holds d y / d x.flat[i].
"""

from __future__ import annotations

import math

import numpy as np

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.client.session import get_default_session
from tinytf.ops.gradients_impl import gradients
from tinytf.ops.placeholder_ops import placeholder


def compute_gradient(
    x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None, extra_feed_dict=None
):
    """The theoretical (from `tf.gradients`) and numerical Jacobians of `y` by `x`.

    For a list of tensors `x` (with lists `x_shape` and `x_init_value`), a list of
    (theoretical, numerical) pairs, one per tensor. Runs in the default session; a random
    value in [0, 1) stands for each x whose `x_init_value` is None.
    """
    session = get_default_session()
    if session is None:
        raise ValueError(
            "tf.test.compute_gradient runs in the default session: call it "
            "inside `with tf.Session():`."
        )
    for target in init_targets or []:
        session.run(target)
    several = isinstance(x, (list, tuple))
    xs = list(x) if several else [x]
    shapes = list(x_shape) if several else [x_shape]
    if several:
        initial = list(x_init_value) if x_init_value is not None else [None] * len(xs)
    else:
        initial = [x_init_value]
    values = [
        _initial_value(tensor, shape, value)
        for tensor, shape, value in zip(xs, shapes, initial, strict=True)
    ]
    feed = dict(extra_feed_dict or {})
    feed.update(zip(xs, values, strict=True))
    with y.graph.as_default():
        grad_y = placeholder(y.dtype, y_shape, name="grad_y")
        grads = gradients(y, xs, grad_ys=grad_y)
    y_size = math.prod(y_shape)
    pairs = [
        (
            _theoretical(session, grad, grad_y, value, y_shape, y_size, feed),
            _numerical(session, tensor, y, value, y_size, delta, feed),
        )
        for tensor, grad, value in zip(xs, grads, values, strict=True)
    ]
    return pairs if several else pairs[0]


def compute_gradient_error(
    x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None, extra_feed_dict=None
) -> float:
    """The largest absolute difference between the theoretical and numerical Jacobians."""
    result = compute_gradient(
        x, x_shape, y, y_shape, x_init_value, delta, init_targets, extra_feed_dict
    )
    pairs = result if isinstance(result, list) else [result]
    return max(
        (
            float(np.max(np.abs(theoretical - numerical), initial=0.0))
            for theoretical, numerical in pairs
        ),
        default=0.0,
    )


def _initial_value(tensor, shape, value) -> np.ndarray:
    dtype = tensor.dtype.as_numpy_dtype
    if value is None:
        return np.random.random_sample(shape).astype(dtype)
    value = np.asarray(value, dtype=dtype)
    if value.shape != tuple(shape):
        raise ValueError(
            f"x_init_value of shape {value.shape} does not match x_shape "
            f"{tuple(shape)} for {tensor.name}"
        )
    return value


def _theoretical(session, grad, grad_y, x_value, y_shape, y_size, feed) -> np.ndarray:
    """Column j: the gradient of y.flat[j], computed by backpropagating a one-hot grad_y."""
    jacobian = np.zeros((x_value.size, y_size), dtype=x_value.dtype)
    if grad is None:
        return jacobian
    one_hot = np.zeros(y_size, dtype=grad_y.dtype.as_numpy_dtype)
    for column in range(y_size):
        one_hot[:] = 0
        one_hot[column] = 1
        feed[grad_y] = one_hot.reshape(y_shape)
        jacobian[:, column] = np.ravel(session.run(grad, feed))
    del feed[grad_y]
    return jacobian


def _numerical(session, x, y, x_value, y_size, delta, feed) -> np.ndarray:
    """Row i: the central difference of y when x.flat[i] moves by +-delta."""
    jacobian = np.zeros((x_value.size, y_size), dtype=x_value.dtype)
    shifted = x_value.copy()
    for row in range(x_value.size):
        original = shifted.flat[row]
        outputs = []
        for step in (delta, -delta):
            shifted.flat[row] = original + step
            feed[x] = shifted
            outputs.append(np.ravel(session.run(y, feed)).astype(np.float64))
        shifted.flat[row] = original
        jacobian[row] = (outputs[0] - outputs[1]) / (2 * delta)
    feed[x] = x_value
    return jacobian


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None) -> bool:
    """False: tinytf computes on the CPU."""
    return False


def gpu_device_name() -> str:
    return ""


def is_built_with_cuda() -> bool:
    return False


__getattr__ = _unsupported_hook("tf.test", globals())
