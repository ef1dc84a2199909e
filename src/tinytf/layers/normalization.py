"""Batch normalization: the BatchNormalization layer and the statistics it shares with
`contrib.layers.batch_norm`.

While training, a batch is normalised by its own mean and variance, and assign ops (the
layer's `updates`, also in UPDATE_OPS) move the moving statistics towards them; only those
ops change the moving statistics. In inference the moving statistics are used. `training`
may be a bool tensor: then, as in TensorFlow, tf.cond's choose the statistics and run the
updates only while training (`batch_normalization/cond` ... `cond_3`).
"""

from __future__ import annotations

import math

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.layers.base import Layer, functional_layer, static_training
from tinytf.ops import array_ops, control_flow_ops, init_ops, math_ops, nn_impl, state_ops
from tinytf.ops.constant_op import convert_to_tensor


def assign_moving_average(variable, value, decay):
    """variable -= (variable - value) * (1 - decay): a moving statistic's update op."""
    with name_scope(None, "AssignMovingAvg", [variable, value]) as scope:
        rate = convert_to_tensor(1.0 - decay, dtype=variable.dtype, name="decay")
        delta = (variable - math_ops.cast(value, variable.dtype)) * rate
        return state_ops.assign_sub(variable, delta, name=scope)


def gated_update(training, known: bool | None, variable, value, decay):
    """The moving average's update: run only while training (a tf.cond when `training` is
    a tensor, whose Merge op is the update, as in TensorFlow)."""
    if known is not None:
        return assign_moving_average(variable, value, decay)
    merged = control_flow_ops.cond(
        training,
        lambda: assign_moving_average(variable, value, decay),
        lambda: convert_to_tensor(variable),
    )
    return merged.op


def batch_statistics(inputs: Tensor, reduction_axes: list, keep_dims: bool, unbiased_update: bool):
    """(mean, variance, variance for the moving average) of a batch.

    TensorFlow's fused kernel (4-D inputs normalised along their channels) feeds the moving
    variance with Bessel's correction, n / (n - 1); `unbiased_update` reproduces that.
    """
    mean, variance = nn_impl.moments(inputs, reduction_axes, keep_dims=keep_dims)
    if not unbiased_update:
        return mean, variance, variance
    dims = inputs.shape.as_tuple()
    counted = [dims[axis] for axis in reduction_axes]
    if None in counted:
        count = math_ops.cast(
            math_ops.reduce_prod(array_ops.gather(array_ops.shape(inputs), reduction_axes)),
            variance.dtype,
        )
        correction = count / math_ops.maximum(count - 1.0, 1.0)
    else:
        count = math.prod(counted)
        correction = count / max(count - 1, 1)
    return mean, variance, variance * correction


def select_statistics(training, known: bool | None, batch_value, moving_value):
    """The batch statistic while training, the moving one otherwise (a tf.cond when
    `training` is a tensor)."""
    if known is not None:
        return batch_value if known else moving_value
    return control_flow_ops.cond(
        training, lambda: batch_value, lambda: convert_to_tensor(moving_value)
    )


class BatchNormalization(Layer):
    """Normalises along all but `axis`, then scales by `gamma` and shifts by `beta`.

    Variables: gamma (if `scale`), beta (if `center`) and the non-trainable moving_mean and
    moving_variance. Renorm, virtual batches and adjustments are not implemented.
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer=None,
        gamma_initializer=None,
        moving_mean_initializer=None,
        moving_variance_initializer=None,
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        fused=None,
        trainable=True,
        virtual_batch_size=None,
        adjustment=None,
        name=None,
        **kwargs,
    ):
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError(
                "tinytf's BatchNormalization has no renorm, virtual_batch_size or adjustment."
            )
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer or init_ops.zeros_initializer()
        self.gamma_initializer = gamma_initializer or init_ops.ones_initializer()
        self.moving_mean_initializer = moving_mean_initializer or init_ops.zeros_initializer()
        self.moving_variance_initializer = (
            moving_variance_initializer or init_ops.ones_initializer()
        )
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.fused = fused
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape) -> None:
        input_shape = TensorShape(input_shape)
        rank = input_shape.ndims
        if rank is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}")
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -rank <= axis < rank:
                raise ValueError(f"Invalid axis: {axis}")
        self.axis = sorted(axis % rank for axis in axes)
        sizes = {axis: input_shape[axis].value for axis in self.axis}
        if None in sizes.values():
            raise ValueError(
                f"Input has undefined `axis` dimension. Received input with "
                f"shape {input_shape} and axis={self.axis}"
            )
        if len(self.axis) == 1:
            param_shape = [sizes[self.axis[0]]]
        else:
            param_shape = [sizes.get(axis, 1) for axis in range(rank)]
        self._rank = rank
        if self.scale:
            self.gamma = self.add_weight(
                "gamma",
                param_shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                "beta",
                param_shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )
        self.moving_mean = self.add_weight(
            "moving_mean", param_shape, trainable=False, initializer=self.moving_mean_initializer
        )
        self.moving_variance = self.add_weight(
            "moving_variance",
            param_shape,
            trainable=False,
            initializer=self.moving_variance_initializer,
        )

    def _uses_fused_statistics(self) -> bool:
        return self.fused is not False and self._rank == 4 and self.axis in ([1], [3])

    def call(self, inputs, training=False):
        rank = self._rank
        reduction_axes = [axis for axis in range(rank) if axis not in self.axis]
        broadcast = len(self.axis) == 1 and self.axis[0] != rank - 1

        def shaped(value):
            if value is None or not broadcast:
                return value
            shape = [1] * rank
            shape[self.axis[0]] = -1
            return array_ops.reshape(value, shape)

        known = static_training(training)
        mean, variance = self.moving_mean, self.moving_variance
        if known is not False:
            batch_mean, batch_variance, update_variance = batch_statistics(
                inputs, reduction_axes, len(self.axis) > 1, self._uses_fused_statistics()
            )
            mean = select_statistics(training, known, batch_mean, self.moving_mean)
            variance = select_statistics(training, known, batch_variance, self.moving_variance)
            for moving, batch_value in (
                (self.moving_mean, batch_mean),
                (self.moving_variance, update_variance),
            ):
                self.add_update(gated_update(training, known, moving, batch_value, self.momentum))
        return nn_impl.batch_normalization(
            inputs,
            shaped(mean),
            shaped(variance),
            shaped(self.beta),
            shaped(self.gamma),
            self.epsilon,
        )


def batch_normalization(
    inputs,
    axis=-1,
    momentum=0.99,
    epsilon=1e-3,
    center=True,
    scale=True,
    beta_initializer=None,
    gamma_initializer=None,
    moving_mean_initializer=None,
    moving_variance_initializer=None,
    beta_regularizer=None,
    gamma_regularizer=None,
    beta_constraint=None,
    gamma_constraint=None,
    training=False,
    trainable=True,
    name=None,
    reuse=None,
    renorm=False,
    renorm_clipping=None,
    renorm_momentum=0.99,
    fused=None,
    virtual_batch_size=None,
    adjustment=None,
):
    """Batch normalization; with `training`, add UPDATE_OPS as dependencies of the train op.

    ```python
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss)
    ```
    """
    return functional_layer(BatchNormalization, locals(), call_arguments=("training",))
