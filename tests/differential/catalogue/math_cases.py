"""Math ops: element-wise, arithmetic with broadcasting, comparisons, reductions, matrices."""

from tests.differential.catalogue.case import (
    OpCase,
    binary,
    boolean,
    dtype_variants,
    f32,
    f64,
    i32,
    i64,
    reduction,
    unary,
)

UNARY = [
    ("tf.abs", -2.0, 2.0),
    ("tf.negative", -2.0, 2.0),
    ("tf.square", -2.0, 2.0),
    ("tf.exp", -2.0, 2.0),
    ("tf.expm1", -2.0, 2.0),
    ("tf.log", 0.2, 3.0),
    ("tf.log1p", -0.5, 2.0),
    ("tf.sqrt", 0.2, 3.0),
    ("tf.rsqrt", 0.2, 3.0),
    ("tf.reciprocal", 0.5, 3.0),
    ("tf.sigmoid", -4.0, 4.0),
    ("tf.tanh", -3.0, 3.0),
    ("tf.sin", -3.0, 3.0),
    ("tf.cos", -3.0, 3.0),
    ("tf.tan", -1.2, 1.2),
    ("tf.erf", -2.0, 2.0),
    ("tf.sign", -2.0, 2.0),
    ("tf.floor", -2.0, 2.0),
    ("tf.ceil", -2.0, 2.0),
    ("tf.round", -2.0, 2.0),
    ("tf.nn.sigmoid", -4.0, 4.0),
    ("tf.nn.tanh", -3.0, 3.0),
    ("tf.math.softplus", -3.0, 3.0),
]

BINARY = [
    ("tf.add", {}),
    ("tf.subtract", {}),
    ("tf.multiply", {}),
    ("tf.maximum", {}),
    ("tf.minimum", {}),
    ("tf.squared_difference", {}),
    ("tf.divide", {"nonzero": True, "integers": ()}),
    ("tf.truediv", {"nonzero": True, "integers": ()}),
    ("tf.realdiv", {"nonzero": True, "integers": ()}),
    ("tf.div_no_nan", {"integers": ("int32",)}),
    ("tf.math.divide_no_nan", {"nonzero": True, "integers": ()}),
    ("tf.div", {"nonzero": True}),
    ("tf.floordiv", {"nonzero": True}),
    ("tf.floor_div", {"nonzero": True}),
    ("tf.floormod", {"nonzero": True}),
    ("tf.mod", {"nonzero": True}),
    ("tf.truncatediv", {"nonzero": True, "dtypes": ("float64",), "integers": ("int32",)}),
    (
        "tf.truncatemod",
        {
            "nonzero": True,
            "gradients": False,
            "differs": "tinytf differentiates it; TensorFlow has no gradient",
        },
    ),
    ("tf.pow", {"low": 0.5, "high": 2.0, "integers": ()}),
]

COMPARISONS = [
    "tf.equal",
    "tf.not_equal",
    "tf.less",
    "tf.less_equal",
    "tf.greater",
    "tf.greater_equal",
]

REDUCTIONS = [
    "tf.reduce_sum",
    "tf.reduce_mean",
    "tf.reduce_max",
    "tf.reduce_min",
    "tf.reduce_prod",
    "tf.reduce_logsumexp",
]


# Added to a fed input: rows with NaN first, last, everywhere, beside -inf and +inf.
_NAN, _INF = float("nan"), float("inf")
_NAN_PATTERN = [
    [_NAN, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0, 0.0, _NAN],
    [_NAN, _NAN, _NAN, _NAN, _NAN],
    [-_INF, _NAN, -_INF, _NAN, -_INF],
    [_NAN, _INF, 0.0, _NAN, -_INF],
]


def _nan_ordering_cases() -> list[OpCase]:
    """argmax, argmin, reduce_max/min of rows holding NaN. (Not top_k: where NaN lands in
    TensorFlow's TopKV2 depends on its sort and reduction order, see tf.nn.top_k.)"""

    def with_nan(call):
        return lambda op, tf, x: call(op, x + tf.constant(_NAN_PATTERN, dtype=x.dtype))

    cases = []
    for symbol in ("tf.argmax", "tf.argmin"):
        for axis in (0, 1):
            cases.append(
                OpCase(
                    symbol,
                    (f32(5, 5),),
                    build=with_nan(lambda op, x, axis=axis: op(x, axis=axis)),
                    label=f"NaN axis {axis}",
                )
            )
    for symbol in ("tf.reduce_max", "tf.reduce_min"):
        cases.append(
            OpCase(
                symbol,
                (f64(5, 5),),
                build=with_nan(lambda op, x: op(x, axis=1)),
                label="NaN",
                gradients=False,
            )
        )
    return cases


