"""Variables, their update ops and initializers, random ops, control dependencies."""

import numpy as np

from tests.differential.catalogue.case import OpCase, f32, f64

INITIAL = np.random.default_rng(11).uniform(-1, 1, (3, 2))
RANDOM = {
    "values": False,
    "differs": "different random numbers (NumPy streams, not "
    "TensorFlow's Philox); shapes, dtypes, names agree",
}


def _variable_cases() -> list[OpCase]:
    def updated(op, tf, x):
        variable = tf.Variable(INITIAL, name="w")
        return op(variable, x)

    return [
        OpCase("tf.Variable", build=lambda op, tf: op(INITIAL, name="w")),
        OpCase(
            "tf.Variable",
            build=lambda op, tf: [
                op(2, name="step", trainable=False),
                op([1.5, 2.5], dtype="float64"),
            ],
            label="int and dtype",
        ),
        OpCase("tf.assign", (f64(3, 2),), build=updated, gradients=False),
        OpCase("tf.assign_add", (f64(3, 2),), build=updated, gradients=False),
        OpCase("tf.assign_sub", (f64(3, 2),), build=updated, gradients=False),
        OpCase(
            "tf.Variable.assign",
            (f64(3, 2),),
            gradients=False,
            build=lambda op, tf, x: tf.Variable(INITIAL, name="w").assign(x * 2.0),
        ),
        OpCase(
            "tf.Variable.read_value",
            (f64(3, 2),),
            build=lambda op, tf, x: tf.Variable(INITIAL).read_value() * x,
        ),
        OpCase(
            "tf.get_local_variable",
            (f32(2),),
            build=lambda op, tf, x: x + op("counts", [2], initializer=tf.ones_initializer()),
        ),
        OpCase("tf.variables_initializer", build=lambda op, tf: op([tf.Variable(INITIAL)])),
        OpCase("tf.initialize_variables", build=lambda op, tf: op([tf.Variable(INITIAL)])),
        OpCase("tf.initializers.variables", build=lambda op, tf: op([tf.Variable(INITIAL)])),
        OpCase("tf.is_variable_initialized", build=lambda op, tf: op(tf.Variable(INITIAL))),
        OpCase(
            "tf.report_uninitialized_variables",
            build=lambda op, tf: [tf.Variable(INITIAL, name="w"), op()][1:],
        ),
        OpCase(
            "tf.get_variable",
            (f64(2, 3),),
            build=lambda op, tf, x: tf.matmul(op("w", initializer=INITIAL), x),
        ),
        OpCase("tf.variable_scope", (f32(2, 3),), build=lambda op, tf, x: _scoped(op, tf, x)),
        OpCase("tf.name_scope", (f32(2, 3),), build=lambda op, tf, x: _named(op, tf, x)),
    ]


def _scoped(op, tf, x):
    with op("layer"):
        kernel = tf.get_variable("kernel", [3, 2], initializer=tf.ones_initializer())
        with op("inner", default_name="unused"):
            bias = tf.get_variable("bias", [2], initializer=tf.zeros_initializer())
    with op("layer", reuse=True):
        same = tf.get_variable("kernel")
    return [tf.matmul(x, kernel) + bias, tf.identity(same)]


def _named(op, tf, x):
    with op("outer"):
        with op("inner") as scope:
            y = tf.multiply(x, 2.0, name="twice")
            z = tf.identity(y, name=scope)
        w = tf.add(x, 1.0)
    with op("outer"):
        v = tf.add(x, 2.0)
    return [y, z, w, v]


def _on_device(op, tf, x):
    with op("/cpu:0"):
        return tf.identity(x)


