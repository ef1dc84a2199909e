"""Questions 6-8: NaN and Inf, ReLU's dead units, softmax against per-class sigmoids."""

import numpy as np

from tinytf.course.questions import Question
from tinytf.datasets import make_moons, make_spirals


def nan_and_inf(tf):
    zero = tf.constant(0.0)
    with tf.Session() as sess:
        print("log(0) =", sess.run(tf.log(zero)), "  1/0 =", sess.run(1.0 / zero))
        print("0/0 =", sess.run(zero / zero), "  0 * log(0) =", sess.run(zero * tf.log(zero)))
    logits = tf.constant([[120.0, 0.0, -30.0]])
    labels = tf.placeholder(tf.float32, [1, 3])
    probabilities = tf.nn.softmax(logits)  # exp(-150) underflows to 0 in float32
    by_hand = -tf.reduce_sum(labels * tf.log(probabilities))
    fused = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    gradient = tf.gradients(by_hand, logits)[0]
    with tf.Session() as sess:
        print("softmax:", sess.run(probabilities))
        for truth in ([1.0, 0.0, 0.0], [0.0, 0.0, 1.0]):
            feed = {labels: [truth]}
            print(
                f"labels {truth}: by hand",
                sess.run(by_hand, feed),
                " fused",
                sess.run(fused, feed),
                " gradient by hand",
                sess.run(gradient, feed),
            )


def dead_relus(tf):
    points, classes = make_moons(1000, seed=0)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.int64, [None])
    hidden = tf.layers.dense(x, 64, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 2, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(301):
            if step % 150 == 0:
                active = sess.run(hidden, {x: points}) > 0
                accuracy = np.mean(sess.run(logits, {x: points}).argmax(1) == classes)
                print(
                    f"step {step:3d}: active per example {active.mean():.0%}, units never "
                    f"active {np.sum(~active.any(0))} of 64, distinct on/off patterns "
                    f"{len({row.tobytes() for row in active})}, accuracy {accuracy:.1%}"
                )
            sess.run(train, {x: points, y: classes})


def softmax_or_sigmoids(tf):
    points, classes = make_spirals(1500, seed=0)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.one_hot(tf.placeholder_with_default(classes, [None]), 3)
    results = {}
    for name in ("softmax", "sigmoid per class"):
        with tf.variable_scope(name.replace(" ", "_")):
            hidden = tf.layers.dense(x, 32, activation=tf.nn.relu)
            logits = tf.layers.dense(tf.layers.dense(hidden, 32, activation=tf.nn.relu), 3)
        if name == "softmax":
            loss = tf.losses.softmax_cross_entropy(y, logits)
            scores = tf.nn.softmax(logits)
        else:
            loss = tf.losses.sigmoid_cross_entropy(y, logits)
            scores = tf.sigmoid(logits)
        results[name] = (tf.train.AdamOptimizer(0.01).minimize(loss), scores)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, (train, scores) in results.items():
            for _ in range(300):
                sess.run(train, {x: points})
            values = sess.run(scores, {x: points})
            sums = values.sum(axis=1)
            print(
                f"{name:17}: accuracy {np.mean(values.argmax(1) == classes):.1%}, scores "
                f"sum to {sums.min():.3f}..{sums.max():.3f}"
            )
    z = np.array([2.0, -1.0, -1.0])
    with np.errstate(divide="ignore"):
        print("z / sum(z) for z =", z, "->", z / z.sum())
    print("exp(z) / sum(exp(z)) ->", np.round(np.exp(z) / np.exp(z).sum(), 4))


QUESTIONS = [
    Question(
        6,
        "NaN against Inf: where do they come from (log(0), 0/0 in a hand-written "
        "cross-entropy) and how does the fused op avoid both?",
        nan_and_inf,
        "Inf is a number too big to represent (1/0, log(0) = -inf); NaN is a result with no "
        "value at all (0/0, 0 times inf, inf - inf), and it spreads through every later "
        "operation. A hand-written cross-entropy meets both: softmax rounds a small "
        "probability to exactly 0, so a true class with that probability costs "
        "log(0) = inf, and each class with label 0 and probability 0 contributes "
        "0 times -inf = NaN, to the loss or to its gradient. "
        "`softmax_cross_entropy_with_logits` never forms log(softmax): it computes "
        "$log sum_j e^(z_j) - z_y$ with the largest logit subtracted first, which is finite "
        "for any logits, and its gradient is softmax minus the labels.",
    ),
    Question(
        7,
        "Why does ReLU work when it kills half the units?",
        dead_relus,
        "A relu unit is off for the inputs on one side of its hyperplane, not off for "
        "good: each example switches on a different subset, so the network is linear "
        "within each on/off pattern and has hundreds of such pieces, which is how it bends "
        "its boundary. Where a unit is on, its slope is exactly 1, so gradients pass "
        "undiminished (question 10). Sparse activity is cheap and helps the units "
        "specialise. A unit that is off for every input (dead) gets no gradient and never "
        "recovers; count them, as here, and lower the learning rate or use a leaky relu "
        "or elu if there are many.",
    ),
    Question(
        8,
        "Softmax or one sigmoid per class for multi-class output, and why an exponential "
        "rather than `y_k / sum(y)`?",
        softmax_or_sigmoids,
        "Both classify the spirals, but only softmax gives a distribution: its scores sum "
        "to 1, the classes compete, and the cross-entropy gradient is $p - y$. Independent "
        "sigmoids suit multi-label problems (an image may show a cat and a dog); for one "
        "class per example their scores need not sum to 1. Dividing the raw outputs by "
        "their sum fails: outputs can be negative or sum to zero (the printed division by "
        "0), and it is not invariant to shifts. The exponential makes every score "
        "positive, keeps the order of the logits, ignores adding a constant to all of "
        "them, and is what makes the logits log-probabilities, so the loss and its "
        "gradient stay simple.",
    ),
]
