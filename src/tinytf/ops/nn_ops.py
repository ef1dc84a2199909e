"""Fused neural-network kernels: activations, bias_add, l2_loss and in_top_k.

Each activation whose gradient sits in a training loop's hot path has a fused gradient op
too (ReluGrad, EluGrad, ...), as in TensorFlow; softmax and the cross-entropies live in
softmax_ops.
"""

from __future__ import annotations

import numpy as np

from tinytf.framework import common_shapes, dtypes
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, RegisterGradient, register_op
from tinytf.framework.shape_text import (
    dimension_mismatch,
    rank_at_least,
    rank_required,
    shapes_text,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import (
    dense_fusion,  # noqa: F401 - registers the fused dense kernel
    math_ops,
)
from tinytf.ops.constant_op import convert_to_tensor

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _unary(op_type: str, features, name, attrs=None) -> Tensor:
    features = convert_to_tensor(features, name="features")
    return (
        get_default_graph().create_op(op_type, [features], attrs, name=name or op_type).outputs[0]
    )


def _activation_grad(op_type: str, gradients: Tensor, features: Tensor, attrs=None) -> Tensor:
    return (
        get_default_graph()
        .create_op(op_type, [gradients, features], attrs, name=op_type)
        .outputs[0]
    )


def relu(features, name=None) -> Tensor:
    return _unary("Relu", features, name)


def relu6(features, name=None) -> Tensor:
    return _unary("Relu6", features, name)


def leaky_relu(features, alpha=0.2, name=None) -> Tensor:
    """max(features, alpha * features) for alpha <= 1; integer features become float32."""
    with name_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = math_ops.cast(features, dtypes.float32)
        return _unary("LeakyRelu", features, scope, {"alpha": float(alpha)})


def _relu_into(features):
    return np.maximum(features, 0, out=features)


@register_op("Relu", infer=common_shapes.unchanged, fresh_outputs=True, inplace=(0, _relu_into))
def _relu_kernel(features):
    return np.maximum(features, 0)


def _relu_grad_into(gradients, features):
    try:
        return np.multiply(gradients, features > 0, out=gradients)
    except ValueError:  # features broadcast gradients to a larger shape
        return np.multiply(gradients, features > 0)


@register_op(
    "ReluGrad",
    infer=common_shapes.broadcast_binary("ReluGrad"),
    fresh_outputs=True,
    inplace=(0, _relu_grad_into),
)
def _relu_grad_kernel(gradients, features):
    return np.multiply(gradients, features > 0)


@RegisterGradient("Relu")
def _relu_grad(op, grad):
    # The output is positive exactly where the input is: the output saves a comparison.
    return _activation_grad("ReluGrad", grad, op.outputs[0])


@RegisterGradient("ReluGrad")
def _relu_grad_grad(op, grad):
    return _activation_grad("ReluGrad", grad, op.inputs[1]), None


@register_op("Relu6", infer=common_shapes.unchanged)
def _relu6_kernel(features):
    return np.clip(features, 0, 6)


@register_op("Relu6Grad", infer=common_shapes.broadcast_binary("Relu6Grad"))
def _relu6_grad_kernel(gradients, features):
    return np.multiply(gradients, (features > 0) & (features < 6))


@RegisterGradient("Relu6")
def _relu6_grad(op, grad):
    return _activation_grad("Relu6Grad", grad, op.inputs[0])


@RegisterGradient("Relu6Grad")
def _relu6_grad_grad(op, grad):
    return _activation_grad("Relu6Grad", grad, op.inputs[1]), None


@register_op("LeakyRelu", infer=common_shapes.unchanged)
def _leaky_relu_kernel(features, alpha):
    return np.where(features > 0, features, features * alpha)


@register_op("LeakyReluGrad", infer=common_shapes.broadcast_binary("LeakyReluGrad"))
def _leaky_relu_grad_kernel(gradients, features, alpha):
    return np.where(features > 0, gradients, gradients * alpha)


@RegisterGradient("LeakyRelu")
def _leaky_relu_grad(op, grad):
    return _activation_grad("LeakyReluGrad", grad, op.inputs[0], {"alpha": op.get_attr("alpha")})


@RegisterGradient("LeakyReluGrad")
def _leaky_relu_grad_grad(op, grad):
    return _activation_grad(
        "LeakyReluGrad", grad, op.inputs[1], {"alpha": op.get_attr("alpha")}
    ), None


def elu(features, name=None) -> Tensor:
    return _unary("Elu", features, name)


def selu(features, name=None) -> Tensor:
    return _unary("Selu", features, name)


def _expm1_of_negative_part(features):
    # Clipping first keeps exp from overflowing on the large positives it will discard.
    return np.expm1(np.minimum(features, 0))


@register_op("Elu", infer=common_shapes.unchanged)
def _elu_kernel(features):
    return np.where(features > 0, features, _expm1_of_negative_part(features))


@register_op("Selu", infer=common_shapes.unchanged)
def _selu_kernel(features):
    negative = _expm1_of_negative_part(features)
    negative *= _SELU_ALPHA
    out = np.where(features > 0, features, negative)
    out *= _SELU_SCALE
    return out


# Both gradients are written in terms of the outputs: for x < 0, elu'(x) = y + 1 and
# selu'(x) = y + scale * alpha.
@register_op("EluGrad", infer=common_shapes.broadcast_binary("EluGrad"))
def _elu_grad_kernel(gradients, outputs):
    return np.where(outputs > 0, gradients, gradients * (outputs + 1))


@register_op("SeluGrad", infer=common_shapes.broadcast_binary("SeluGrad"))
def _selu_grad_kernel(gradients, outputs):
    return np.where(
        outputs < 0, gradients * (outputs + _SELU_SCALE * _SELU_ALPHA), gradients * _SELU_SCALE
    )


@RegisterGradient("Elu")
def _elu_grad(op, grad):
    return _activation_grad("EluGrad", grad, op.outputs[0])


@RegisterGradient("Selu")
def _selu_grad(op, grad):
    return _activation_grad("SeluGrad", grad, op.outputs[0])


def _negative_part_grad(op, grad):
    """d/d outputs of gradients * (outputs + c) on the negative side: grad * gradients."""
    gradients, outputs = op.inputs
    # ReluGrad(v, -y) passes v exactly where y < 0.
    return _activation_grad("ReluGrad", grad * gradients, math_ops.negative(outputs))


@RegisterGradient("EluGrad")
def _elu_grad_grad(op, grad):
    return _activation_grad("EluGrad", grad, op.inputs[1]), _negative_part_grad(op, grad)


@RegisterGradient("SeluGrad")
def _selu_grad_grad(op, grad):
    return _activation_grad("SeluGrad", grad, op.inputs[1]), _negative_part_grad(op, grad)


def softplus(features, name=None) -> Tensor:
    return _unary("Softplus", features, name)


def softsign(features, name=None) -> Tensor:
    return _unary("Softsign", features, name)


@register_op("Softplus", infer=common_shapes.unchanged)
def _softplus_kernel(features):
    # logaddexp(0, x) = log(1 + e^x) without overflow for large x or underflow for small.
    return np.logaddexp(features, np.zeros((), features.dtype))


@RegisterGradient("Softplus")
def _softplus_grad(op, grad):
    return grad * math_ops.sigmoid(op.inputs[0])


@register_op("Softsign", infer=common_shapes.unchanged)
def _softsign_kernel(features):
    denominator = np.abs(features, out=np.empty_like(features))  # an array even for 0-d
    denominator += 1
    return np.divide(features, denominator, out=denominator)


@RegisterGradient("Softsign")
def _softsign_grad(op, grad):
    return grad / math_ops.square(1.0 + math_ops.abs(op.inputs[0]))


def bias_add(value, bias, data_format=None, name=None) -> Tensor:
    """value + bias along the last axis ("NHWC", default) or axis 1 ("NCHW")."""
    if data_format not in (None, "NHWC", "NCHW", "N..C", "NC.."):
        raise ValueError(f"data_format must be NHWC or NCHW, got {data_format!r}")
    channels_first = data_format in ("NCHW", "NC..")
    with name_scope(name, "BiasAdd", [value, bias]) as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(
            bias,
            dtype=value.dtype
            if not isinstance(bias, Tensor) and not hasattr(bias, "_as_graph_element")
            else None,
            name="bias",
        )
        return (
            get_default_graph()
            .create_op("BiasAdd", [value, bias], {"channels_first": channels_first}, name=scope)
            .outputs[0]
        )


def _bias_add_infer(inputs, attrs):
    value, bias = inputs
    dtype = common_shapes.check_same_dtype("BiasAdd", inputs, ("value", "bias"))
    shapes = shapes_text(inputs)
    rank = value.shape.ndims
    if rank is not None and rank < 2:
        raise ValueError(f"{rank_at_least(2, rank)} for 'BiasAdd' with input shapes: {shapes}.")
    if bias.shape.ndims not in (None, 1):
        raise ValueError(
            f"{rank_required(1, bias.shape.ndims)} for 'BiasAdd' with input shapes: {shapes}."
        )
    if rank is not None and bias.shape.ndims == 1:
        channels = value.shape[1 if attrs["channels_first"] else -1].value
        size = bias.shape[0].value
        if channels is not None and size is not None and channels != size:
            raise ValueError(
                f"{dimension_mismatch(channels, size)} for 'BiasAdd' with input shapes: {shapes}."
            )
    return dtype, value.shape


def _bias_add_into(value, bias, channels_first):
    if channels_first:
        bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
    try:
        return np.add(value, bias, out=value)
    except ValueError:  # the bias broadcast value to a larger shape
        return np.add(value, bias)


@register_op("BiasAdd", infer=_bias_add_infer, fresh_outputs=True, inplace=(0, _bias_add_into))
def _bias_add_kernel(value, bias, channels_first):
    if channels_first:
        bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
    return np.add(value, bias)


@RegisterGradient("BiasAdd")
def _bias_add_grad(op, grad):
    value, bias = op.inputs
    if not op.get_attr("channels_first"):
        return grad, math_ops.sum_to_shape(grad, bias)
    rank = value.shape.ndims
    if rank is None:
        raise NotImplementedError("tinytf's BiasAdd gradient with NCHW needs a known rank.")
    return grad, math_ops.reduce_sum(grad, axis=[0] + list(range(2, rank)))


def l2_loss(t, name=None) -> Tensor:
    """sum(t ** 2) / 2."""
    return _unary("L2Loss", t, name)


@register_op("L2Loss", infer=lambda inputs, attrs: (inputs[0].dtype, TensorShape([])))
def _l2_loss_kernel(features):
    flat = features.reshape(-1)
    return np.asarray(np.dot(flat, flat) * 0.5, dtype=features.dtype)


@RegisterGradient("L2Loss")
def _l2_loss_grad(op, grad):
    return op.inputs[0] * grad


def in_top_k(predictions, targets, k, name=None) -> Tensor:
    """Whether each target's prediction is among the k largest of its row.

    Ties count in the target's favour (it is in the top k when fewer than k predictions
    are strictly larger); a target out of range or with a non-finite prediction is False.
    """
    with name_scope(name, "in_top_k"):
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        k = convert_to_tensor(k, dtype=targets.dtype, name="k")
        return (
            get_default_graph()
            .create_op("InTopKV2", [predictions, targets, k], name=name or "InTopKV2")
            .outputs[0]
        )


def _in_top_k_infer(inputs, attrs):
    predictions, targets, _ = inputs
    if targets.dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(
            f"Value passed to parameter 'targets' has DataType "
            f"{targets.dtype.name} not in list of allowed values: int32, int64"
        )
    rows = predictions.shape.with_rank(2)[0]
    return dtypes.bool, TensorShape([rows]).merge_with(targets.shape.with_rank(1))


@register_op("InTopKV2", infer=_in_top_k_infer)
def _in_top_k_kernel(predictions, targets, k):
    classes = predictions.shape[1]
    valid = (targets >= 0) & (targets < classes)
    rows = np.arange(len(targets))
    target_predictions = predictions[rows, np.where(valid, targets, 0)]
    larger = np.count_nonzero(predictions > target_predictions[:, None], axis=1)
    return valid & np.isfinite(target_predictions) & (larger < k)


NotDifferentiable("InTopKV2")
