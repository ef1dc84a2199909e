"""Questions 1-5: graphs and sessions, fetch order, gradients by hand, variables by name."""

import time

import numpy as np

from tinytf.course.questions import Question

# tf.enable_eager_execution() switches a whole program to eager mode at its start; to show
# both modes in one run, this program uses the context manager TensorFlow has for that.
from tinytf.eager.context import eager_mode


def static_and_dynamic(tf):
    a = tf.constant(3.0, name="a")
    b = tf.constant(4.0, name="b")
    c = tf.sqrt(a * a + b * b, name="c")
    print("c before any session:", c)  # a node of the graph: nothing is computed yet
    print("the graph:", [op.type for op in tf.get_default_graph().get_operations()])
    with tf.Session() as sess:
        print("c from sess.run:", sess.run(c))
    # One least-squares model, 100 steps: a graph run by a session, then eager, then traced.
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(64, 3)).astype(np.float32)
    y_data = x_data @ np.array([[1.0], [-2.0], [0.5]], np.float32)
    w = tf.Variable(tf.zeros([3, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x_data, w) - y_data))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        start = time.perf_counter()
        losses = {"graph + Session": [sess.run([train, loss])[1] for _ in range(100)]}
        seconds = {"graph + Session": time.perf_counter() - start}
    with eager_mode():  # ops now run as they are built: no graph, no session
        for name, wrap in (("eager", lambda f: f), ("tf.function", tf.function)):
            w = tf.Variable(tf.zeros([3, 1]))
            optimizer = tf.train.GradientDescentOptimizer(0.1)

            def train_step(w=w, optimizer=optimizer):  # this run's w and optimizer
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(tf.matmul(x_data, w) - y_data))
                gradients = tape.gradient(loss, [w])
                optimizer.apply_gradients(zip(gradients, [w], strict=True))
                return loss

            step = wrap(train_step)
            start = time.perf_counter()
            losses[name] = [float(step()) for _ in range(100)]
            seconds[name] = time.perf_counter() - start
        traced_source = step.get_concrete_function().plan_source()
    for name in losses:
        print(
            f"{name:>15}: loss after 1, 10, 100 steps {losses[name][0]:.4f} "
            f"{losses[name][9]:.4f} {losses[name][99]:.6f}; {seconds[name] * 1e4:.0f} us/step"
        )
    print("the traced function's compiled plan (its first lines):")
    print("\n".join(traced_source.splitlines()[:12]))


def session_as_function(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.sigmoid(tf.matmul(x, w), name="y")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("y:", sess.run(y, {x: [[1.0, -1.0]]}))
        sess.run(w.assign([[0.0], [0.0]]))  # state lives in the session, not in arguments
        print("y after w changed:", sess.run(y, {x: [[1.0, -1.0]]}))
        # tinytf compiles each (fetches, feeds) signature into a Python function:
        (plan,) = [plan for plan in sess._plans.values() if y in plan.fetches]
        print(plan.source)


def fetch_order(tf):
    w = tf.Variable(1.0, name="w")
    loss = tf.square(w)
    train = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _, first = sess.run([train, loss])
        print("[train, loss] -> loss", first, "; w is now", sess.run(w))
        sess.run(w.assign(1.0))
        second, _ = sess.run([loss, train])
        print("[loss, train] -> loss", second, "; w is now", sess.run(w))
        print("loss in the next run:", sess.run(loss))


def clipped_gradients(tf):
    x = tf.placeholder(tf.float32, [None], name="x")
    w = tf.Variable(2.0, name="w")
    loss = tf.reduce_mean(tf.square(w * x - 1.0))
    optimizer = tf.train.GradientDescentOptimizer(0.01)
    grads_and_vars = optimizer.compute_gradients(loss)
    clipped = [(tf.clip_by_value(grad, -5.0, 5.0), var) for grad, var in grads_and_vars]
    steps = {"minimize": optimizer.minimize(loss), "clipped": optimizer.apply_gradients(clipped)}
    feed = {x: np.array([10.0, 20.0], np.float32)}  # large inputs: a steep loss
    for name, step in steps.items():
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([step, loss], feed)[1] for _ in range(6)]
            print(f"{name:8}: loss", " ".join(f"{value:.3g}" for value in losses))


