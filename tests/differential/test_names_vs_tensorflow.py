"""Names: the tensors a program holds, its variables, optimizer slots, train op and
collections are named as TensorFlow names them."""

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

KERNEL = np.random.default_rng(3).uniform(-0.5, 0.5, (4, 5)).astype(np.float32)
OPTIMIZERS = {
    "GradientDescent": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "Nesterov": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True, name="Nesterov"),
    "Adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.01, momentum=0.5),
    "RMSProp centered": lambda tf: tf.train.RMSPropOptimizer(0.01, centered=True),
    "Adam": lambda tf: tf.train.AdamOptimizer(0.01),
}


def mlp(tf):
    """The course's MLP, written with every naming device TF 1.x programs use."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    with tf.name_scope("hidden"):
        weights = tf.Variable(KERNEL, name="weights")
        biases = tf.Variable(tf.zeros([5]), name="biases")
        product = tf.matmul(x, weights)
        hidden = tf.nn.relu(product + biases)
    with tf.variable_scope("head"):
        logits = tf.layers.dense(hidden, 3, kernel_initializer=tf.ones_initializer())
        scale = tf.get_variable("scale", [], initializer=tf.constant_initializer(2.0))
        scaled = 0.5 * logits * scale
    loss = tf.losses.sparse_softmax_cross_entropy(y, scaled)
    probabilities = tf.nn.softmax(logits, name="probabilities")
    correct = tf.equal(tf.argmax(logits, 1), y)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    return {
        "loss": loss,
        "product": product,
        "hidden": hidden,
        "logits": logits,
        "scaled": scaled,
        "probabilities": probabilities,
        "correct": correct,
        "accuracy": accuracy,
    }


def layers_program(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    first = tf.layers.dense(
        x,
        5,
        activation=tf.nn.sigmoid,
        name="fc1",
        kernel_initializer=tf.constant_initializer(KERNEL),
        kernel_regularizer=lambda w: 0.01 * tf.nn.l2_loss(w),
    )
    normalised = tf.layers.batch_normalization(first, training=True, name="bn1")
    dropped = tf.layers.dropout(normalised, rate=0.5, training=False)
    flat = tf.layers.flatten(dropped)
    second = tf.layers.dense(flat, 2)
    with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
        shared = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
        again = tf.get_variable("v", [2])
    regularization = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    total = tf.add_n(
        [tf.reduce_sum(second), tf.reduce_sum(shared + again)] + regularization, name="total"
    )
    return {
        "total": total,
        "first": first,
        "normalised": normalised,
        "dropped": dropped,
        "flat": flat,
        "second": second,
        "shared": shared,
        "again": again,
    }


def describe(engine: str, program, optimizer=None) -> dict:
    """Every name a program shows: its tensors, variables, slots, collections."""
    tf = ENGINES[engine]
    with graph(tf):
        tensors = program(tf)
        result = {"tensors": {key: t.name for key, t in tensors.items()}}
        if optimizer is not None:
            step = tf.train.get_or_create_global_step()
            trainer = OPTIMIZERS[optimizer](tf)
            train = trainer.minimize(tensors["loss"], global_step=step)
            result["train op"] = (train.name, train.type)
            result["slots"] = sorted(
                (name, trainer.get_slot(variable, name).name)
                for variable in tf.trainable_variables()
                for name in trainer.get_slot_names()
                if trainer.get_slot(variable, name) is not None
            )
        result["variables"] = [v.name for v in tf.global_variables()]
        result["trainable"] = [v.name for v in tf.trainable_variables()]
        result["update ops"] = [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
        result["losses"] = [t.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
        result["regularization"] = [
            t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
        ]
    return result


def assert_same_names(program, optimizer=None):
    ours = describe("tinytf", program, optimizer)
    theirs = describe("tensorflow", program, optimizer)
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert ours[key] == theirs[key], key
    record("programs")


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_mlp_and_optimizer_slots_are_named_as_in_tensorflow(optimizer):
    assert_same_names(mlp, optimizer)


def test_layers_scopes_and_collections_are_named_as_in_tensorflow():
    assert_same_names(layers_program)


def reductions_then_constants(tf):
    """Reductions and arg-extrema in every form, then an unnamed constant: the axes are
    Const inputs (or a range over the rank), which count in the numbering of later ops."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    unknown = tf.placeholder(tf.float32, name="unknown")
    scalar = tf.placeholder(tf.float32, [], name="scalar")
    tensors = [
        tf.reduce_mean(x),
        tf.reduce_sum(x, 1),
        tf.reduce_mean(unknown),
        tf.argmax(x, 1),
        tf.reduce_max(x, axis=[0, -1], keepdims=True),
        tf.reduce_sum(scalar),
        tf.argmin(x),
        tf.reduce_mean(x, name="accuracy"),
        tf.reduce_any(tf.cast(x, tf.bool), 0),
        tf.reduce_prod(x, reduction_indices=[1]),
        tf.reduce_sum([1.0, 2.0], 0),
        tf.reduce_sum([[1.0, 2.0]]),
        tf.argmax([1.0, 2.0]),
        tf.rank(x),
        tf.constant(1.0),
    ]
    return {f"tensor {index}": tensor for index, tensor in enumerate(tensors)}


def test_reductions_build_the_same_ops_as_in_tensorflow():
    assert_same_names(reductions_then_constants)
    graphs = {}
    for engine in ("tinytf", "tensorflow"):
        tf = ENGINES[engine]
        with graph(tf):
            reductions_then_constants(tf)
            graphs[engine] = [
                (op.name, op.type, [t.name for t in op.inputs])
                for op in tf.get_default_graph().get_operations()
            ]
    assert graphs["tinytf"] == graphs["tensorflow"]


def fresh_default_graph(tf) -> dict:
    """What a program sees around tf.reset_default_graph(): the names start over."""
    old = tf.get_default_graph()
    with old.as_default():
        tf.constant(1.0, name="c")
    tf.reset_default_graph()
    new = tf.get_default_graph()
    with new.as_default():
        name = tf.constant(2.0, name="c").name
    with tf.Graph().as_default():
        with pytest.raises(AssertionError) as refusal:
            tf.reset_default_graph()
    return {
        "new graph": new is not old,
        "name": name,
        "operations": [op.name for op in new.get_operations()],
        "refusal": str(refusal.value).split(".")[0],
    }


def test_reset_default_graph_starts_names_over_as_in_tensorflow():
    tinytf_view, tensorflow_view = (fresh_default_graph(ENGINES[e]) for e in ENGINES)
    assert tinytf_view == tensorflow_view
    assert tinytf_view["name"] == "c:0" and tinytf_view["new graph"]
    record("programs")
