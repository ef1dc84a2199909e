"""tf.nn, tf.losses, tf.layers and tf.contrib.layers, with fixed weights where they create
variables, so both engines start from the same values."""

import numpy as np

from tests.differential.catalogue.case import OpCase, f32, f64, i32, i64, unary

KERNEL = np.random.default_rng(5).uniform(-1, 1, (4, 3))
LABELS = {"low": 0, "high": 4}
_AXIS = {
    "names": False,
    "differs": "one Softmax/LogSoftmax op for any axis (TensorFlow "
    "transposes the axis last and back: output transpose_1)",
}


def _activation_cases() -> list[OpCase]:
    cases = []
    for symbol in (
        "tf.nn.relu",
        "tf.nn.relu6",
        "tf.nn.elu",
        "tf.nn.selu",
        "tf.nn.softplus",
        "tf.nn.softsign",
        "tf.nn.leaky_relu",
    ):
        cases += unary(symbol, low=-8.0, high=8.0)
    cases += [
        OpCase("tf.nn.leaky_relu", (f64(3, 4),), {"alpha": 0.01}, label="alpha"),
        OpCase("tf.nn.relu", (i32(3, 4),), label="int32"),
        OpCase("tf.nn.softmax", (f64(3, 4),)),
        OpCase("tf.nn.softmax", (f32(3, 4, low=-50, high=50),), label="large"),
        OpCase("tf.nn.softmax", (f64(2, 3, 4),), {"axis": 1}, label="axis 1", **_AXIS),
        OpCase("tf.nn.softmax", (f32(2, 3, static=[None, 3]),), label="unknown batch"),
        OpCase("tf.nn.log_softmax", (f64(3, 4),)),
        OpCase("tf.nn.log_softmax", (f32(2, 3, 4),), {"axis": -2}, label="axis -2", **_AXIS),
        OpCase("tf.nn.bias_add", (f64(3, 4), f64(4))),
        OpCase("tf.nn.bias_add", (f32(2, 3, 4), f32(4)), label="3-d"),
        OpCase("tf.nn.l2_loss", (f64(3, 4),)),
        OpCase("tf.nn.l2_loss", (f32(5),), label="float32"),
        OpCase("tf.nn.l2_normalize", (f64(3, 4),), {"axis": 1}),
        OpCase("tf.nn.l2_normalize", (f32(3, 4),), {"axis": [0, 1]}, label="axes"),
        OpCase("tf.nn.moments", (f64(5, 3),), {"axes": [0]}),
        OpCase(
            "tf.nn.moments", (f32(2, 3, 4),), {"axes": [0, 1], "keep_dims": True}, label="keep_dims"
        ),
        OpCase(
            "tf.nn.batch_normalization",
            (f64(5, 3), f64(3), f64(3, low=0.5, high=2.0), f64(3), f64(3)),
            build=lambda op, tf, x, mean, variance, offset, scale: op(
                x, mean, variance, offset, scale, 1e-3
            ),
        ),
        OpCase("tf.nn.xw_plus_b", (f64(3, 4), f64(4, 2), f64(2))),
        OpCase("tf.nn.embedding_lookup", (f64(5, 3), i32(2, 4, low=0, high=5))),
        OpCase(
            "tf.nn.zero_fraction",
            (f64(3, 4),),
            build=lambda op, tf, x: op(tf.nn.relu(x)),
            op_types=False,
            differs="zero_fraction/fraction is a Mean (TensorFlow: an Identity of it)",
        ),
        OpCase("tf.nn.dropout", (f64(3, 4),), {"keep_prob": 1.0}, label="keep everything"),
        OpCase(
            "tf.nn.dropout",
            (f32(30, 40),),
            {"rate": 0.5, "seed": 1},
            label="random",
            names=False,
            differs="TF 2.21 names the output dropout/SelectV2, TF 1.x and tinytf dropout/mul_1",
        ),
    ]
    return cases


def _cross_entropy_cases() -> list[OpCase]:
    def onehot(tf, labels, depth, dtype):
        return tf.one_hot(labels, depth, dtype=dtype)

    return [
        OpCase(
            "tf.nn.softmax_cross_entropy_with_logits_v2",
            (f64(3, 4), f64(3, 4, low=0)),
            build=lambda op, tf, logits, labels: op(
                labels=labels / tf.reduce_sum(labels, 1, keepdims=True), logits=logits
            ),
        ),
        OpCase(
            "tf.nn.softmax_cross_entropy_with_logits",
            (f32(3, 4), i32(3, **LABELS)),
            build=lambda op, tf, logits, labels: op(
                labels=onehot(tf, labels, 4, tf.float32), logits=logits
            ),
        ),
        OpCase(
            "tf.nn.sparse_softmax_cross_entropy_with_logits",
            (f64(3, 4), i32(3, **LABELS)),
            build=lambda op, tf, logits, labels: op(labels=labels, logits=logits),
        ),
        OpCase(
            "tf.nn.sparse_softmax_cross_entropy_with_logits",
            (f32(3, 4), i64(3, **LABELS)),
            build=lambda op, tf, logits, labels: op(labels=labels, logits=logits),
            label="int64 labels",
        ),
        OpCase(
            "tf.nn.sigmoid_cross_entropy_with_logits",
            (f64(3, 4, low=-30, high=30), f64(3, 4, low=0, high=1)),
            build=lambda op, tf, logits, labels: op(labels=labels, logits=logits),
        ),
        OpCase(
            "tf.nn.weighted_cross_entropy_with_logits",
            (f64(3, 4), f64(3, 4, low=0)),
            build=lambda op, tf, logits, labels: op(labels, logits, pos_weight=1.5),
        ),
    ]


