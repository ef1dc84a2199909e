"""Random ops: normal, truncated normal, uniform, shuffle and categorical draws.

The graph holds only each op's seeds. Its stream of numbers lives in the Session: the same
program with the same seeds draws the same numbers in every new session, and successive
runs of an op in one session draw new numbers. Normal, truncated normal and uniform draws
come from TensorFlow's own generator (see philox.py), so seeded programs start from
TensorFlow's numbers; shuffles and categorical draws come from NumPy's.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.random_seed import get_seed
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.shape_text import rank_required
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value, constant_value_as_shape
from tinytf.ops import math_ops, philox
from tinytf.ops.constant_op import convert_to_tensor

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
_UNIFORM_DTYPES = (*_FLOATS, dtypes.int32, dtypes.int64)


def _create_random_op(op_type: str, inputs, attrs, seed, name) -> Tensor:
    seed, seed2 = get_seed(seed)
    attrs = {**attrs, "seed": seed or 0, "seed2": seed2 or 0}
    return get_default_graph().create_op(op_type, inputs, attrs, name=name).outputs[0]


def _shape_tensor(shape) -> Tensor:
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, Tensor):
        return shape
    empty = isinstance(shape, (list, tuple)) and not shape
    return convert_to_tensor(shape, dtype=dtypes.int32 if empty else None, name="shape")


def _check_allowed(parameter: str, dtype, allowed) -> None:
    if dtype not in allowed:
        names = ", ".join(d.name for d in allowed)
        raise TypeError(
            f"Value passed to parameter '{parameter}' has DataType {dtype.name} "
            f"not in list of allowed values: {names}"
        )


def _generator(op, session) -> np.random.Generator:
    return session.random_generator(op, op.get_attr("seed"), op.get_attr("seed2"))


def _stream(op, session) -> philox.PhiloxStream:
    return session.philox_stream(op, op.get_attr("seed"), op.get_attr("seed2"))


def _philox_kernel(distribution):
    """A kernel drawing `distribution(stream, count, dtype)` values of the op's shape."""

    def bind(op, session):
        stream = _stream(op, session)
        dtype = op.get_attr("dtype").as_numpy_dtype

        def draw(shape):
            shape = tuple(int(d) for d in shape)
            return distribution(stream, int(np.prod(shape)), dtype).reshape(shape)

        return draw

    return bind


def _check_shape_vector(shape: Tensor) -> None:
    _check_allowed("shape", shape.dtype, (dtypes.int32, dtypes.int64))
    if shape.shape.ndims not in (None, 1):
        raise ValueError(
            f"{rank_required(1, shape.shape.ndims)} for the shape of a random op: {shape}"
        )


def _shaped_infer(inputs, attrs):
    _check_shape_vector(inputs[0])
    return attrs["dtype"], constant_value_as_shape(inputs[0])


def random_normal(
    shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None
) -> Tensor:
    """Samples of a normal distribution: RandomStandardNormal, scaled and shifted."""
    return _scaled("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed, name)


def _scaled(op_type, default_name, shape, mean, stddev, dtype, seed, name) -> Tensor:
    """mean + stddev * the standard samples of `op_type` (a normal or truncated normal)."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, default_name, [shape, mean, stddev]) as name:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        _check_allowed("dtype", dtype, _FLOATS)
        standard = _create_random_op(op_type, [shape], {"dtype": dtype}, seed, op_type)
        return math_ops.add(standard * stddev, mean, name=name)


register_op("RandomStandardNormal", infer=_shaped_infer, bind=True, stateful=True)(
    _philox_kernel(philox.normal)
)


def truncated_normal(
    shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None
) -> Tensor:
    """Normal samples, redrawn where they fall more than two standard deviations out."""
    return _scaled("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


register_op("TruncatedNormal", infer=_shaped_infer, bind=True, stateful=True)(
    _philox_kernel(philox.truncated_normal)
)


def random_uniform(
    shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None
) -> Tensor:
    """Uniform samples in [minval, maxval): floats (maxval defaults to 1) or integers."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError(
            f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
            f"({', '.join(f'tf.{d.name}' for d in _UNIFORM_DTYPES)})."
        )
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype tf.{dtype.name}")
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as name:
        shape = _shape_tensor(shape)
        # As TensorFlow: literal bounds 0 and 1 build no ops, and 0 to maxval only a Mul.
        from_zero = isinstance(minval, int) and minval == 0
        to_one = isinstance(maxval, int) and maxval == 1
        if not (from_zero and to_one) or dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            return _create_random_op("RandomUniformInt", [shape, minval, maxval], {}, seed, name)
        unit = _create_random_op("RandomUniform", [shape], {"dtype": dtype}, seed, "RandomUniform")
        if from_zero:
            return unit if to_one else math_ops.multiply(unit, maxval)
        return math_ops.add(unit * (maxval - minval), minval, name=name)


