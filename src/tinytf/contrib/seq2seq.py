"""`tf.contrib.seq2seq`: sequence_loss, the weighted cross-entropy of sequences of logits."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.framework import dtypes
from tinytf.framework.graph import name_scope
from tinytf.ops import array_ops, math_ops, softmax_ops
from tinytf.ops.constant_op import convert_to_tensor


def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    sum_over_timesteps=False,
    sum_over_batch=False,
    softmax_loss_function=None,
    name=None,
):
    """Cross-entropy of logits [batch, time, classes] against int targets [batch, time],
    each term weighted by weights [batch, time]; averaged by the weights' sum (or summed
    and divided by the count of non-zero weights) over time and/or batch, as asked."""
    for tensor, rank, description in (
        (logits, 3, "Logits must be a [batch_size x sequence_length x logits] tensor"),
        (targets, 2, "Targets must be a [batch_size x sequence_length] tensor"),
        (weights, 2, "Weights must be a [batch_size x sequence_length] tensor"),
    ):
        if convert_to_tensor(tensor).shape.ndims != rank:
            raise ValueError(description)
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError(
            "average_across_timesteps and sum_over_timesteps cannot be set to True at same time."
        )
    if average_across_batch and sum_over_batch:
        raise ValueError(
            "average_across_batch and sum_over_batch cannot be set to True at same time."
        )
    with name_scope(name, "sequence_loss", [logits, targets, weights]):
        logits, weights = convert_to_tensor(logits), convert_to_tensor(weights)
        classes = array_ops.shape(logits)[2]
        logits_flat = array_ops.reshape(logits, [-1, classes])
        targets = array_ops.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = softmax_ops.sparse_softmax_cross_entropy_with_logits(
                labels=targets, logits=logits_flat
            )
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= array_ops.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return math_ops.div_no_nan(math_ops.reduce_sum(crossent), math_ops.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            count = math_ops.cast(math_ops.count_nonzero(weights), dtypes.float32)
            return math_ops.div_no_nan(math_ops.reduce_sum(crossent), count)
        crossent = array_ops.reshape(crossent, array_ops.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            total = math_ops.reduce_sum(weights, axis=axis)
            return math_ops.div_no_nan(math_ops.reduce_sum(crossent, axis=axis), total)
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            count = math_ops.cast(math_ops.count_nonzero(weights, axis=axis), dtypes.float32)
            return math_ops.div_no_nan(math_ops.reduce_sum(crossent, axis=axis), count)
        return crossent


__all__ = ["sequence_loss"]

__getattr__ = _unsupported_hook("tf.contrib.seq2seq", globals())