def _loss_cases() -> list[OpCase]:
    def both(op, tf, labels, predictions, **kwargs):
        return op(labels, predictions, **kwargs)

    positive = {"low": 0.05, "high": 0.95}
    return [
        OpCase("tf.losses.mean_squared_error", (f32(4, 3), f32(4, 3)), build=both),
        OpCase(
            "tf.losses.mean_squared_error",
            (f64(4, 3), f64(4, 3)),
            label="weights none",
            build=lambda op, tf, y, p: op(
                y, p, weights=[[1.0], [0.0], [2.0], [1.0]], reduction=tf.losses.Reduction.NONE
            ),
        ),
        OpCase("tf.losses.absolute_difference", (f32(4, 3), f32(4, 3)), build=both),
        OpCase(
            "tf.losses.huber_loss",
            (f32(4, 3), f32(4, 3)),
            build=lambda op, tf, y, p: op(y, p * 3.0, delta=1.5),
        ),
        OpCase("tf.losses.log_loss", (f32(4, 3, **positive), f32(4, 3, **positive)), build=both),
        OpCase(
            "tf.losses.hinge_loss",
            (f32(4, 3, low=0, high=1), f32(4, 3)),
            build=lambda op, tf, y, p: op(tf.round(y), p),
        ),
        OpCase(
            "tf.losses.cosine_distance",
            (f32(4, 3), f32(4, 3)),
            build=lambda op, tf, y, p: op(
                tf.nn.l2_normalize(y, 1), tf.nn.l2_normalize(p, 1), axis=1
            ),
        ),
        OpCase(
            "tf.losses.sigmoid_cross_entropy",
            (f32(4, 3, low=0, high=1), f32(4, 3)),
            build=lambda op, tf, y, logits: op(tf.round(y), logits, label_smoothing=0.1),
        ),
        OpCase(
            "tf.losses.softmax_cross_entropy",
            (i32(4, low=0, high=3), f32(4, 3)),
            build=lambda op, tf, y, logits: op(
                tf.one_hot(y, 3), logits, weights=[1.0, 2.0, 0.0, 1.0]
            ),
        ),
        OpCase(
            "tf.losses.sparse_softmax_cross_entropy",
            (i32(4, low=0, high=3), f32(4, 3)),
            build=lambda op, tf, y, logits: op(y, logits),
        ),
        OpCase(
            "tf.losses.compute_weighted_loss",
            (f32(4, 3),),
            build=lambda op, tf, losses: op(
                losses, weights=0.5, reduction=tf.losses.Reduction.MEAN
            ),
        ),
        OpCase(
            "tf.losses.get_total_loss",
            (f32(4, 3), f32(4, 3)),
            build=lambda op, tf, y, p: [tf.losses.mean_squared_error(y, p), op()],
        ),
    ]


def _layer_cases() -> list[OpCase]:
    def dense(op, tf, x, **kwargs):
        return op(x, 3, kernel_initializer=tf.constant_initializer(KERNEL), **kwargs)

    return [
        OpCase("tf.layers.dense", (f32(5, 4),), build=dense),
        OpCase(
            "tf.layers.dense",
            (f32(5, 4, static=[None, 4]),),
            label="relu unknown batch",
            build=lambda op, tf, x: dense(op, tf, x, activation=tf.nn.relu, name="hidden"),
        ),
        OpCase(
            "tf.layers.dense",
            (f64(2, 3, 4),),
            label="float64 3-d",
            build=lambda op, tf, x: op(
                x, 2, kernel_initializer=tf.ones_initializer(), use_bias=False
            ),
        ),
        OpCase(
            "tf.layers.Dense",
            (f32(5, 4),),
            build=lambda op, tf, x: op(
                3, kernel_initializer=tf.constant_initializer(KERNEL), name="layer"
            )(x),
        ),
        OpCase("tf.layers.Dropout", (f32(5, 4),), build=lambda op, tf, x: op(0.3)(x)),
        OpCase("tf.layers.Flatten", (f32(2, 3, 2),), build=lambda op, tf, x: op()(x)),
        OpCase(
            "tf.layers.BatchNormalization",
            (f32(6, 3),),
            build=lambda op, tf, x: op(momentum=0.5)(x, training=True),
        ),
        OpCase("tf.layers.dropout", (f32(5, 4),), {"rate": 0.3}),
        OpCase(
            "tf.layers.dropout",
            (f32(30, 40),),
            {"rate": 0.3, "training": True, "seed": 3},
            label="training",
            names=False,
            differs="TF 2.21 names the output dropout/dropout/SelectV2, TF 1.x and tinytf "
            "dropout/dropout",
        ),
        OpCase("tf.layers.flatten", (f32(2, 3, 4),)),
        OpCase("tf.layers.batch_normalization", (f32(6, 3),), {"training": True}),
        OpCase(
            "tf.layers.batch_normalization", (f64(6, 3),), {"training": False}, label="inference"
        ),
    ]


def _summary_cases() -> list[OpCase]:
    return [
        OpCase(
            "tf.summary.merge",
            (f32(3),),
            gradients=False,
            build=lambda op, tf, x: op(
                [
                    tf.summary.scalar("mean", tf.reduce_mean(x)),
                    tf.summary.scalar("max", tf.reduce_max(x)),
                ]
            ),
        ),
        OpCase(
            "tf.summary.tensor_summary",
            (f32(2, 3),),
            gradients=False,
            build=lambda op, tf, x: op("values", x),
        ),
    ]


CASES = (
    _summary_cases() + _activation_cases() + _cross_entropy_cases() + _loss_cases() + _layer_cases()
)
