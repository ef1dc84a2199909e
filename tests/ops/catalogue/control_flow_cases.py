"""Catalogue cases for control flow: the If op (tf.cond) and the While op (tf.while_loop)."""

import tinytf as tf
from tests.ops.catalogue.case import Case


def _cond(pred):
    return lambda x, y: tf.cond(tf.constant(pred), lambda: x * y + tf.sin(x), lambda: x / y)


def _nested_cond(x, y):
    inner = lambda: tf.cond(tf.reduce_sum(x) > -100.0, lambda: tf.exp(x) * y, lambda: y)  # noqa: E731
    return tf.cond(tf.constant(True), inner, lambda: x)


def _loop(x, y):
    def body(i, s):
        return i + 1, tf.sin(s) * y + x

    return tf.while_loop(lambda i, s: i < 3, body, [0, x])[1]


def _loop_with_limit(x, y):
    return tf.while_loop(lambda s: tf.constant(True), lambda s: s * y, [x], maximum_iterations=4)


def _loop_in_cond(x, y):
    return tf.cond(tf.constant(False), lambda: x, lambda: _loop(x, y))


def _cond_in_loop(x, y):
    def body(i, s):
        return i + 1, tf.cond(i < 1, lambda: s * y, lambda: tf.tanh(s) + y)

    return tf.while_loop(lambda i, s: i < 3, body, [0, x])[1]


def _map(x, y):
    return tf.map_fn(lambda row: tf.sin(row) * y, x)


def _scan(x, y):
    return tf.scan(lambda total, row: total * row + y, x, reverse=True)


def _gradient_of(function):
    """The gradient of a loss through `function` for its first input: a WhileGrad op."""

    def gradient(x, y):
        return tf.gradients(tf.reduce_sum(tf.square(function(x, y))), x)[0]

    return gradient


CASES = [
    Case("If", _cond(True), [(3,), (3,)], domain=(0.5, 2.0), second_order=True),
    Case("If", _cond(False), [(3,), (3,)], domain=(0.5, 2.0), second_order=True, label="If_else"),
    Case("If", _nested_cond, [(2, 2), (2, 2)], second_order=True, label="If_nested"),
    Case("While", _loop, [(2, 3), (2, 3)]),
    Case("While", _loop_with_limit, [(3,), (3,)], label="While_maximum_iterations"),
    Case("While", _loop_in_cond, [(3,), (3,)], label="While_in_If"),
    Case("While", _cond_in_loop, [(3,), (3,)], label="If_in_While"),
    Case("TensorListStack", _map, [(4, 3), (3,)]),
    Case("TensorListStack", _scan, [(4, 3), (3,)], label="TensorListStack_scan"),
    # Second order through tf.while_loop: the gradient of the While's gradient.
    Case("While", _loop, [(2, 3), (2, 3)], second_order=True, label="While_second_order"),
    Case("WhileGrad", _gradient_of(_loop), [(2, 3), (2, 3)]),
    Case("WhileGrad", _gradient_of(_cond_in_loop), [(3,), (3,)], label="WhileGrad_If_in_While"),
    Case("WhileGrad", _gradient_of(_loop_with_limit), [(3,), (3,)], label="WhileGrad_limit"),
    Case("WhileGrad", _gradient_of(_map), [(4, 3), (3,)], label="WhileGrad_map_fn"),
    Case("WhileGrad", _gradient_of(_scan), [(4, 3), (3,)], label="WhileGrad_scan"),
]
