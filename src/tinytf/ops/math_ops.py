"""Arithmetic: element-wise binary ops with broadcasting, matmul, reductions, casts.

Each op stands as builder, kernel and gradient together. Broadcasting gradients are summed
back to each input's shape by `sum_to_shape`.
"""

from __future__ import annotations

import builtins

import numpy as np

from tinytf.framework import common_shapes, dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops
from tinytf.ops.constant_op import convert_to_tensor


def _binary(op_type: str, x, y, name) -> Tensor:
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, dtype=x.dtype if not _is_tensor_like(y) else None, name="y")
    return get_default_graph().create_op(op_type, [x, y], name=name or op_type).outputs[0]


def _unary(op_type: str, x, name) -> Tensor:
    x = convert_to_tensor(x, name="x")
    return get_default_graph().create_op(op_type, [x], name=name or op_type).outputs[0]


def _is_tensor_like(value) -> bool:
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def _binary_operator(function, op_name: str, tensor, other, reflected: bool):
    """`tensor (op) other` for a Tensor operator: `other` takes the tensor's dtype."""
    with name_scope(None, op_name, [tensor, other]) as scope:
        if not _is_tensor_like(other):
            other = convert_to_tensor(other, dtype=tensor.dtype, name="y")
        x, y = (other, tensor) if reflected else (tensor, other)
        return function(x, y, name=scope)


# Gradients of broadcasting ops ----------------------------------------------------------

def sum_to_shape(grad: Tensor, x: Tensor) -> Tensor:
    """Sums `grad` over the axes along which `x` was broadcast, giving x's shape."""
    if grad.shape.is_fully_defined() and grad.shape == x.shape:
        return grad
    return get_default_graph().create_op("SumToShape", [grad, x]).outputs[0]


def _sum_to_shape_infer(inputs, attrs):
    return inputs[0].dtype, inputs[1].shape


@register_op("SumToShape", infer=_sum_to_shape_infer)
def _sum_to_shape_kernel(grad, x):
    shape = np.shape(x)
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and grad.shape[lead + i] != 1)
    return np.sum(grad, axis=axes, keepdims=True).reshape(shape)


@RegisterGradient("SumToShape")
def _sum_to_shape_grad(op, grad):
    return array_ops.broadcast_to(grad, array_ops.shape(op.inputs[0])), None


# Element-wise binary ops ---------------------------------------------------------------

def add(x, y, name=None) -> Tensor:
    return _binary("AddV2", x, y, name or "Add")


def subtract(x, y, name=None) -> Tensor:
    return _binary("Sub", x, y, name)


def multiply(x, y, name=None) -> Tensor:
    return _binary("Mul", x, y, name)


def _true_divide_dtype(x: Tensor):
    """TF's truediv casts integers to floats: 8/16-bit to float32, 32/64-bit to float64."""
    if x.dtype.is_integer:
        return dtypes.float32 if x.dtype.size <= 2 else dtypes.float64
    return None


def truediv(x, y, name=None) -> Tensor:
    with name_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype if not _is_tensor_like(y) else None, name="y")
        float_dtype = _true_divide_dtype(x)
        if float_dtype is not None:
            x, y = cast(x, float_dtype), cast(y, float_dtype)
        return _binary("RealDiv", x, y, scope)


def divide(x, y, name=None) -> Tensor:
    return truediv(x, y, name=name or "truediv")


def negative(x, name=None) -> Tensor:
    return _unary("Neg", x, name)


for _op_type, _kernel in (("AddV2", np.add), ("Sub", np.subtract), ("Mul", np.multiply),
                          ("RealDiv", np.true_divide)):
    register_op(_op_type, infer=common_shapes.broadcast_binary(_op_type))(_kernel)
register_op("Neg", infer=common_shapes.unchanged)(np.negative)


@RegisterGradient("AddV2")
def _add_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(grad, y)


@RegisterGradient("Sub")
def _sub_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad, x), sum_to_shape(negative(grad), y)


@RegisterGradient("Mul")
def _mul_grad(op, grad):
    x, y = op.inputs
    return sum_to_shape(grad * y, x), sum_to_shape(x * grad, y)


@RegisterGradient("RealDiv")
def _real_div_grad(op, grad):
    x, y = op.inputs
    return (sum_to_shape(grad / y, x),
            sum_to_shape(grad * (negative(x) / square(y)), y))


@RegisterGradient("Neg")
def _neg_grad(op, grad):
    return negative(grad)


