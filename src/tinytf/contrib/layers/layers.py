"""contrib's layer functions: fully_connected, batch_norm and flatten, with contrib's
defaults and variable names (`fully_connected/weights`, `BatchNorm/beta`...).

Their variables are model variables: in GLOBAL_VARIABLES and MODEL_VARIABLES (and
TRAINABLE_VARIABLES when trainable), plus any `variables_collections`.
"""

from __future__ import annotations

from tinytf.contrib.layers.initializers import xavier_initializer
from tinytf.framework.graph import GraphKeys, add_to_collections, control_dependencies, name_scope
from tinytf.layers import core as core_layers
from tinytf.layers.base import static_training
from tinytf.layers.normalization import batch_statistics, gated_update, select_statistics
from tinytf.ops import array_ops, init_ops, math_ops, nn_impl, nn_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import convert_to_tensor

_ZEROS = init_ops.zeros_initializer()


def _model_variable(name, shape, dtype, initializer, regularizer, collections, trainable):
    collections = list(
        dict.fromkeys([*(collections or []), GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES])
    )
    return vs.get_variable(
        name,
        shape=shape,
        dtype=dtype,
        initializer=initializer,
        regularizer=regularizer,
        trainable=trainable,
        collections=collections,
    )


def _collections_for(variables_collections, name: str):
    """`variables_collections` is a list for every variable, or a dict by variable name."""
    if isinstance(variables_collections, dict):
        return variables_collections.get(name)
    return variables_collections


def _collect_outputs(collections, outputs):
    if collections:
        add_to_collections(collections, outputs)
    return outputs


def fully_connected(
    inputs,
    num_outputs,
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
    """activation_fn(inputs @ weights + biases): ReLU by default, Xavier weights.

    With `normalizer_fn` (e.g. batch_norm) no biases are created: the normalizer is
    applied to inputs @ weights instead. `biases_initializer=None` also drops the biases.
    """
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError(f"num_outputs type should be one of [{int}], got {type(num_outputs)}.")
    with vs.variable_scope(scope, "fully_connected", [inputs], reuse=reuse):
        inputs = convert_to_tensor(inputs, name="inputs")
        rank = inputs.shape.ndims
        depth = inputs.shape[-1].value if rank else None
        if rank is None or rank < 2 or depth is None:
            raise ValueError(
                f"Input {inputs.name} must have rank at least 2 and a known "
                f"last dimension, got shape {inputs.shape}."
            )
        weights = _model_variable(
            "weights",
            [depth, num_outputs],
            inputs.dtype,
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            _collections_for(variables_collections, "weights"),
            trainable,
        )
        if rank > 2:
            outputs = math_ops.tensordot(inputs, weights, [[rank - 1], [0]])
        else:
            outputs = math_ops.matmul(inputs, weights)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = _model_variable(
                "biases",
                [num_outputs],
                inputs.dtype,
                biases_initializer,
                biases_regularizer,
                _collections_for(variables_collections, "biases"),
                trainable,
            )
            outputs = nn_ops.bias_add(outputs, biases)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, outputs)


def batch_norm(
    inputs,
    decay=0.999,
    center=True,
    scale=False,
    epsilon=0.001,
    activation_fn=None,
    param_initializers=None,
    param_regularizers=None,
    updates_collections=GraphKeys.UPDATE_OPS,
    is_training=True,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    batch_weights=None,
    fused=None,
    data_format="NHWC",
    zero_debias_moving_mean=False,
    scope=None,
    renorm=False,
    renorm_clipping=None,
    renorm_decay=0.99,
    adjustment=None,
):
    """Batch normalization with contrib's defaults: beta but no gamma, decay 0.999.

    While `is_training` (a bool or a bool tensor), the update ops of the moving statistics
    go to `updates_collections`; with `updates_collections=None` they run whenever the
    output is computed. As TensorFlow's fused kernel does for 2-D and 4-D inputs, the
    moving variance is fed the unbiased batch variance.
    """
    if batch_weights is not None or renorm or adjustment is not None or zero_debias_moving_mean:
        raise NotImplementedError(
            "tinytf's batch_norm has no batch_weights, renorm, "
            "adjustment or zero_debias_moving_mean."
        )
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    initializers = param_initializers or {}
    regularizers = param_regularizers or {}
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse):
        inputs = convert_to_tensor(inputs, name="inputs")
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        channel_axis = 1 if data_format == "NCHW" else rank - 1
        channels = inputs.shape[channel_axis].value
        if channels is None:
            raise ValueError(
                f"Inputs {inputs.name} has undefined channels dimension "
                f"{inputs.shape[channel_axis : channel_axis + 1]}."
            )

        def variable(name, default_initializer, is_trainable):
            return _model_variable(
                name,
                [channels],
                inputs.dtype,
                initializers.get(name, default_initializer),
                regularizers.get(name),
                _collections_for(variables_collections, name),
                is_trainable,
            )

        beta = variable("beta", _ZEROS, trainable) if center else None
        gamma = variable("gamma", init_ops.ones_initializer(), trainable) if scale else None
        moving_mean = variable("moving_mean", _ZEROS, False)
        moving_variance = variable("moving_variance", init_ops.ones_initializer(), False)

        known = static_training(is_training)
        mean, variance = moving_mean, moving_variance
        if known is not False:
            reduction_axes = [axis for axis in range(rank) if axis != channel_axis]
            batch_mean, batch_variance, update_variance = batch_statistics(
                inputs, reduction_axes, False, fused is not False and rank in (2, 4)
            )
            updates = [
                gated_update(is_training, known, moving_mean, batch_mean, decay),
                gated_update(is_training, known, moving_variance, update_variance, decay),
            ]
            if updates_collections is None:
                with control_dependencies(updates):
                    batch_mean = array_ops.identity(batch_mean)
                    batch_variance = array_ops.identity(batch_variance)
            else:
                for update in updates:
                    add_to_collections(updates_collections, update)
            mean = select_statistics(is_training, known, batch_mean, moving_mean)
            variance = select_statistics(is_training, known, batch_variance, moving_variance)
        if data_format == "NCHW":
            shape = [1, channels] + [1] * (rank - 2)
            mean, variance, beta, gamma = (
                None if value is None else array_ops.reshape(value, shape)
                for value in (mean, variance, beta, gamma)
            )
        outputs = nn_impl.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, outputs)


def flatten(inputs, outputs_collections=None, scope=None):
    """Flattens all but the first (batch) dimension of `inputs`."""
    with name_scope(scope, "Flatten", [inputs]):
        outputs = core_layers.flatten(convert_to_tensor(inputs, name="inputs"))
        return _collect_outputs(outputs_collections, outputs)
