"""Questions 9-10: batch norm's statistics at inference, and batch norm against vanishing
gradients."""

import tempfile

import numpy as np

from tinytf.course.questions import Question


def batch_norm_at_inference(tf):
    rng = np.random.default_rng(0)
    data = rng.normal(5.0, 3.0, size=(256, 4)).astype(np.float32)  # mean 5, std 3
    x = tf.placeholder(tf.float32, [None, 4])
    training = tf.placeholder_with_default(False, [])
    out = tf.layers.batch_normalization(x, training=training, momentum=0.9, name="bn")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        step = tf.identity(out)  # running it updates the moving averages
    saver = tf.train.Saver()
    folder = tempfile.mkdtemp()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for start in range(0, 256 * 20, 32):
            batch = data[start % 256 : start % 256 + 32]
            sess.run(step, {x: batch, training: True})
        path = saver.save(sess, folder + "/bn")
    print("saved:", [name for name, _ in tf.train.list_variables(path)])
    one = data[:1]
    with tf.Session() as sess:
        saver.restore(sess, path)
        mean, variance = sess.run(["bn/moving_mean:0", "bn/moving_variance:0"])
        print("moving mean", np.round(mean, 2), " moving variance", np.round(variance, 2))
        print("one example, training=False:", np.round(sess.run(out, {x: one}), 3))
        print("same example in a batch of 8:", np.round(sess.run(out, {x: data[:8]})[:1], 3))
        print("one example, training=True: ", sess.run(out, {x: one, training: True}))


def batch_norm_and_gradients(tf):
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(64, 16)).astype(np.float32)
    labels = rng.integers(0, 2, size=64)
    x = tf.placeholder(tf.float32, [None, 16])
    norms = {}
    for use_batch_norm in (False, True):
        name = "with batch norm" if use_batch_norm else "without"
        hidden = x
        with tf.variable_scope(name.replace(" ", "_")):
            for layer in range(10):
                scale = np.sqrt(1.0 / 16)  # Xavier-like weights
                kernel = tf.constant_initializer(rng.normal(0, scale, (16, 16)))
                hidden = tf.layers.dense(hidden, 16, kernel_initializer=kernel, name=f"d{layer}")
                if use_batch_norm:
                    hidden = tf.layers.batch_normalization(hidden, training=True, name=f"bn{layer}")
                hidden = tf.sigmoid(hidden)
            logits = tf.layers.dense(hidden, 2, name="out")
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        kernels = [
            v
            for v in tf.trainable_variables()
            if v.name.startswith(name.replace(" ", "_")) and "kernel" in v.name
        ]
        gradients = tf.gradients(loss, kernels)
        norms[name] = [tf.sqrt(tf.reduce_sum(tf.square(grad))) for grad in gradients]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(norms, {x: inputs})
    for name, layer_norms in values.items():
        print(
            f"{name:15}: gradient norm, layer 1 {layer_norms[0]:.2e}, layer 10 "
            f"{layer_norms[9]:.2e}, output {layer_norms[10]:.2e}"
        )
    return values


def _draw_norms(values):
    from tinytf.course import plots

    figure, (axes,) = plots.figure(width=4.6, height=2.6)
    for index, (name, layer_norms) in enumerate(values.items()):
        axes.plot(
            range(1, len(layer_norms) + 1),
            layer_norms,
            plots.LINE_STYLES[index],
            marker="o",
            label=name,
        )
    axes.set(
        yscale="log",
        xlabel="layer (1 = next to the input, 11 = output)",
        ylabel="kernel gradient norm",
    )
    axes.grid(alpha=0.3)
    axes.legend()
    return figure, (
        "Each layer's kernel gradient norm at initialisation, ten sigmoid layers, with and "
        "without batch norm. Notice: without it the norm falls by orders of magnitude "
        "towards the input; with it the profile is almost flat."
    )


QUESTIONS = [
    Question(
        9,
        "Batch norm normalises with the batch's statistics: which ones does it use at "
        "inference, on a single example?",
        batch_norm_at_inference,
        "While training (`training=True`) a batch-norm layer standardises with the "
        "batch's own mean and variance, and each step also moves two extra variables, "
        "`moving_mean` and `moving_variance`, towards them (the update ops, which the "
        "training step must run). These are saved in the checkpoint with the weights. "
        "With `training=False` the layer uses them instead, so one example gives the same "
        "output alone or in any batch. A single example with `training=True` would be "
        "standardised by its own statistics: all zeros, as printed.",
    ),
    Question(
        10,
        "Batch norm acts in the forward pass: does it really help vanishing gradients?",
        batch_norm_and_gradients,
        "Yes, through the forward pass: the backward pass multiplies by each layer's "
        "activation slope at the forward values. Batch norm keeps every pre-activation "
        "standardised, where the sigmoid's slope is near its maximum 1/4, instead of "
        "drifting into the flat tails; and its own gradient divides by the batch's "
        "standard deviation, rescaling the error on the way down. The norms at "
        "initialisation show it; Lab 4 shows it during training.",
        _draw_norms,
    ),
]
