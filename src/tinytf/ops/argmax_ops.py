"""argmax and argmin (and the deprecated arg_max, arg_min): the index of the largest or
smallest entry along an axis."""

from __future__ import annotations

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.framework.tensor_util import constant_value
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.math_common import (
    NUMBERS,
    check_dtype,
    constant_axis,
    create,
)


def argmax(
    input,
    axis=None,
    name=None,
    dimension=None,  # noqa: A002
    output_type=dtypes.int64,
) -> Tensor:
    return _arg_extremum("ArgMax", input, axis, name, dimension, output_type)


def argmin(
    input,
    axis=None,
    name=None,
    dimension=None,  # noqa: A002
    output_type=dtypes.int64,
) -> Tensor:
    return _arg_extremum("ArgMin", input, axis, name, dimension, output_type)


def arg_max(input, dimension, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    return argmax(input, dimension, name=name, output_type=output_type)


def arg_min(input, dimension, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    return argmin(input, dimension, name=name, output_type=output_type)


def _arg_extremum(op_type, input_tensor, axis, name, dimension, output_type) -> Tensor:
    if dimension is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension
    axis = 0 if axis is None else constant_axis(axis, op_type)
    output_type = dtypes.as_dtype(output_type)
    if output_type not in (dtypes.int32, dtypes.int64):
        raise TypeError(
            f"Value passed to parameter 'output_type' has DataType "
            f"{output_type.name} not in list of allowed values: int32, int64"
        )
    with name_scope(name, op_type, [input_tensor]) as scope:
        x = convert_to_tensor(input_tensor, name="input")
        dimension = constant(axis, dtypes.int32, name="dimension")
        return create(op_type, [x, dimension], {"output_type": output_type}, scope)


def _arg_extremum_axis(x: Tensor, dimension: Tensor) -> int:
    """The axis an ArgMax/ArgMin reduces (a constant), checked against the rank of `x`."""
    axis = int(constant_value(dimension))
    dims = x.shape.as_tuple()
    if dims is not None and not -len(dims) <= axis < len(dims):
        raise ValueError(
            f"Dimension ({axis}) must be in the range [{-len(dims)}, "
            f"{len(dims)}), where {len(dims)} is the number of dimensions in "
            "the input."
        )
    return axis


def _arg_extremum_infer(op_type: str):
    def infer(inputs, attrs):
        x, dimension = inputs
        check_dtype(op_type, x, NUMBERS, "input")
        axis = _arg_extremum_axis(x, dimension)
        dims = x.shape.as_tuple()
        if dims is None:
            return attrs["output_type"], TensorShape(None)
        axis %= len(dims)
        return attrs["output_type"], TensorShape(dims[:axis] + dims[axis + 1 :])

    return infer


def _arg_extremum_kernel(find, is_better):
    """np.argmax or np.argmin along the op's constant axis, in its output type, with
    TensorFlow's treatment of NaN.

    TensorFlow walks each row keeping the best value so far, starting from index 0 and
    the dtype's lowest finite value (ArgMax; ArgMin: highest), replacing it only with a
    strictly better one: NaN never wins, nor does a value no better than that start
    (-inf for ArgMax); a row of only those gives 0. NumPy's answer is TensorFlow's unless
    the value it picks is NaN or no better than the start: only then are those masked.
    """

    def bind(op, session):
        axis = _arg_extremum_axis(*op.inputs)
        output_dtype = op.get_attr("output_type").as_numpy_dtype

        def kernel(x, dimension):
            found = find(x, axis=axis)
            if x.dtype.kind == "f" and x.size:
                start = np.finfo(x.dtype).min if find is np.argmax else np.finfo(x.dtype).max
                picked = np.take_along_axis(x, np.expand_dims(found, axis), axis)
                if not is_better(picked, start).all():
                    never_wins = ~is_better(x, start)  # NaN compares False
                    found = find(np.where(never_wins, start, x), axis=axis)
            return np.asarray(found).astype(output_dtype, copy=False)

        return kernel

    return bind


register_op("ArgMax", infer=_arg_extremum_infer("ArgMax"), bind=True)(
    _arg_extremum_kernel(np.argmax, np.greater)
)
register_op("ArgMin", infer=_arg_extremum_infer("ArgMin"), bind=True)(
    _arg_extremum_kernel(np.argmin, np.less)
)
NotDifferentiable("ArgMax")
NotDifferentiable("ArgMin")