def _cases() -> list[OpCase]:
    cases = []
    for symbol, low, high in UNARY:
        cases += unary(symbol, low, high)
    cases += [
        OpCase("tf.abs", (i32(3, 4),), label="int32"),
        OpCase("tf.negative", (i64(3, 4),), label="int64"),
        OpCase("tf.square", (i32(3, 4),), label="int32"),
        OpCase("tf.sign", (i32(3, 4),), label="int32"),
    ]
    cases += unary("tf.is_nan") + unary("tf.is_inf") + unary("tf.is_finite")
    cases += [OpCase("tf.logical_not", (boolean(3, 4),))]
    for symbol, options in BINARY:
        cases += binary(symbol, **options)
    cases += [
        OpCase(
            "tf.div_no_nan",
            (f64(3, 4), f64(3, 4)),
            label="zero divisors",
            build=lambda op, tf, x, y: op(x, y * tf.cast(y > 0, tf.float64)),
        )
    ]
    for symbol in COMPARISONS:
        cases += binary(symbol, low=-2, high=3, dtypes=("int32", "float32"), integers=())
    for symbol in ("tf.logical_and", "tf.logical_or", "tf.logical_xor"):
        cases += [
            OpCase(symbol, (boolean(3, 4), boolean(3, 4))),
            OpCase(symbol, (boolean(3, 1), boolean(4)), label="broadcast"),
        ]
    for symbol in REDUCTIONS:
        cases += reduction(symbol, integers=() if symbol == "tf.reduce_logsumexp" else ("int32",))
    cases += [
        OpCase(symbol, (boolean(3, 4),), kwargs, label=label)
        for symbol in ("tf.reduce_all", "tf.reduce_any")
        for label, kwargs in (
            ("all", {}),
            ("axis -1", {"axis": -1}),
            ("keepdims", {"axis": 0, "keepdims": True}),
        )
    ]
    cases += [
        OpCase(
            "tf.reduce_sum",
            (f64(3, 4),),
            {"reduction_indices": [1], "keep_dims": True},
            label="TF 0.x keywords",
        ),
        OpCase("tf.reduce_mean", (f32(5, 3),), {"axis": 0}, label="float32 axis 0"),
        OpCase("tf.count_nonzero", (i32(3, 4, low=-1, high=2),)),
        OpCase("tf.count_nonzero", (f64(3, 4),), {"axis": -1, "keepdims": True}, label="axis"),
        OpCase("tf.argmax", (f64(3, 4),), {"axis": 1}),
        OpCase("tf.argmax", (i32(3, 4),), {"axis": -2, "output_type": "int32"}, label="int32"),
        OpCase("tf.argmin", (f32(3, 4),), {"axis": 0}),
        *_nan_ordering_cases(),
        OpCase("tf.arg_max", (f64(3, 4),), {"dimension": 1}),
        OpCase("tf.arg_min", (f64(3, 4),), {"dimension": 0}),
        OpCase(
            "tf.add_n",
            build=lambda op, tf, x, y, z: op([x, y, z]),
            inputs=(f64(3, 4), f64(3, 4), f64(3, 4)),
        ),
        OpCase("tf.add_n", build=lambda op, tf, x: op([x]), inputs=(f32(2, 3),), label="one"),
        OpCase("tf.scalar_mul", build=lambda op, tf, x: op(2.5, x), inputs=(f32(3, 4),)),
        OpCase("tf.cumsum", (f64(3, 4),), {"axis": 1}),
        OpCase(
            "tf.cumsum",
            (f64(3, 4),),
            {"axis": -1, "exclusive": True, "reverse": True},
            label="exclusive reverse",
        ),
        OpCase("tf.cumprod", (f64(3, 4, low=0.5, high=2.0),), {"axis": 0}),
        OpCase(
            "tf.cumprod",
            (f64(3, 4, low=0.5, high=2.0),),
            {"axis": -1, "exclusive": True},
            label="exclusive",
        ),
        OpCase("tf.cast", (f64(3, 4),), {"dtype": "int32"}, label="to int32"),
        OpCase("tf.cast", (i32(3, 4),), {"dtype": "float32"}, label="to float32"),
        OpCase("tf.cast", (f32(3, 4),), {"dtype": "float64"}, label="to float64"),
        OpCase("tf.cast", (boolean(3, 4),), {"dtype": "float32"}, label="from bool"),
        OpCase("tf.to_float", (i32(3, 4),)),
        OpCase("tf.to_double", (f32(3, 4),)),
        OpCase("tf.to_int32", (f64(3, 4),)),
        OpCase("tf.to_int64", (f32(3, 4),)),
        OpCase("tf.clip_by_value", (f64(3, 4),), {"clip_value_min": -0.5, "clip_value_max": 0.7}),
        OpCase(
            "tf.clip_by_value",
            (f32(3, 4), f32(3, 4), f32()),
            label="tensor bounds",
            build=lambda op, tf, x, low, high: op(x, low - 1.0, high + 1.0),
        ),
        OpCase("tf.clip_by_norm", (f64(3, 4),), {"clip_norm": 1.5}),
        OpCase("tf.clip_by_norm", (f32(3, 4),), {"clip_norm": 0.5, "axes": [1]}, label="axes"),
        OpCase("tf.global_norm", build=lambda op, tf, x, y: op([x, y]), inputs=(f64(3, 4), f64(2))),
        OpCase(
            "tf.clip_by_global_norm",
            build=lambda op, tf, x, y: op([x, y], 1.0),
            inputs=(f64(3, 4), f64(2)),
        ),
        OpCase("tf.where", (boolean(3, 4), f64(3, 4), f64(3, 4))),
        OpCase("tf.where", (boolean(3), f32(3, 2), f32(3, 2)), label="row condition"),
        OpCase("tf.where", (boolean(3, 4),), label="indices"),
        OpCase("tf.check_numerics", (f64(3, 4),), {"message": "bad"}),
    ]
    cases += _matrix_cases()
    return cases


