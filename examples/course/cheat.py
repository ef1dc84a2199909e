"""The Cheat lab as the course ran it: credit-card fraud with a 28 -> 28 -> 2 network of
sigmoid layers, trained on balanced batches of 25 frauds and 25 normal transactions
(lr 0.5), then precision and recall on held-out transactions."""

import numpy as np
from _engine import DATA_DIR, tf

from tinytf.datasets.creditcard import load_creditcard

data = load_creditcard(data_dir=DATA_DIR, download_missing=False, progress=False)
rng = np.random.default_rng(0)
order = rng.permutation(len(data.labels))
split = int(0.7 * len(order))
train_rows, test_rows = order[:split], order[split:]
mean = data.features[train_rows].mean(axis=0)
std = data.features[train_rows].std(axis=0) + 1e-6
features = ((data.features - mean) / std).astype(np.float32)
one_hot = np.eye(2, dtype=np.float32)[data.labels]
frauds = train_rows[data.labels[train_rows] == 1]
normals = train_rows[data.labels[train_rows] == 0]
kernels = [(0.3 * rng.normal(size=shape)).astype(np.float32) for shape in ((28, 28), (28, 2))]

x = tf.placeholder(tf.float32, [None, 28], name="x")
y_ = tf.placeholder(tf.float32, [None, 2], name="y_")
hidden = tf.layers.dense(
    x,
    28,
    activation=tf.nn.sigmoid,
    name="hidden",
    kernel_initializer=tf.constant_initializer(kernels[0]),
)
y = tf.layers.dense(
    hidden,
    2,
    activation=tf.nn.sigmoid,
    name="output",
    kernel_initializer=tf.constant_initializer(kernels[1]),
)
loss = tf.reduce_mean(tf.square(y - y_))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
predicted_fraud = tf.argmax(y, 1)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1000):
        batch = np.concatenate([rng.choice(frauds, 25), rng.choice(normals, 25)])
        _, loss_value = sess.run([train, loss], {x: features[batch], y_: one_hot[batch]})
        if step % 200 == 0:
            print(f"step {step:4d}: balanced batch loss {loss_value:.6f}")
    predictions = sess.run(predicted_fraud, {x: features[test_rows]})

truth = data.labels[test_rows]
caught = int(np.sum((predictions == 1) & (truth == 1)))
flagged, actual = int(np.sum(predictions == 1)), int(np.sum(truth == 1))
print(f"held-out transactions {len(truth)}, frauds {actual}, flagged {flagged}, caught {caught}")
print(f"precision {caught / max(flagged, 1):.4f}, recall {caught / max(actual, 1):.4f}")
