"""contrib's convolution and pooling functions: conv2d, conv2d_transpose, max_pool2d and
avg_pool2d, with contrib's defaults (ReLU, Xavier weights, "SAME") and variable names
(`Conv/weights`, `Conv/biases`, `Conv2d_transpose/weights`)."""

from __future__ import annotations

from tinytf.contrib.layers.initializers import xavier_initializer
from tinytf.contrib.layers.layers import (
    _ZEROS,
    _collect_outputs,
    _collections_for,
    _model_variable,
)
from tinytf.framework.graph import name_scope
from tinytf.layers.conv_utils import pair, transposed_output_shape
from tinytf.ops import conv_impl, conv_ops, nn_ops, pooling_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor


def _format(data_format):
    if data_format not in (None, "NHWC", "NCHW"):
        raise ValueError(f"data_format has to be either NCHW or NHWC, got {data_format}")
    return data_format or "NHWC"


def _four(values, data_format):
    return [1, 1, *values] if data_format == "NCHW" else [1, *values, 1]


def _variables(inputs, weights_shape, bias_size, options):
    """The weights and (unless a normalizer replaces them) biases of a contrib layer."""
    weights = _model_variable(
        "weights",
        weights_shape,
        inputs.dtype,
        options["weights_initializer"] or xavier_initializer(),
        options["weights_regularizer"],
        _collections_for(options["variables_collections"], "weights"),
        options["trainable"],
    )
    biases = None
    if options["normalizer_fn"] is None and options["biases_initializer"] is not None:
        biases = _model_variable(
            "biases",
            [bias_size],
            inputs.dtype,
            options["biases_initializer"],
            options["biases_regularizer"],
            _collections_for(options["variables_collections"], "biases"),
            options["trainable"],
        )
    return weights, biases


def _finish(outputs, biases, data_format, options):
    if options["normalizer_fn"] is not None:
        outputs = options["normalizer_fn"](outputs, **(options["normalizer_params"] or {}))
    elif biases is not None:
        outputs = nn_ops.bias_add(outputs, biases, data_format=data_format)
    if options["activation_fn"] is not None:
        outputs = options["activation_fn"](outputs)
    return _collect_outputs(options["outputs_collections"], outputs)


def _depth(inputs, data_format):
    depth = inputs.shape[1 if data_format == "NCHW" else -1].value
    if inputs.shape.ndims != 4 or depth is None:
        raise ValueError(
            f"Input {inputs.name} must be 4-D with a known channel dimension, got {inputs.shape}"
        )
    return depth


def _conv_layer(default_name, options, convolve, transposed=False):
    """A contrib convolution layer: `convolve(inputs, weights, kernel_size, data_format)`
    between creating the variables and adding the biases (or normalizer) and activation."""
    data_format = _format(options["data_format"])
    inputs, num_outputs = options["inputs"], options["num_outputs"]
    with vs.variable_scope(options["scope"], default_name, [inputs], reuse=options["reuse"]):
        inputs = convert_to_tensor(inputs, name="inputs")
        kernel = pair(options["kernel_size"], "kernel_size")
        depth = _depth(inputs, data_format)
        channels = [num_outputs, depth] if transposed else [depth, num_outputs]
        weights, biases = _variables(inputs, [*kernel, *channels], num_outputs, options)
        outputs = convolve(inputs, weights, kernel, data_format)
        return _finish(outputs, biases, data_format, options)


def conv2d(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format=None,
    rate=1,
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=_ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """activation_fn(conv2d(inputs, weights) + biases), 2-D inputs [N, H, W, C] only."""

    def convolve(inputs, weights, kernel, data_format):
        return conv_ops.conv2d(
            inputs,
            weights,
            _four(pair(stride, "stride"), data_format),
            padding.upper() if isinstance(padding, str) else padding,
            data_format=data_format,
            dilations=_four(pair(rate, "rate"), data_format),
        )

    return _conv_layer("Conv", locals(), convolve)


convolution2d = conv2d


def conv2d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format="NHWC",
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=_ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """The transpose of conv2d: output [N, H * stride, W * stride, num_outputs] ("SAME")."""

    def convolve(inputs, weights, kernel, data_format):
        strides = pair(stride, "stride")
        output_shape, static_shape = transposed_output_shape(
            inputs, num_outputs, kernel, strides, padding.upper(), data_format, "conv2d_transpose"
        )
        outputs = conv_impl.conv2d_transpose(
            inputs,
            weights,
            output_shape,
            _four(strides, data_format),
            padding=padding.upper(),
            data_format=data_format,
        )
        outputs.set_shape(static_shape)
        return outputs

    return _conv_layer("Conv2d_transpose", locals(), convolve, transposed=True)


def _pool(
    build, default_name, inputs, kernel_size, stride, padding, data_format, collections, scope
):
    data_format = _format(data_format)
    with name_scope(scope, default_name, [inputs]):
        outputs = build(
            convert_to_tensor(inputs, name="inputs"),
            _four(pair(kernel_size, "kernel_size"), data_format),
            _four(pair(stride, "stride"), data_format),
            padding.upper(),
            data_format=data_format,
        )
        return _collect_outputs(collections, outputs)


def max_pool2d(
    inputs,
    kernel_size,
    stride=2,
    padding="VALID",
    data_format="NHWC",
    outputs_collections=None,
    scope=None,
):
    """Max pooling (op `MaxPool2D/MaxPool`); contrib's defaults: stride 2, "VALID"."""
    return _pool(
        pooling_ops.max_pool,
        "MaxPool2D",
        inputs,
        kernel_size,
        stride,
        padding,
        data_format,
        outputs_collections,
        scope,
    )


def avg_pool2d(
    inputs,
    kernel_size,
    stride=2,
    padding="VALID",
    data_format="NHWC",
    outputs_collections=None,
    scope=None,
):
    """Average pooling (op `AvgPool2D/AvgPool`); contrib's defaults: stride 2, "VALID"."""
    return _pool(
        pooling_ops.avg_pool,
        "AvgPool2D",
        inputs,
        kernel_size,
        stride,
        padding,
        data_format,
        outputs_collections,
        scope,
    )
