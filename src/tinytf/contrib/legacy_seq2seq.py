"""`tf.contrib.legacy_seq2seq`: the per-example and batch losses of lists of time steps."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.framework.graph import name_scope
from tinytf.ops import array_ops, math_ops, softmax_ops


def sequence_loss_by_example(
    logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None, name=None
):
    """Per example: the sum over steps of cross-entropy * weight, divided by the sum of the
    weights (+1e-12) if `average_across_timesteps`. Arguments are lists, one per step, of
    logits [batch, classes], int targets [batch] and weights [batch]."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(
            "Lengths of logits, weights, and targets must be the same "
            f"{len(logits)}, {len(weights)}, {len(targets)}."
        )
    with name_scope(name, "sequence_loss_by_example", logits + targets + weights):
        terms = []
        for logit, target, weight in zip(logits, targets, weights, strict=True):
            if softmax_loss_function is None:
                crossent = softmax_ops.sparse_softmax_cross_entropy_with_logits(
                    labels=array_ops.reshape(target, [-1]), logits=logit
                )
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            terms.append(crossent * weight)
        log_perplexities = math_ops.add_n(terms)
        if average_across_timesteps:
            total = math_ops.add_n(weights) + 1e-12  # all-zero weights divide by almost 0
            log_perplexities /= total
    return log_perplexities


def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    softmax_loss_function=None,
    name=None,
):
    """sequence_loss_by_example summed over the batch, divided by the batch size if
    `average_across_batch`."""
    with name_scope(name, "sequence_loss", logits + targets + weights):
        cost = math_ops.reduce_sum(
            sequence_loss_by_example(
                logits,
                targets,
                weights,
                average_across_timesteps=average_across_timesteps,
                softmax_loss_function=softmax_loss_function,
            )
        )
        if average_across_batch:
            batch = array_ops.shape(targets[0])[0]
            return cost / math_ops.cast(batch, cost.dtype)
        return cost


__all__ = ["sequence_loss", "sequence_loss_by_example"]

__getattr__ = _unsupported_hook("tf.contrib.legacy_seq2seq", globals())
