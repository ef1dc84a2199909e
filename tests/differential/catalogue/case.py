"""A differential case: one public tinytf function called on fed inputs, on both engines.

A case names the public symbol it exercises ("tf.reduce_sum"), the inputs to feed
(placeholders of the given dtype, static shape and value range) and either keyword
arguments for the symbol or a `build(op, tf, *inputs)` function. The runner compares
static shapes and dtypes, values, gradients (`tf.gradients` with random `grad_ys`) and
output tensor names. Nothing here imports TensorFlow: tools/make_compat_table.py reads
the catalogue to list what the tier compares.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

FLOATS = ("float64", "float32")


@dataclass(frozen=True)
class Spec:
    """A fed input: values drawn uniformly in [low, high) (integers: low..high-1).

    `static` is the placeholder's shape when it should hide some dimensions (None for an
    unknown rank); by default the placeholder has the value's full shape.
    """

    shape: tuple
    dtype: str = "float64"
    low: float = -2.0
    high: float = 2.0
    static: object = "full"
    nonzero: bool = False

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        if self.dtype == "bool":
            return rng.random(self.shape) < 0.5
        if self.dtype.startswith("int"):
            values = rng.integers(int(self.low), int(self.high), size=self.shape)
        else:
            values = rng.uniform(self.low, self.high, size=self.shape)
        if self.nonzero:
            values = np.where(values == 0, 1, values)
        return np.asarray(values).astype(self.dtype)

    @property
    def static_shape(self):
        return list(self.shape) if self.static == "full" else self.static


def f64(*shape, low=-2.0, high=2.0, **options) -> Spec:
    return Spec(shape, "float64", low, high, **options)


def f32(*shape, low=-2.0, high=2.0, **options) -> Spec:
    return Spec(shape, "float32", low, high, **options)


def i32(*shape, low=-5, high=6, **options) -> Spec:
    return Spec(shape, "int32", low, high, **options)


def i64(*shape, low=-5, high=6, **options) -> Spec:
    return Spec(shape, "int64", low, high, **options)


def boolean(*shape) -> Spec:
    return Spec(shape, "bool")


@dataclass(frozen=True)
class OpCase:
    """`symbol` called on `inputs` (and `kwargs`), or `build(op, tf, *inputs)`.

    `tensorflow_symbol` is TensorFlow's spelling where it differs (tinytf's
    tf.identity_initializer is TensorFlow's tf.initializers.identity). `values=False`
    (random ops: the engines draw different streams) compares shapes, dtypes and names
    only; `names=False` and `op_types=False` skip the output names or their ops' types,
    with the reason in `differs`.
    """

    symbol: str
    inputs: tuple = ()
    kwargs: dict = field(default_factory=dict)
    build: Callable | None = None
    label: str = ""
    gradients: bool = True
    values: bool = True
    names: bool = True
    op_types: bool = True
    differs: str = ""
    tensorflow_symbol: str | None = None

    @property
    def id(self) -> str:
        return f"{self.symbol}[{self.label}]" if self.label else self.symbol


def dtype_variants(symbol, make_inputs, dtypes=FLOATS, **options) -> list[OpCase]:
    """One case per dtype: `make_inputs(dtype)` gives the inputs."""
    return [OpCase(symbol, make_inputs(dtype), label=dtype, **options) for dtype in dtypes]


def unary(symbol, low=-2.0, high=2.0, dtypes=FLOATS, **options) -> list[OpCase]:
    """Both float dtypes, a scalar, an empty tensor and an unknown batch dimension."""

    def spec(dtype, *shape, **more):
        return Spec(shape, dtype, low, high, **more)

    cases = [OpCase(symbol, (spec(dtype, 3, 4),), label=dtype, **options) for dtype in dtypes]
    cases += [
        OpCase(symbol, (spec(dtypes[0]),), label="scalar", **options),
        OpCase(symbol, (spec(dtypes[0], 0, 3),), label="empty", **options),
        OpCase(
            symbol, (spec(dtypes[0], 2, 3, static=[None, 3]),), label="unknown batch", **options
        ),
    ]
    return cases


def binary(
    symbol, low=-2.0, high=2.0, dtypes=FLOATS, integers=("int32",), nonzero=False, **options
) -> list[OpCase]:
    """Same shapes per dtype, then broadcasting, a scalar operand, empty, integers."""

    def spec(dtype, *shape, **more):
        return Spec(shape, dtype, low, high, nonzero=nonzero, **more)

    main = dtypes[0]
    cases = [
        OpCase(symbol, (spec(dtype, 3, 4), spec(dtype, 3, 4)), label=dtype, **options)
        for dtype in dtypes
    ]
    cases += [
        OpCase(symbol, (spec(main, 3, 1), spec(main, 4)), label="broadcast", **options),
        OpCase(symbol, (spec(main, 2, 1, 3), spec(main, 4, 1)), label="broadcast 3-d", **options),
        OpCase(symbol, (spec(main), spec(main, 2, 3)), label="scalar", **options),
        OpCase(symbol, (spec(main, 0, 3), spec(main, 1, 3)), label="empty", **options),
        OpCase(
            symbol,
            (spec(main, 2, 3, static=[None, 3]), spec(main, 3)),
            label="unknown batch",
            **options,
        ),
    ]
    cases += [
        OpCase(symbol, (spec(dtype, 3, 4), spec(dtype, 4)), label=dtype, **options)
        for dtype in integers
    ]
    return cases


def reduction(
    symbol, dtypes=FLOATS, integers=("int32",), low=-2.0, high=2.0, **options
) -> list[OpCase]:
    """All axes, one axis, a negative axis, several, keepdims, an empty axis, integers."""

    def spec(dtype, *shape, **more):
        return Spec(shape, dtype, low, high, **more)

    main = dtypes[0]
    cases = [OpCase(symbol, (spec(dtype, 3, 4),), label=dtype, **options) for dtype in dtypes]
    for label, kwargs in [
        ("axis 1", {"axis": 1}),
        ("axis -1", {"axis": -1}),
        ("axes", {"axis": [0, -1]}),
        ("keepdims", {"axis": 0, "keepdims": True}),
    ]:
        cases.append(OpCase(symbol, (spec(main, 2, 3, 4),), dict(kwargs), label=label, **options))
    cases += [
        OpCase(symbol, (spec(main, 0, 3),), {"axis": 1}, label="empty", **options),
        OpCase(
            symbol,
            (spec(main, 2, 3, static=[None, 3]),),
            {"axis": 0},
            label="unknown batch",
            **options,
        ),
    ]
    cases += [
        OpCase(symbol, (spec(dtype, 3, 4),), {"axis": 0}, label=dtype, **options)
        for dtype in integers
    ]
    return cases