def _initializer_cases() -> list[OpCase]:
    def initialised(op, tf, *args, shape=(3, 2), dtype="float32", **kwargs):
        return tf.get_variable("v", shape, dtype=dtype, initializer=op(*args, **kwargs))

    cases = [
        OpCase("tf.zeros_initializer", build=initialised),
        OpCase("tf.ones_initializer", build=lambda op, tf: initialised(op, tf, dtype="float64")),
        OpCase("tf.constant_initializer", build=lambda op, tf: initialised(op, tf, 0.5)),
        OpCase(
            "tf.constant_initializer",
            label="array",
            build=lambda op, tf: initialised(op, tf, INITIAL.tolist(), dtype="float64"),
        ),
        OpCase(
            "tf.identity_initializer",
            build=lambda op, tf: initialised(op, tf, shape=(3, 3)),
            tensorflow_symbol="tf.initializers.identity",
        ),
    ]
    for symbol in (
        "tf.random_normal_initializer",
        "tf.random_uniform_initializer",
        "tf.truncated_normal_initializer",
        "tf.glorot_uniform_initializer",
        "tf.glorot_normal_initializer",
        "tf.variance_scaling_initializer",
        "tf.orthogonal_initializer",
        "tf.uniform_unit_scaling_initializer",
        "tf.initializers.he_normal",
        "tf.initializers.he_uniform",
        "tf.initializers.lecun_normal",
        "tf.initializers.lecun_uniform",
    ):
        cases.append(OpCase(symbol, build=lambda op, tf: initialised(op, tf, seed=1)))
    return cases


def _random_cases() -> list[OpCase]:
    return [
        # Seeded: TensorFlow's generator gives TensorFlow's numbers.
        OpCase("tf.random_normal", kwargs={"shape": [3, 4], "seed": 1}),
        OpCase(
            "tf.random_normal",
            kwargs={"shape": [2], "mean": 3.0, "stddev": 0.5, "dtype": "float64", "seed": 2},
            label="float64",
        ),
        OpCase(
            "tf.random_uniform", kwargs={"shape": [3, 4], "minval": -1.0, "maxval": 2.0, "seed": 3}
        ),
        OpCase(
            "tf.random_uniform",
            kwargs={"shape": [5], "maxval": 10, "dtype": "int32", "seed": 4},
            label="int32",
        ),
        OpCase(
            "tf.random_uniform",
            kwargs={"shape": [3], "minval": -5, "maxval": 10**12, "dtype": "int64", "seed": 5},
            label="int64",
        ),
        OpCase("tf.truncated_normal", kwargs={"shape": [3, 4], "stddev": 0.1, "seed": 6}),
        OpCase(
            "tf.truncated_normal",
            kwargs={"shape": [999], "dtype": "float64", "seed": 7},
            label="float64, some redrawn",
        ),
        OpCase(
            "tf.random_normal",
            kwargs={"shape": [7], "dtype": "float16", "seed": 8},
            label="float16",
        ),
        OpCase(
            "tf.random_uniform",
            kwargs={"shape": [7], "dtype": "float16", "seed": 9},
            label="float16",
        ),
        OpCase("tf.random_shuffle", (f64(5, 2),), **RANDOM),
        OpCase("tf.multinomial", (f32(2, 4),), {"num_samples": 3}, **RANDOM),
        OpCase("tf.random.categorical", (f32(2, 4),), {"num_samples": 3}, **RANDOM),
        OpCase(
            "tf.set_random_seed",
            build=lambda op, tf: [op(7), tf.random_normal([3]), tf.random_uniform([2])][1:],
        ),
    ]


def _control_cases() -> list[OpCase]:
    return [
        OpCase("tf.device", (f64(3),), build=lambda op, tf, x: _on_device(op, tf, x)),
        OpCase("tf.group", (f64(3),), build=lambda op, tf, x: op(tf.identity(x), name="step")),
        OpCase("tf.tuple", (f64(3), f64(2)), build=lambda op, tf, x, y: op([x * 2.0, y + 1.0])),
        OpCase("tf.no_op", kwargs={"name": "nothing"}),
        OpCase(
            "tf.gradients",
            (f64(3), f64(3)),
            build=lambda op, tf, x, y: op(tf.reduce_sum(x * y + tf.square(x)), [x, y]),
            names=False,
            differs="gradient ops take TensorFlow's names inside "
            "gradients/... but not always the same ones",
        ),
        OpCase(
            "tf.stop_gradient",
            (f64(3),),
            build=lambda op, tf, x: x * op(x),
            label="half the gradient",
        ),
    ]


CASES = _variable_cases() + _initializer_cases() + _random_cases() + _control_cases()