def add_n(inputs, name=None) -> Tensor:
    """Sums a list of tensors of the same shape and dtype."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype "
                         "and shape")
    inputs = [convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return get_default_graph().create_op("AddN", inputs, name=name or "AddN").outputs[0]


def _add_n_infer(inputs, attrs):
    dtype = common_shapes.check_same_dtype("AddN", inputs, ["inputs"] * len(inputs))
    shape = inputs[0].shape
    for tensor in inputs[1:]:
        shape = shape.merge_with(tensor.shape)
    return dtype, shape


@register_op("AddN", infer=_add_n_infer)
def _add_n_kernel(*inputs):
    total = np.add(inputs[0], inputs[1])
    for value in inputs[2:]:
        total += value
    return total


@RegisterGradient("AddN")
def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


# Element-wise unary ops ---------------------------------------------------------------

def square(x, name=None) -> Tensor:
    return _unary("Square", x, name)


def exp(x, name=None) -> Tensor:
    return _unary("Exp", x, name)


def log(x, name=None) -> Tensor:
    return _unary("Log", x, name)


def sigmoid(x, name=None) -> Tensor:
    return _unary("Sigmoid", x, name)


def tanh(x, name=None) -> Tensor:
    return _unary("Tanh", x, name)


@register_op("Square", infer=common_shapes.unchanged)
def _square_kernel(x):
    return np.multiply(x, x)


@RegisterGradient("Square")
def _square_grad(op, grad):
    x = op.inputs[0]
    return grad * (2.0 * x) if x.dtype.is_floating else grad * (2 * x)


register_op("Exp", infer=common_shapes.unchanged)(np.exp)


@RegisterGradient("Exp")
def _exp_grad(op, grad):
    return grad * op.outputs[0]


register_op("Log", infer=common_shapes.unchanged)(np.log)


@RegisterGradient("Log")
def _log_grad(op, grad):
    return grad / op.inputs[0]


@register_op("Sigmoid", infer=common_shapes.unchanged)
def _sigmoid_kernel(x):
    # 0.5 * (1 + tanh(x / 2)) is sigmoid without overflow in exp(-x) for large negative x.
    out = np.multiply(x, 0.5, dtype=x.dtype)
    np.tanh(out, out=out)
    out += 1
    out *= 0.5
    return out


@RegisterGradient("Sigmoid")
def _sigmoid_grad(op, grad):
    y = op.outputs[0]
    return grad * (y * (1.0 - y))


register_op("Tanh", infer=common_shapes.unchanged)(np.tanh)


@RegisterGradient("Tanh")
def _tanh_grad(op, grad):
    y = op.outputs[0]
    return grad * (1.0 - square(y))


# Matrix multiplication -----------------------------------------------------------------

def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None) -> Tensor:
    """`tf.matmul` for rank-2 inputs (transposes are views, never copies)."""
    a = convert_to_tensor(a, name="a")
    b = convert_to_tensor(b, name="b")
    attrs = {"transpose_a": builtins.bool(transpose_a or adjoint_a),
             "transpose_b": builtins.bool(transpose_b or adjoint_b)}
    return get_default_graph().create_op("MatMul", [a, b], attrs, name=name).outputs[0]


def _matmul_infer(inputs, attrs):
    a, b = inputs
    dtype = common_shapes.check_same_dtype("MatMul", inputs, ("a", "b"))
    a_dims, b_dims = a.shape.with_rank(2).as_list(), b.shape.with_rank(2).as_list()
    if attrs["transpose_a"]:
        a_dims.reverse()
    if attrs["transpose_b"]:
        b_dims.reverse()
    inner_a, inner_b = a_dims[1], b_dims[0]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError(f"Dimensions must be equal, but are {inner_a} and {inner_b} for "
                         f"'MatMul' with input shapes: {common_shapes._dims_str(a.shape)}, "
                         f"{common_shapes._dims_str(b.shape)}.")
    return dtype, TensorShape([a_dims[0], b_dims[1]])


@register_op("MatMul", infer=_matmul_infer)
def _matmul_kernel(a, b, transpose_a, transpose_b):
    return np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)


@RegisterGradient("MatMul")
def _matmul_grad(op, grad):
    a, b = op.inputs
    transpose_a, transpose_b = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    if not transpose_a and not transpose_b:
        return (matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True))
    if not transpose_a and transpose_b:
        return (matmul(grad, b), matmul(grad, a, transpose_a=True))
    if transpose_a and not transpose_b:
        return (matmul(b, grad, transpose_b=True), matmul(a, grad))
    return (matmul(b, grad, transpose_a=True, transpose_b=True),
            matmul(grad, a, transpose_a=True, transpose_b=True))


# Reductions ----------------------------------------------------------------------------

def _reduction(op_type: str, input_tensor, axis, keepdims, name, reduction_indices=None,
               keep_dims=None) -> Tensor:
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
        axis = reduction_indices
    keepdims = builtins.bool(keep_dims if keep_dims is not None else keepdims)
    x = convert_to_tensor(input_tensor, name="input_tensor")
    if _is_tensor_like(axis):
        from tinytf.framework.tensor_util import constant_value

        axis = constant_value(axis)
        if axis is None:
            raise NotImplementedError(f"tinytf's {op_type} needs a constant axis.")
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    axis = common_shapes.normalize_axis(axis, x.shape.ndims, op_type)
    attrs = {"axis": axis, "keepdims": keepdims}
    return get_default_graph().create_op(op_type, [x], attrs, name=name or op_type).outputs[0]


def _reduction_infer(inputs, attrs):
    x = inputs[0]
    return x.dtype, common_shapes.reduced_shape(x.shape, attrs["axis"], attrs["keepdims"])


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    return _reduction("Sum", input_tensor, axis, keepdims, name, reduction_indices,
                      keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None) -> Tensor:
    return _reduction("Mean", input_tensor, axis, keepdims, name, reduction_indices,
                      keep_dims)


@register_op("Sum", infer=_reduction_infer)
def _sum_kernel(x, axis, keepdims):
    return np.asarray(np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype))


@register_op("Mean", infer=_reduction_infer)
def _mean_kernel(x, axis, keepdims):
    if x.dtype.kind in "iu":
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
        count = x.size // max(total.size, 1) if x.size else 0
        # TensorFlow's integer mean truncates toward zero.
        return np.asarray(np.trunc(total / builtins.max(count, 1)).astype(x.dtype))
    return np.asarray(np.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype))


def _unreduce(grad: Tensor, op) -> Tensor:
    """Broadcasts the gradient of a reduction back to the reduced input's shape."""
    x = op.inputs[0]
    axis, keepdims = op.get_attr("axis"), op.get_attr("keepdims")
    if not keepdims:
        rank = x.shape.ndims
        axes = range(rank) if axis is None else sorted(a % rank for a in axis)
        for a in axes:
            grad = array_ops.expand_dims(grad, a)
    return array_ops.broadcast_to(grad, array_ops.shape(x))


