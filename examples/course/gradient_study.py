"""The course's gradient study: a six-layer relu network on iris, with the gradient of each
layer's kernel from compute_gradients, to see how it changes from the first layer to the
last as training goes."""

import numpy as np
from _engine import tf

from tinytf.datasets.iris import load_iris

SIZES = [4, 16, 16, 16, 16, 16, 3]
features, labels = load_iris()
features = (features - features.mean(axis=0)) / features.std(axis=0)
rng = np.random.default_rng(0)
kernels = [
    (rng.normal(size=(fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:], strict=True)
]

x = tf.placeholder(tf.float32, [None, 4], name="x")
y_ = tf.placeholder(tf.int64, [None], name="y_")
net = x
for layer, kernel in enumerate(kernels, start=1):
    activation = tf.nn.relu if layer < len(kernels) else None
    net = tf.layers.dense(
        net,
        kernel.shape[1],
        activation=activation,
        name=f"layer{layer}",
        kernel_initializer=tf.constant_initializer(kernel),
    )
loss = tf.losses.sparse_softmax_cross_entropy(y_, net)

kernel_variables = [v for v in tf.trainable_variables() if v.name.endswith("kernel:0")]
optimizer = tf.train.GradientDescentOptimizer(0.05)
grads_and_vars = optimizer.compute_gradients(loss, var_list=kernel_variables)
train = optimizer.apply_gradients(grads_and_vars)
norms = [tf.sqrt(tf.reduce_sum(tf.square(grad))) for grad, _ in grads_and_vars]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: features, y_: labels}
    for step in range(301):
        if step % 100 == 0:
            loss_value, norm_values = sess.run([loss, norms], feed)
            layers = " ".join(f"{norm:.3e}" for norm in norm_values)
            print(
                f"step {step:3d}: loss {loss_value:.5f}; kernel gradient norms, layer 1 "
                f"to 6: {layers}"
            )
        sess.run(train, feed)
