"""Questions 13-16: what a network costs, its hidden units seen over the plane, what sets the
speed of convergence, and symbolic differentiation against autodiff."""

import time

import numpy as np

from tinytf.course.questions import Question
from tinytf.datasets import make_circles, make_moons

DEPTHS = (2, 4, 6, 8)  # question 16's nesting depths


def network_cost(tf):
    x = tf.placeholder(tf.float32, [None, 784])
    hidden1 = tf.layers.dense(x, 512, tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, 256, tf.nn.relu, name="hidden2")
    logits = tf.layers.dense(hidden2, 10, name="logits")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.zeros([tf.shape(x)[0]], tf.int64), logits=logits
        )
    )
    train = tf.train.AdamOptimizer(0.001).minimize(loss)
    print("layer     parameters  multiply-adds per example  activations per example")
    for layer in ("hidden1", "hidden2", "logits"):
        kernel, bias = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=layer)
        fan_in, fan_out = kernel.shape.as_list()
        print(f"{layer:8}  {fan_in * fan_out + fan_out:10,}  {fan_in * fan_out:25,}  {fan_out:23,}")
    count = sum(int(np.prod(v.shape.as_list())) for v in tf.trainable_variables())
    print(f"weights: {count:,} floats = {4 * count / 2**20:.1f} MiB; Adam keeps 2 more copies")
    batch = np.random.default_rng(0).random((100, 784), dtype=np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, fetch in (("forward only", logits), ("training step", train)):
            sess.run(fetch, {x: batch})  # the first run compiles the plan
            start = time.perf_counter()
            for _ in range(20):
                sess.run(fetch, {x: batch})
            print(f"{name}, batch of 100: {(time.perf_counter() - start) / 20 * 1000:.2f} ms")


def hidden_units_over_the_plane(tf):
    points, classes = make_circles(1000, seed=0)
    x = tf.placeholder(tf.float32, [None, 2])
    hidden = tf.layers.dense(x, 8, tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 2, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(classes, logits)
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    grid = np.stack(np.meshgrid(np.linspace(-1.5, 1.5, 80), np.linspace(-1.5, 1.5, 80)), -1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(300):
            sess.run(train, {x: points})
        responses = sess.run(hidden, {x: grid.reshape(-1, 2)}).reshape(80, 80, 8)
        accuracy = np.mean(sess.run(logits, {x: points}).argmax(1) == classes)
    print(f"accuracy {accuracy:.1%}; each hidden unit's output over the plane is drawn below")
    return responses


def _draw_units(responses):
    from tinytf.course import plots

    # Row 0 of the grid is y = -1.5: flip it so that y grows upwards, as on a plot.
    images = [responses[::-1, :, unit] for unit in range(responses.shape[2])]
    figure = plots.image_grid(
        images,
        [f"unit {unit}" for unit in range(8)],
        columns=4,
        size=1.4,
        cmap="viridis",
        fontsize=9,
    )
    return figure, (
        "The output of each of the 8 hidden relu units over the plane $[-1.5, 1.5]^2$ (dark: "
        "0, bright: large). Notice: each unit is a ramp, zero on one side of a line and "
        "rising on the other; the output layer adds these ramps up into the ring that "
        "separates the circles."
    )


def convergence_sweep(tf):
    points, classes = make_moons(512, seed=0)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.int64, [None])
    rate = tf.placeholder(tf.float32, [])
    scale = tf.placeholder_with_default(1.0, [])
    hidden = tf.layers.dense(x * scale, 32, tf.nn.tanh, name="hidden")
    logits = tf.layers.dense(hidden, 2, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    train = tf.train.GradientDescentOptimizer(rate).minimize(loss)
    rng = np.random.default_rng(0)
    sweeps = {"learning rate": {}, "batch size": {}, "initial weights": {}}
    settings = [("learning rate", f"{lr:g}", lr, 32, 1.0) for lr in (0.01, 0.1, 1.0, 5.0)]
    settings += [("batch size", str(b), 0.5, b, 1.0) for b in (4, 32, 512)]
    settings += [("initial weights", f"x{s:g}", 0.5, 32, s) for s in (0.05, 1.0, 20.0)]
    with tf.Session() as sess:
        for sweep, label, lr, batch_size, init in settings:
            sess.run(tf.global_variables_initializer())
            curve = []
            for step in range(300):
                rows = rng.integers(0, len(points), batch_size)
                sess.run(train, {x: points[rows], y: classes[rows], rate: lr, scale: init})
                if step % 10 == 9:
                    curve.append(sess.run(loss, {x: points, y: classes, scale: init}))
            sweeps[sweep][label] = curve
            print(f"{sweep:15} {label:>5}: loss after 300 steps {curve[-1]:.3f}")
    return sweeps


def _draw_sweep(sweeps):
    from tinytf.course import plots

    figure, axes = plots.figure(1, 3, width=2.15, height=2.5)
    for panel, (sweep, curves) in zip(axes, sweeps.items(), strict=True):
        steps = np.arange(1, 31) * 10
        plots.curves(
            panel,
            {label: (steps, curve) for label, curve in curves.items()},
            "step",
            "training loss" if panel is axes[0] else "",
            sweep,
            log=True,
            legend="lower left",
        )
    return figure, (
        "Full-data loss while training the same network with plain gradient descent, one "
        "setting changed at a time (rate 0.5, batch 32, Glorot weights otherwise; the "
        "initial-weights panel scales the input, which scales every first-layer "
        "pre-activation like larger weights). Notice: too small a rate crawls and too large "
        "a one is erratic; small batches take noisy steps; tiny pre-activations (x0.05) "
        "give tiny gradients and crawl, saturated tanh units (x20) learn slowly too."
    )


def symbolic_against_autodiff(tf):
    import sympy

    print("depth  sympy: size of f'  time    autodiff: ops in gradient graph  time")
    sizes = {"SymPy, f'": [], "autodiff graph": []}
    for depth in DEPTHS:
        symbol = sympy.Symbol("x")
        f = symbol
        for _ in range(depth):
            f = sympy.sin(f) * f  # each layer uses the previous one twice
        start = time.perf_counter()
        derivative = sympy.diff(f, symbol)
        symbolic_seconds = time.perf_counter() - start
        size = sympy.count_ops(derivative)
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [])
            y = x
            for _ in range(depth):
                y = tf.sin(y) * y
            start = time.perf_counter()
            (gradient,) = tf.gradients(y, [x])
            with tf.Session() as sess:
                sess.run(gradient, {x: 0.5})
            autodiff_seconds = time.perf_counter() - start
            ops = len(tf.get_default_graph().get_operations())
        sizes["SymPy, f'"].append(size)
        sizes["autodiff graph"].append(ops)
        print(
            f"{depth:5}  {size:18,}  {symbolic_seconds:6.3f} s  {ops:31}  {autodiff_seconds:.3f} s"
        )
    return sizes


def _draw_sizes(sizes):
    from tinytf.course import plots

    figure, (axes,) = plots.figure(width=4.6, height=2.6)
    plots.curves(
        axes,
        {name: (DEPTHS, values) for name, values in sizes.items()},
        "depth (nested sin(f)·f)",
        "operations",
        log=True,
        legend="upper left",
    )
    return figure, (
        "Size of the derivative of $f_d = sin(f_(d-1)) f_(d-1)$ as SymPy writes it, and the "
        "number of ops in tinytf's graph of the function and its gradient. Notice: the "
        "symbolic expression doubles with every level, since the previous layer appears "
        "twice; the gradient graph grows by a constant "
        "number of ops per level, because autodiff reuses every intermediate value."
    )


QUESTIONS = [
    Question(
        13,
        "What does a network cost in time and memory?",
        network_cost,
        "A dense layer from $n$ to $m$ units has $n m + m$ parameters and needs $n m$ "
        "multiply-adds per example; the MNIST MLP is dominated by its first layer. Memory "
        "is the weights (4 bytes each), the optimizer's slots (Adam keeps two per weight), "
        "and the activations of a batch, which backpropagation keeps until the backward "
        "pass. A training step costs several forward passes: backward needs two matrix "
        "products per layer (one for the weights' gradient, one for the error passed "
        "down), and the optimizer updates every weight and both of its slots. The measured "
        "times depend on the machine and its load.",
    ),
    Question(
        14,
        "Can the hidden layers be visualised?",
        hidden_units_over_the_plane,
        "On 2-D data, yes, completely: evaluate the hidden layer at every point of a grid "
        "and draw each unit as an image. A relu unit computes $max(0, w dot x + b)$: zero "
        "on one side of a line, a ramp on the other. The output layer's logits are "
        "weighted sums of these ramps, so the decision boundary is made of straight "
        "pieces. For images, Lab 3 shows what the MNIST MLP's units respond to.",
        _draw_units,
    ),
    Question(
        15,
        "What sets the speed of convergence?",
        convergence_sweep,
        "The step the optimizer takes: its size (the learning rate times the gradient), "
        "its noise (the batch size: a small batch gives cheap but noisy gradients), and "
        "how large the gradients are to begin with (the initial weights: units saturated "
        "at the start pass back little gradient). One sweep per factor, the others fixed, "
        "shows each effect on the same network.",
        _draw_sweep,
    ),
    Question(
        16,
        "Symbolic differentiation (SymPy) against automatic differentiation: time and "
        "expression size on the same deep function?",
        symbolic_against_autodiff,
        "Both are exact. Symbolic differentiation returns a formula: for a function that "
        "uses an intermediate result twice, the formula repeats it, and the repetitions "
        "multiply with depth, unless shared subexpressions are found again afterwards. "
        "Reverse-mode autodiff differentiates the program instead: it keeps each "
        "intermediate value once and adds a fixed number of gradient ops per forward op, "
        "so the gradient costs a small constant times the function. That is why "
        "networks with millions of parameters are trained with autodiff.",
        _draw_sizes,
    ),
]
