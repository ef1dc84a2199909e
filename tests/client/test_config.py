"""Session options: TF 1.x programs build them; tinytf records and ignores them."""

import tinytf as tf


def test_config_proto_fields_and_gpu_options():
    config = tf.ConfigProto(log_device_placement=True, allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    assert config.log_device_placement and config.allow_soft_placement
    assert config.gpu_options.allow_growth
    assert tf.ConfigProto().gpu_options is not tf.ConfigProto().gpu_options  # not shared
    assert tf.ConfigProto().device_count == {}
    options = tf.GPUOptions(per_process_gpu_memory_fraction=0.5)
    assert tf.ConfigProto(gpu_options=options).gpu_options is options
    assert "log_device_placement=True" in repr(config)


def test_a_session_runs_with_config_options_and_metadata():
    config = tf.ConfigProto(intra_op_parallelism_threads=1)
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    metadata = tf.RunMetadata()
    with tf.Session(config=config) as session:
        assert session.run(tf.constant(2.0) * 3.0, options=options, run_metadata=metadata) == 6.0
    assert metadata.partition_graphs == []


def test_graph_and_optimizer_options_nest_as_in_tensorflow():
    optimizer = tf.OptimizerOptions(
        opt_level=tf.OptimizerOptions.L0, global_jit_level=tf.OptimizerOptions.OFF
    )
    config = tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=optimizer))
    assert config.graph_options.optimizer_options.opt_level == -1
    assert tf.ConfigProto().graph_options.optimizer_options.opt_level == 0
    assert tf.ConfigProto().graph_options is not tf.ConfigProto().graph_options
    with tf.Session(config=config) as session:
        assert session.run(tf.constant(1.5)) == 1.5
