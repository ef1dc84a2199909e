"""The sequence losses of tf.contrib.seq2seq and tf.contrib.legacy_seq2seq, against NumPy."""

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(3)
LOGITS = RNG.normal(size=(2, 3, 4)).astype(np.float32)
TARGETS = RNG.integers(0, 4, size=(2, 3))
WEIGHTS = np.array([[1.0, 1.0, 0.0], [1.0, 0.5, 0.0]], dtype=np.float32)


def crossent():
    shifted = LOGITS - LOGITS.max(axis=2, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    return -np.take_along_axis(log_softmax, TARGETS[..., None], axis=2)[..., 0] * WEIGHTS


def div_no_nan(a, b):
    return np.divide(a, b, out=np.zeros_like(a), where=b != 0)


def run(tensor):
    with tf.Session() as session:
        return session.run(tensor)


@pytest.mark.parametrize(
    "options, expected",
    [
        ({}, lambda c: c.sum() / WEIGHTS.sum()),
        ({"average_across_batch": False}, lambda c: c.sum(1) / WEIGHTS.sum(1)),
        ({"average_across_timesteps": False}, lambda c: div_no_nan(c.sum(0), WEIGHTS.sum(0))),
        (
            {"average_across_timesteps": False, "average_across_batch": False},
            lambda c: c,
        ),
        (
            {
                "average_across_timesteps": False,
                "average_across_batch": False,
                "sum_over_timesteps": True,
                "sum_over_batch": True,
            },
            lambda c: c.sum() / np.count_nonzero(WEIGHTS),
        ),
        (
            {
                "average_across_timesteps": False,
                "average_across_batch": False,
                "sum_over_timesteps": True,
            },
            lambda c: c.sum(1) / np.count_nonzero(WEIGHTS, axis=1),
        ),
    ],
    ids=["mean", "per example", "per step", "none", "sum over all", "sum over time"],
)
def test_sequence_loss_weights_and_averages(options, expected):
    with tf.Graph().as_default():
        loss = tf.contrib.seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, **options)
        np.testing.assert_allclose(run(loss), expected(crossent()), rtol=1e-5)


def test_sequence_loss_wants_3d_logits_and_one_kind_of_reduction():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Logits must be a"):
            tf.contrib.seq2seq.sequence_loss(LOGITS[0], TARGETS, WEIGHTS)
        with pytest.raises(ValueError, match="cannot be set to True at same time"):
            tf.contrib.seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, sum_over_batch=True)


def test_legacy_losses_over_lists_of_steps():
    steps = range(LOGITS.shape[1])
    with tf.Graph().as_default():
        logits = [tf.constant(LOGITS[:, t]) for t in steps]
        targets = [tf.constant(TARGETS[:, t]) for t in steps]
        weights = [tf.constant(WEIGHTS[:, t]) for t in steps]
        by_example = tf.contrib.legacy_seq2seq.sequence_loss_by_example(logits, targets, weights)
        total = tf.contrib.legacy_seq2seq.sequence_loss(logits, targets, weights)
        summed = tf.contrib.legacy_seq2seq.sequence_loss(
            logits, targets, weights, average_across_timesteps=False, average_across_batch=False
        )
        by_example, total, summed = run([by_example, total, summed])
        with pytest.raises(ValueError, match="must be the same 3, 2, 3"):
            tf.contrib.legacy_seq2seq.sequence_loss_by_example(logits, targets, weights[:2])
    per_example = crossent().sum(1) / (WEIGHTS.sum(1) + 1e-12)
    np.testing.assert_allclose(by_example, per_example, rtol=1e-5)
    np.testing.assert_allclose(total, per_example.sum() / 2, rtol=1e-5)
    np.testing.assert_allclose(summed, crossent().sum(), rtol=1e-5)