def _matrix_cases() -> list[OpCase]:
    invertible = {"low": 0.5, "high": 1.5}
    return [
        *dtype_variants(
            "tf.matmul",
            lambda dtype: (
                f64(3, 4) if dtype == "float64" else f32(3, 4),
                f64(4, 2) if dtype == "float64" else f32(4, 2),
            ),
        ),
        OpCase(
            "tf.matmul",
            (f64(4, 3), f64(2, 4)),
            {"transpose_a": True, "transpose_b": True},
            label="transposed",
        ),
        OpCase("tf.matmul", (f64(2, 3, 4), f64(2, 4, 5)), label="batched"),
        OpCase("tf.matmul", (f64(2, 3, 4), f64(4, 5)), label="broadcast batch"),
        OpCase("tf.matmul", (i32(3, 4), i32(4, 2)), label="int32"),
        OpCase("tf.matmul", (f64(0, 4), f64(4, 2)), label="empty"),
        OpCase("tf.matmul", (f32(3, 4, static=[None, 4]), f32(4, 2)), label="unknown batch"),
        OpCase("tf.tensordot", (f64(3, 4), f64(4, 5)), {"axes": 1}),
        OpCase(
            "tf.tensordot",
            (f64(2, 3, 4), f64(4, 3, 5)),
            {"axes": [[1, 2], [1, 0]]},
            label="axes lists",
        ),
        OpCase("tf.transpose", (f64(2, 3, 4),)),
        OpCase("tf.transpose", (f64(2, 3, 4),), {"perm": [1, 0, 2]}, label="perm"),
        OpCase("tf.matrix_transpose", (f64(2, 3, 4),)),
        OpCase("tf.matrix_inverse", (f64(3, 3, **invertible),)),
        OpCase(
            "tf.matrix_inverse",
            (f64(2, 3, 3, **invertible),),
            {"adjoint": True},
            label="batched adjoint",
        ),
        OpCase("tf.matrix_determinant", (f64(3, 3),)),
        OpCase("tf.matrix_determinant", (f32(2, 3, 3),), label="batched"),
        OpCase("tf.trace", (f64(3, 3),)),
        OpCase("tf.trace", (f64(2, 3, 4),), label="batched rectangular"),
        OpCase("tf.matrix_diag", (f64(2, 3),)),
        OpCase("tf.matrix_diag_part", (f64(2, 3, 3),)),
        OpCase("tf.matrix_set_diag", (f64(2, 3, 3), f64(2, 3))),
        OpCase("tf.linalg.adjoint", (f64(2, 3),)),
    ]


CASES = _cases()
