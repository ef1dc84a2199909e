"""The graph, session and variable API around the ops: collections, lookups by name,
InteractiveSession and eval, static shapes, scopes' reuse, checkpoint state, writers."""

import os

import numpy as np

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record


def collections_and_lookups(tf, folder):
    graph_object = tf.get_default_graph()
    x = tf.placeholder(tf.float64, [None, 2], name="x")
    w = tf.Variable(np.ones((2, 1)), name="w")
    y = tf.matmul(x, w, name="y")
    tf.add_to_collection("outputs", y)
    flags = tf.constant([True, False], dtype=tf.bool)
    with graph_object.as_default():
        found = graph_object.get_tensor_by_name("y:0")
    return {
        "collection": [t.name for t in tf.get_collection("outputs")],
        "trainable": [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)],
        "found": (found.name, found is y),
        "operation": graph_object.get_operation_by_name("y").type,
        "dtypes": [x.dtype.name, flags.dtype.name, tf.int64.name]
        + [tf.as_dtype(name).name for name in ("float", "double", "int32", "bool")],
        "eagerly": tf.executing_eagerly(),
        "shape": (
            y.get_shape().as_list(),
            y.shape[1].value if hasattr(y.shape[1], "value") else y.shape[1],
        ),
    }


def interactive_eval(tf, folder):
    session = tf.InteractiveSession()
    try:
        counter = tf.Variable(3, name="counter")
        increment = tf.assign_add(counter, 2)
        tf.initialize_all_variables().run()
        increment.op.run()
        doubled = counter * 2
        return {"eval": int(doubled.eval()), "default": tf.get_default_session() is session}
    finally:
        session.close()


def scope_reuse(tf, folder):
    with tf.variable_scope("model") as scope:
        first = tf.get_variable("kernel", [2, 2], initializer=tf.ones_initializer())
        scope.reuse_variables()
        second = tf.get_variable("kernel", [2, 2])
    return {
        "same": first is second,
        "name": second.name,
        "variables": [v.name for v in tf.global_variables()],
    }


def checkpoints_and_writers(tf, folder):
    step = tf.train.get_or_create_global_step()
    weights = tf.Variable([1.0, 2.0], name="weights")
    advance = tf.assign_add(step, 1)
    saver = tf.train.Saver(max_to_keep=2)
    optimizer = tf.OptimizerOptions(opt_level=tf.OptimizerOptions.L0)
    config = tf.ConfigProto(
        allow_soft_placement=True,
        log_device_placement=False,
        gpu_options=tf.GPUOptions(allow_growth=True),
        graph_options=tf.GraphOptions(optimizer_options=optimizer),
    )
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    with tf.Session(config=config) as session:
        writer = tf.summary.FileWriter(folder, session.graph)
        session.run(tf.global_variables_initializer())
        for _ in range(3):
            session.run(advance, options=options, run_metadata=tf.RunMetadata())
            saver.save(session, os.path.join(folder, "model"), global_step=step)
        writer.flush()
        writer.close()
    state = tf.train.get_checkpoint_state(folder)
    return {
        "global step": tf.train.get_global_step().name,
        "weights": weights.name,
        "latest": os.path.basename(state.model_checkpoint_path),
        "all": [os.path.basename(path) for path in state.all_model_checkpoint_paths],
        "latest_checkpoint": os.path.basename(tf.train.latest_checkpoint(folder)),
        "event files": len([name for name in os.listdir(folder) if "tfevents" in name]),
        "options": (
            config.graph_options.optimizer_options.opt_level,
            config.gpu_options.allow_growth,
        ),
    }


def collection_helpers(tf, folder):
    with tf.variable_scope("outer"):
        scope_name = tf.get_variable_scope().name
        weights = tf.get_variable("w", [2], initializer=tf.ones_initializer())
        free = tf.get_variable("free", [2], regularizer=tf.no_regularizer)
    tf.add_to_collections(["first", "second"], weights)
    tf.get_collection_ref("first").append(weights)
    tf.add_to_collection(tf.GraphKeys.MODEL_VARIABLES, weights)
    average = tf.train.ExponentialMovingAverage(0.9)
    average.apply([weights])
    tf.losses.add_loss(tf.reduce_sum(weights))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.nn.l2_loss(weights))
    tf.set_random_seed(3)
    seeds = tf.random.get_seed(5)
    step = tf.train.create_global_step()
    tf.train.assert_global_step(step)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        step_value = tf.train.global_step(session, step)
        total = session.run(tf.losses.get_regularization_loss())
    return {
        "scope": scope_name,
        "collections": [[v.name for v in tf.get_collection(key)] for key in ("first", "second")],
        "model": [v.name for v in tf.model_variables()],
        "averaged": [v.name for v in tf.moving_average_variables()],
        "losses": [t.name for t in tf.losses.get_losses()],
        "regularization": [t.name for t in tf.losses.get_regularization_losses()],
        "step": (step.name, step_value),
        "total": float(total),
        "free": free.name,
        "seeds": seeds,
        "devices": (tf.test.gpu_device_name(), tf.test.is_gpu_available()),
    }


