"""Catalogue cases for tf.nn's fused ops: activations and their gradient ops, bias_add,
l2_loss, softmax, log_softmax and the softmax cross-entropies."""

import numpy as np

import tinytf as tf
from tests.ops.catalogue.case import Case


def _backprop(activation):
    """The activation's gradient op, built from an upstream gradient `grad`."""
    return lambda x, grad: tf.gradients(activation(x), x, grad_ys=grad)[0]


def _dense_cross_entropy(axis):
    """Cross-entropy against labels that are distributions (as TensorFlow's gradient
    assumes): the softmax of a second input."""
    return lambda logits, scores: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=tf.nn.softmax(scores, axis=axis), logits=logits, axis=axis
    )


def _sparse_cross_entropy(logits, labels):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


CASES = [
    Case("Relu", tf.nn.relu, [(3, 4)], second_order=True),
    Case("ReluGrad", _backprop(tf.nn.relu), [(3, 4), (3, 4)]),
    Case("Relu6", tf.nn.relu6, [(3, 4)], domain=(-2.0, 8.0)),
    Case("Relu6Grad", _backprop(tf.nn.relu6), [(3, 4), (3, 4)], domain=(-2.0, 8.0)),
    Case("LeakyRelu", lambda x: tf.nn.leaky_relu(x, alpha=0.3), [(3, 4)], second_order=True),
    Case("LeakyReluGrad", _backprop(tf.nn.leaky_relu), [(3, 4), (3, 4)]),
    Case("Elu", tf.nn.elu, [(3, 4)], second_order=True),
    Case("EluGrad", _backprop(tf.nn.elu), [(3, 4), (3, 4)]),
    Case("Selu", tf.nn.selu, [(3, 4)], second_order=True),
    Case("SeluGrad", _backprop(tf.nn.selu), [(3, 4), (3, 4)]),
    Case("Softplus", tf.nn.softplus, [(3, 4)], domain=(-5.0, 5.0), second_order=True),
    Case("Softsign", tf.nn.softsign, [(3, 4)], second_order=True),
    Case("BiasAdd", tf.nn.bias_add, [(2, 3, 4), (4,)], second_order=True),
    Case(
        "BiasAdd",
        lambda x, b: tf.nn.bias_add(x, b, data_format="NCHW"),
        [(2, 3, 4), (3,)],
        label="BiasAdd_NCHW",
    ),
    Case("L2Loss", tf.nn.l2_loss, [(3, 4)], second_order=True),
    Case("Softmax", tf.nn.softmax, [(3, 4)], second_order=True),
    Case("Softmax", lambda x: tf.nn.softmax(x, axis=0), [(3, 4)], label="Softmax_axis0"),
    Case("LogSoftmax", tf.nn.log_softmax, [(3, 4)], second_order=True),
    Case(
        "LogSoftmax", lambda x: tf.nn.log_softmax(x, axis=1), [(2, 3, 4)], label="LogSoftmax_axis1"
    ),
    Case(
        "SoftmaxCrossEntropyWithLogits",
        _dense_cross_entropy(-1),
        [(3, 4), (3, 4)],
        second_order=True,
    ),
    Case(
        "SoftmaxCrossEntropyWithLogits",
        _dense_cross_entropy(0),
        [(3, 4), (3, 4)],
        label="SoftmaxCrossEntropyWithLogits_axis0",
    ),
    Case(
        "SparseSoftmaxCrossEntropyWithLogits",
        _sparse_cross_entropy,
        [(3, 4)],
        constant_inputs=[np.array([0, 3, 1])],
        second_order=True,
    ),
]