register_op("RandomUniform", infer=_shaped_infer, bind=True, stateful=True)(
    _philox_kernel(philox.uniform)
)


def _random_uniform_int_infer(inputs, attrs):
    shape, minval, maxval = inputs
    _check_shape_vector(shape)
    for bound in (minval, maxval):
        if bound.shape.ndims not in (None, 0):
            raise ValueError(
                f"{rank_required(0, bound.shape.ndims)} for "
                f"'RandomUniformInt' with input shapes: {shape.shape}, "
                f"{minval.shape}, {maxval.shape}."
            )
    return minval.dtype, constant_value_as_shape(shape)


@register_op("RandomUniformInt", infer=_random_uniform_int_infer, bind=True, stateful=True)
def _random_uniform_int_kernel(op, session):
    stream = _stream(op, session)
    dtype = op.outputs[0].dtype.as_numpy_dtype

    def draw(shape, minval, maxval):
        if minval >= maxval:
            raise errors.InvalidArgumentError(
                None, op, f"Need minval < maxval, got {minval} >= {maxval}"
            )
        shape = tuple(int(d) for d in shape)
        values = philox.uniform_integers(
            stream, int(np.prod(shape)), int(minval), int(maxval), dtype
        )
        return values.reshape(shape)

    return draw


def random_shuffle(value, seed=None, name=None) -> Tensor:
    """`value` with its first dimension randomly permuted."""
    with name_scope(name, "RandomShuffle", [value]) as name:
        value = convert_to_tensor(value, name="value")
        return _create_random_op("RandomShuffle", [value], {}, seed, name)


@register_op(
    "RandomShuffle",
    infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape),
    bind=True,
    stateful=True,
)
def _random_shuffle_kernel(op, session):
    generator = _generator(op, session)

    def shuffle(value):
        if value.ndim == 0:
            return value.copy()
        return value[generator.permutation(len(value))]

    return shuffle


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None) -> Tensor:
    """Class indices drawn from each row of `logits` (`[batch, classes]`); int64."""
    with name_scope(name, "multinomial", [logits]):
        return _categorical(logits, num_samples, output_dtype, seed)


def categorical(logits, num_samples, dtype=None, seed=None, name=None) -> Tensor:
    """Class indices drawn from each row of `logits` (`[batch, classes]`); int64."""
    with name_scope(name, "categorical", [logits]):
        return _categorical(logits, num_samples, dtype, seed)


def _categorical(logits, num_samples, dtype, seed) -> Tensor:
    logits = convert_to_tensor(logits, name="logits")
    dtype = dtypes.as_dtype(dtype or dtypes.int64)
    _check_allowed("output_dtype", dtype, (dtypes.int32, dtypes.int64))
    with name_scope(None, "Multinomial", [logits]) as name:
        num_samples = convert_to_tensor(num_samples, dtype=dtypes.int32, name="num_samples")
        return _create_random_op(
            "Multinomial", [logits, num_samples], {"output_dtype": dtype}, seed, name
        )


def _multinomial_infer(inputs, attrs):
    logits, num_samples = inputs
    _check_allowed("logits", logits.dtype, _FLOATS)
    if logits.shape.ndims not in (None, 2):
        raise ValueError(
            f"{rank_required(2, logits.shape.ndims)} for "
            f"'Multinomial' with input shapes: {logits.shape}, "
            f"{num_samples.shape}."
        )
    count = constant_value(num_samples)
    batch = logits.shape[0].value if logits.shape.ndims == 2 else None
    return attrs["output_dtype"], TensorShape([batch, None if count is None else int(count)])


@register_op("Multinomial", infer=_multinomial_infer, bind=True, stateful=True)
def _multinomial_kernel(op, session):
    generator = _generator(op, session)
    dtype = op.get_attr("output_dtype").as_numpy_dtype

    def draw(logits, num_samples):
        batch, classes = logits.shape
        if classes == 0:
            raise errors.InvalidArgumentError(None, op, "num_classes should be positive, got 0")
        # Inverse-CDF sampling for all rows at once: row i's CDF is shifted to [i, i + 1],
        # so one sorted array serves every row.
        weights = np.exp(logits - logits.max(axis=1, keepdims=True), dtype=np.float64)
        cdf = np.cumsum(weights, axis=1)
        cdf /= cdf[:, -1:]
        rows = np.arange(batch)[:, None]
        targets = generator.random((batch, int(num_samples))) + rows
        positions = np.searchsorted((cdf + rows).ravel(), targets.ravel(), side="right")
        indices = positions.reshape(batch, -1) - rows * classes
        return np.minimum(indices, classes - 1).astype(dtype)

    return draw


for _op_type in (
    "RandomStandardNormal",
    "TruncatedNormal",
    "RandomUniform",
    "RandomUniformInt",
    "RandomShuffle",
    "Multinomial",
):
    NotDifferentiable(_op_type)