def checkpoint_files(tf, folder):
    weights = tf.Variable(np.arange(6.0).reshape(2, 3), name="weights")
    counter = tf.Variable(7, name="counter")
    saver = tf.train.Saver()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        first = saver.save(session, os.path.join(folder, "model"), global_step=1)
        second = saver.save(session, os.path.join(folder, "model"), global_step=2)
    reader = tf.train.NewCheckpointReader(second)
    result = {
        "listed": tf.train.list_variables(folder),
        "loaded": tf.train.load_variable(folder, "weights").tolist(),
        "reader": (
            reader.has_tensor("counter"),
            int(reader.get_tensor("counter")),
            sorted(reader.get_variable_to_shape_map().items()),
        ),
        "exists": [tf.train.checkpoint_exists(path) for path in (first, second, "nothing")],
        "mtimes": len(tf.train.get_checkpoint_mtimes([first, second])),
        "names": [weights.name, counter.name],
    }
    tf.train.update_checkpoint_state(folder, first, [first])
    result["state"] = os.path.basename(tf.train.latest_checkpoint(folder))
    proto = tf.train.generate_checkpoint_state_proto(folder, second, [first, second])
    result["proto"] = [os.path.basename(path) for path in proto.all_model_checkpoint_paths]
    tf.train.remove_checkpoint(first)
    result["removed"] = tf.train.checkpoint_exists(first)
    return result


def numeric_gradients(tf, folder):
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    y = tf.reduce_sum(tf.square(x), axis=1) * tf.constant([1.0, 3.0], tf.float64)
    start = np.arange(6.0).reshape(2, 3) / 10
    with tf.Session():
        analytic, numeric = tf.test.compute_gradient(x, [2, 3], y, [2], x_init_value=start)
        error = tf.test.compute_gradient_error(x, [2, 3], y, [2], x_init_value=start)
    return {
        "analytic": np.round(analytic, 9).tolist(),
        "numeric": np.round(numeric, 6).tolist(),
        "error below 1e-6": bool(error < 1e-6),
    }


PROGRAMS = [
    collections_and_lookups,
    interactive_eval,
    scope_reuse,
    checkpoints_and_writers,
    collection_helpers,
    checkpoint_files,
    numeric_gradients,
]


def run(engine, program, folder):
    tf = ENGINES[engine]
    folder.mkdir(parents=True)
    with graph(tf):
        return program(tf, str(folder))


def test_programs_behave_as_in_tensorflow(tmp_path):
    for program in PROGRAMS:
        ours = run("tinytf", program, tmp_path / program.__name__ / "ours")
        theirs = run("tensorflow", program, tmp_path / program.__name__ / "theirs")
        assert ours == theirs, program.__name__
        record("programs")


def test_error_classes_and_codes_match_tensorflow():
    ours, theirs = ENGINES["tinytf"].errors, ENGINES["tensorflow"].errors
    names = [name for name in dir(theirs) if name.endswith("Error")]
    assert len(names) >= 16
    for name in names:
        assert issubclass(getattr(ours, name), ours.OpError), name
        if name != "OpError":
            assert (
                getattr(ours, name)(None, None, "m").error_code
                == getattr(theirs, name)(None, None, "m").error_code
            ), name
    codes = [name for name in dir(theirs) if name.isupper()]
    assert [getattr(ours, code) for code in codes] == [getattr(theirs, code) for code in codes]
    record("programs")


def test_logging_writes_what_tensorflow_logs(caplog):
    def story(tf):
        tf.logging.set_verbosity(tf.logging.INFO)
        tf.logging.debug("hidden %d", 1)
        tf.logging.info("info %s", "shown")
        tf.logging.warn("warn")
        tf.logging.warning("warning")
        tf.logging.error("error")
        tf.logging.fatal("fatal")
        tf.logging.log(tf.logging.ERROR, "log")
        tf.logging.vlog(tf.logging.WARN, "vlog")
        tf.logging.log_if(tf.logging.INFO, "if", True)
        tf.logging.TaskLevelStatusMessage("status")
        for index in range(3):  # one counter, so that TensorFlow's per-file count agrees
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, index)
        verbosity = tf.logging.get_verbosity()
        tf.logging.set_verbosity(tf.logging.WARN)
        return verbosity

    records = {}
    for engine, logger in (("tinytf", "tinytf"), ("tensorflow", "tensorflow")):
        caplog.clear()
        with caplog.at_level(0, logger=logger):
            verbosity = story(ENGINES[engine])
        records[engine] = (
            verbosity,
            [
                (record.levelname, record.getMessage())
                for record in caplog.records
                if record.name == logger
            ],
        )
    assert records["tinytf"] == records["tensorflow"]
    record("programs")
