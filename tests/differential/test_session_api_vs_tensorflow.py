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
        "dtypes": [x.dtype.name, flags.dtype.name, tf.int64.name],
        "shape": (y.get_shape().as_list(), y.shape[1].value if hasattr(y.shape[1], "value")
                  else y.shape[1]),
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
    return {"same": first is second, "name": second.name,
            "variables": [v.name for v in tf.global_variables()]}


def checkpoints_and_writers(tf, folder):
    step = tf.train.get_or_create_global_step()
    weights = tf.Variable([1.0, 2.0], name="weights")
    advance = tf.assign_add(step, 1)
    saver = tf.train.Saver(max_to_keep=2)
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
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
        "global step": tf.train.get_global_step().name, "weights": weights.name,
        "latest": os.path.basename(state.model_checkpoint_path),
        "all": [os.path.basename(path) for path in state.all_model_checkpoint_paths],
        "latest_checkpoint": os.path.basename(tf.train.latest_checkpoint(folder)),
        "event files": len([name for name in os.listdir(folder) if "tfevents" in name]),
    }


PROGRAMS = [collections_and_lookups, interactive_eval, scope_reuse, checkpoints_and_writers]


def run(engine, program, folder):
    tf = ENGINES[engine]
    with graph(tf):
        return program(tf, str(folder))


def test_programs_behave_as_in_tensorflow(tmp_path):
    for program in PROGRAMS:
        ours = run("tinytf", program, tmp_path / program.__name__ / "ours")
        theirs = run("tensorflow", program, tmp_path / program.__name__ / "theirs")
        assert ours == theirs, program.__name__
        record("programs")