@RegisterGradient("Sum")
def _sum_grad(op, grad):
    return _unreduce(grad, op)


@RegisterGradient("Mean")
def _mean_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    in_count, out_count = x.shape.num_elements(), y.shape.num_elements()
    if in_count is not None and out_count is not None:
        factor = in_count // builtins.max(out_count, 1)
        scale = convert_to_tensor(np.asarray(factor, dtype=x.dtype.as_numpy_dtype))
    else:
        scale = cast(array_ops.size(x), x.dtype) / cast(array_ops.size(y), x.dtype)
    return _unreduce(grad / scale, op)


# Casts ---------------------------------------------------------------------------------

def cast(x, dtype, name=None) -> Tensor:
    dtype = dtypes.as_dtype(dtype)
    x = convert_to_tensor(x, name="x")
    if x.dtype is dtype:
        return x
    return get_default_graph().create_op("Cast", [x], {"dtype": dtype},
                                         name=name or "Cast").outputs[0]


def _cast_infer(inputs, attrs):
    return attrs["dtype"], inputs[0].shape


@register_op("Cast", infer=_cast_infer)
def _cast_kernel(x, dtype):
    return np.asarray(x).astype(dtype.as_numpy_dtype)


@RegisterGradient("Cast")
def _cast_grad(op, grad):
    source = op.inputs[0].dtype
    if source.is_floating and op.outputs[0].dtype.is_floating:
        return cast(grad, source)
    return None


# Operators used by Tensor (see framework.graph) ----------------------------------------

def _add_operator(x, y, reflected=False):
    return _binary_operator(add, "add", x, y, reflected)


def _sub_operator(x, y, reflected=False):
    return _binary_operator(subtract, "sub", x, y, reflected)


def _mul_operator(x, y, reflected=False):
    return _binary_operator(multiply, "mul", x, y, reflected)


def _truediv_operator(x, y, reflected=False):
    return _binary_operator(truediv, "truediv", x, y, reflected)


def _matmul_operator(x, y, reflected=False):
    return _binary_operator(matmul, "matmul", x, y, reflected)

