"""Questions 11-12: class imbalance through the loss, and over-sampling with and without noise."""

import numpy as np

from tinytf.course.questions import Question


def _imbalanced(rng, negatives, positives, features=2, shift=1.6):
    x = np.concatenate(
        [rng.normal(size=(negatives, features)), rng.normal(shift, 1.0, size=(positives, features))]
    ).astype(np.float32)
    y = np.concatenate([np.zeros(negatives), np.ones(positives)]).astype(np.float32)
    return x, y


def loss_for_imbalance(tf):
    rng = np.random.default_rng(0)
    train_x, train_y = _imbalanced(rng, 4000, 40)  # 1% positives
    test_x, test_y = _imbalanced(rng, 4000, 40)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None])
    weight = float((train_y == 0).sum() / (train_y == 1).sum())
    losses = {}
    for name in ("plain", "class-weighted", "focal"):
        with tf.variable_scope(name):
            logits = tf.squeeze(tf.layers.dense(tf.layers.dense(x, 8, tf.nn.relu), 1), 1)
        if name == "plain":
            loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)
        elif name == "class-weighted":
            loss = tf.nn.weighted_cross_entropy_with_logits(y, logits, pos_weight=weight)
        else:
            p = tf.sigmoid(logits)
            p_true = y * p + (1 - y) * (1 - p)
            alpha = y * 0.25 + (1 - y) * 0.75
            loss = (
                alpha
                * (1 - p_true) ** 2
                * tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)
            )
        loss = tf.reduce_mean(loss)
        losses[name] = (tf.train.AdamOptimizer(0.02).minimize(loss), tf.sigmoid(logits))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, (train, probability) in losses.items():
            for _ in range(300):
                sess.run(train, {x: train_x, y: train_y})
            flagged = sess.run(probability, {x: test_x}) > 0.5
            caught = np.sum(flagged & (test_y == 1))
            print(
                f"{name:14}: at threshold 0.5, {caught} of 40 positives caught, "
                f"{np.sum(flagged)} rows flagged (precision {caught / max(1, flagged.sum()):.2f})"
            )


def oversampling(tf):
    rng = np.random.default_rng(1)
    train_x, train_y = _imbalanced(rng, 2000, 12, features=20, shift=0.6)
    test_x, test_y = _imbalanced(rng, 2000, 200, features=20, shift=0.6)
    positives = train_x[train_y == 1]
    copies = positives[rng.integers(0, len(positives), 1988)]
    sets = {
        "repeated rows": copies,
        "repeated + noise": copies + rng.normal(0, 0.5, copies.shape).astype(np.float32),
    }
    x = tf.placeholder(tf.float32, [None, 20])
    y = tf.placeholder(tf.float32, [None])
    hidden = tf.layers.dense(x, 32, tf.nn.relu)
    logits = tf.squeeze(tf.layers.dense(hidden, 1), 1)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    for name, extra in sets.items():
        features = np.concatenate([train_x, extra])
        labels = np.concatenate([train_y, np.ones(len(extra), np.float32)])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(200):
                sess.run(train, {x: features, y: labels})
            final_loss = sess.run(loss, {x: features, y: labels})
            seen = sess.run(logits, {x: positives}) > 0
            unseen = sess.run(logits, {x: test_x[test_y == 1]}) > 0
            print(
                f"{name:16}: the 12 training positives recalled {seen.mean():.0%}, "
                f"200 new positives recalled {unseen.mean():.0%}, loss {final_loss:.3f}"
            )


QUESTIONS = [
    Question(
        11,
        "Can class imbalance be fixed through the loss (weights, focal loss)?",
        loss_for_imbalance,
        "With 1% positives the plain cross-entropy is lowest for a model that rarely "
        "says positive, so at the usual threshold it catches few. Weighting each "
        "positive's term by $N_0 \\/ N_1$ (`tf.nn.weighted_cross_entropy_with_logits`) "
        "has the same effect on the gradient as over-sampling positives that often, "
        "without copying data: many more are caught, at the price of more false alarms. "
        "The focal loss shrinks the terms of examples already classified well, so the "
        "hard ones dominate; its $alpha = 0.25$ still favours the negatives, so at the "
        "0.5 threshold it does not raise recall by itself. In every case the threshold is "
        "a second dial: choose it on validation data, as Lab 5 does.",
    ),
    Question(
        12,
        "Does over-sampling the same rows over-fit, and does adding noise help?",
        oversampling,
        "Repeating 12 positive rows 166 times each lets a network memorise those points: it "
        "recalls all of them, while on new positives it does much worse. Gaussian noise on "
        "each copy turns the points into small clouds, so the network must learn a "
        "region rather than the points; here that raises the recall of new positives "
        "(Lab 5 measures the same on the real transactions, where SMOTE interpolates "
        "between neighbours instead).",
    ),
]
