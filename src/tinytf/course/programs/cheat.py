"""Lab 5's program: credit-card fraud (about 0.2% of the transactions) with an MLP whose one
output is the probability of fraud, trained with the plain, the class-weighted or the focal
sigmoid cross-entropy.

Run on its own, it trains with the plain and the class-weighted loss and prints each one's
precision and recall on held-out transactions, at the threshold 0.5:

    python -m tinytf.course.programs.cheat [--engine tensorflow] [--epochs 10]
"""

from __future__ import annotations

import numpy as np

from tinytf.course.programs import command_line
from tinytf.course.programs.pieces import dense_stack, train
from tinytf.datasets import load_creditcard

FOCAL_ALPHA = 0.25  # and the focusing power γ = 2: the square below


def classifier(tf, features, hidden, activation, generator, method="baseline", positive_weight=1):
    """x [None, features], y [None, 1] (1 for fraud), the logits of an MLP and the loss:
    sigmoid cross-entropy, weighted for `method` "class-weighted loss" (a fraud counts
    `positive_weight` times) or focal for "focal loss"."""
    x = tf.placeholder(tf.float32, [None, features], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    logits = dense_stack(tf, x, [*hidden, 1], activation, generator)
    cross_entropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)
    if method == "class-weighted loss":
        loss = tf.reduce_mean((1.0 + (positive_weight - 1.0) * y) * cross_entropy)
    elif method == "focal loss":
        # Lin et al.'s focal loss: (1 - p_t)^γ shrinks the loss of rows already classified well.
        probability = tf.sigmoid(logits)
        p_true = y * probability + (1.0 - y) * (1.0 - probability)
        alpha = y * FOCAL_ALPHA + (1.0 - y) * (1.0 - FOCAL_ALPHA)
        loss = tf.reduce_mean(alpha * tf.square(1.0 - p_true) * cross_entropy)
    else:
        loss = tf.reduce_mean(cross_entropy)
    return x, y, logits, loss


def main(argv=None):
    tf, arguments = command_line(__doc__, argv, epochs=10, batch_size=128)
    cards = load_creditcard(download_missing=False, progress=False)
    order = np.random.default_rng(0).permutation(len(cards.labels))
    train_rows, test_rows = order[: len(order) * 7 // 10], order[len(order) * 7 // 10 :]
    mean, std = cards.features[train_rows].mean(axis=0), cards.features[train_rows].std(axis=0)
    features = ((cards.features - mean) / (std + 1e-8)).astype(np.float32)
    labels = cards.labels[:, None].astype(np.float32)
    train_labels = cards.labels[train_rows]
    weight = float(np.sum(train_labels == 0) / np.sum(train_labels == 1))
    for method in ("baseline", "class-weighted loss"):
        generator = np.random.default_rng(0)
        with tf.Graph().as_default():
            x, y, logits, loss = classifier(tf, 28, (16,), "relu", generator, method, weight)
            train_op = tf.train.AdamOptimizer(0.001).minimize(loss)
            flagged = tf.cast(tf.sigmoid(logits) >= 0.5, tf.float32)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                train(
                    sess,
                    train_op,
                    x,
                    y,
                    features[train_rows],
                    labels[train_rows],
                    arguments.epochs,
                    arguments.batch_size,
                    generator,
                )
                predicted = sess.run(flagged, {x: features[test_rows]})[:, 0]
        truth = cards.labels[test_rows]
        caught = int(np.sum((predicted == 1) & (truth == 1)))
        print(
            f"{method}: {int(truth.sum())} frauds among {len(truth)} held-out rows, "
            f"{int(predicted.sum())} flagged, {caught} caught; precision "
            f"{caught / max(predicted.sum(), 1):.4f}, recall {caught / truth.sum():.4f}"
        )


if __name__ == "__main__":
    main()