def variables_by_name(tf):
    first = tf.Variable(0.0, name="b")
    second = tf.get_variable("b", [1])
    print("tf.Variable(name='b'):", first.name, "  tf.get_variable('b'):", second.name)
    try:
        tf.get_variable("b", [1])  # what running the same Jupyter cell twice does
    except ValueError as error:
        print("again: ValueError:", str(error).splitlines()[0])
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2])
    with tf.variable_scope("layer", reuse=True):
        shared = tf.get_variable("w", [2])
    print("reuse=True gives the same variable:", shared is w, w.name)


QUESTIONS = [
    Question(
        1,
        "Could TensorFlow add the session and the run step automatically? How do static "
        "and dynamic graphs differ?",
        static_and_dynamic,
        "In TensorFlow 1.x the program first builds a static graph: `c` is a node, not a "
        "number, until a session runs it. The graph is data: it can be differentiated "
        "(`minimize` adds the gradient ops), pruned to what a fetch needs, compiled, saved "
        "and run many times with new inputs, as the placeholder shows. In a dynamic "
        "(eager) framework every line computes at once, which is easier to debug but leaves "
        "nothing to optimise ahead. TensorFlow 2 does add the session automatically: eager "
        "by default, and `tf.function` traces a Python function into a graph and runs it, "
        "the session and `run` hidden inside. tinytf has all three on the same kernels: "
        "the same model trained as a graph in a session, eagerly (`tf.GradientTape` "
        "records the ops and replays their registered gradients), and as a `tf.function` "
        "(traced once into a graph and run as a compiled plan) gives the same losses. "
        "Eager mode pays Python's cost for every op of every step; the traced function "
        "costs about what the session does, since it is one.",
    ),
    Question(
        2,
        "Is a session a function? How does it differ from a Python function?",
        session_as_function,
        "`sess.run(y, feed_dict)` acts like a function of the fed values, with two "
        "differences. It has state: the variables live in the session, so the same call "
        "gives a new answer after `w.assign`. And it is compiled: the first run of each "
        "set of fetches and feeds prunes and orders the graph once. tinytf makes the "
        "analogy literal: the printed `plan.source` is the Python function it wrote for "
        "this run, one line per op, each intermediate deleted after its last use.",
    ),
    Question(
        3,
        "In `sess.run([train_op, loss])`, does the order matter?",
        fetch_order,
        "No: the list only orders the results. One `run` computes each needed tensor "
        "once, and the loss it returns is the one computed in that run's forward pass, "
        "before the update it feeds: 1.0 both ways, with $w$ moved from 1 to 0.5. The "
        "updated loss appears in the next run.",
    ),
    Question(
        4,
        "Why `compute_gradients` and `apply_gradients` when `minimize` exists?",
        clipped_gradients,
        "`minimize` is exactly the two calls in a row. Splitting them lets the program "
        "change the gradients between: clip them (here by value; `tf.clip_by_global_norm` "
        "rescales all together), add noise, average them over several batches, or log "
        "them for TensorBoard. On this steep loss plain gradient descent overshoots and "
        "diverges, while the clipped steps stay bounded and the loss falls.",
    ),
    Question(
        5,
        "`tf.get_variable` against `tf.Variable`: why does running the cell twice in "
        'Jupyter fail, and in `b = tf.get_variable("b", [1])`, which "b" is which?',
        variables_by_name,
        "`tf.Variable` always makes a new variable and renames it if the name is taken "
        "(b, b_1, ...). `tf.get_variable` looks the name up in the variable scope: a second "
        "call with the same name is an error unless the scope allows reuse, when it "
        "returns the existing variable: that is how layers share weights. Running the cell "
        "again in Jupyter repeats the call in the same default graph, hence the error "
        "(`tf.reset_default_graph()` first avoids it). The Python name `b` is only a "
        'reference; the string "b" names the variable in the graph and in checkpoints, '
        'and here the graph had to call it "b_1" because "b" was taken.',
    ),
]
