"""FileWriter: event files that TensorBoard's own reader loads back."""

import os
import sys

import numpy as np
import pytest

import tinytf as tf
from tests.summary.tensorboard_reading import accumulator, events_in
from tinytf.summary.writer import FileWriterCache


def event_files(logdir):
    return sorted(path for path in logdir.iterdir() if "tfevents" in path.name)


def small_model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.name_scope("layer"):
        weights = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="weights")
        output = tf.matmul(x, weights)
    loss = tf.reduce_mean(tf.square(output), name="mse")
    return x, weights, loss


def test_scalars_histograms_images_and_text_read_back_by_tensorboard(tmp_path, rng):
    x, weights, loss = small_model()
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weights", weights)
    tf.summary.image("input", tf.reshape(x, [-1, 1, 3, 1]), max_outputs=1)
    tf.summary.text("note", tf.constant("step **done**"))
    merged = tf.summary.merge_all()
    batches = [rng.standard_normal((4, 3)).astype(np.float32) for _ in range(3)]
    with tf.Session() as session, tf.summary.FileWriter(tmp_path) as writer:
        session.run(tf.global_variables_initializer())
        for step, batch in enumerate(batches):
            writer.add_summary(session.run(merged, {x: batch}), global_step=10 * step)
        weight_values = session.run(weights)
    events = accumulator(tmp_path)
    expected_losses = [np.mean(np.square(batch @ weight_values)) for batch in batches]
    scalars = events.Scalars("loss")
    assert [event.step for event in scalars] == [0, 10, 20]
    np.testing.assert_allclose([event.value for event in scalars], expected_losses, rtol=1e-6)
    histogram = events.Histograms("weights")[-1].histogram_value
    assert (histogram.min, histogram.max, histogram.num) == (0.0, 5.0, 6)
    assert histogram.sum == 15.0 and histogram.sum_squares == 55.0
    image = events.Images("input/image")[0]
    assert (image.width, image.height) == (3, 1)
    assert image.encoded_image_string.startswith(b"\x89PNG")
    text = events.Tensors("note")[0].tensor_proto
    assert list(text.string_val) == [b"step **done**"]
    assert events.SummaryMetadata("note").plugin_data.plugin_name == "text"


def test_the_graph_is_written_with_output_shapes(tmp_path):
    small_model()
    writer = tf.summary.FileWriter(str(tmp_path), tf.get_default_graph())
    writer.close()
    graph_def = accumulator(tmp_path).Graph()
    nodes = {node.name: node for node in graph_def.node}
    assert nodes["layer/MatMul"].op == "MatMul"
    assert list(nodes["layer/MatMul"].input) == ["x", "layer/weights/read"]
    shape = nodes["layer/MatMul"].attr["_output_shapes"].list.shape[0]
    assert [dim.size for dim in shape.dim] == [-1, 2]


def test_the_first_event_is_the_file_version_and_steps_wall_times_are_set(tmp_path):
    with tf.summary.FileWriter(tmp_path) as writer:
        summary = tf.Summary(value=[tf.Summary.Value(tag="accuracy", simple_value=0.5)])
        writer.add_summary(summary, global_step=np.int64(7))
        writer.add_summary(summary.SerializeToString())
    (path,) = event_files(tmp_path)
    version, first, second = events_in(path)
    assert version.file_version == "brain.Event:2"
    assert first.step == 7 and second.step == 0
    assert first.summary.value[0].simple_value == 0.5
    assert version.wall_time <= first.wall_time <= second.wall_time


def test_plugin_metadata_is_kept_only_on_the_first_summary_of_a_tag(tmp_path):
    note = tf.summary.text("note", tf.constant("hello"))
    with tf.Session() as session, tf.summary.FileWriter(tmp_path) as writer:
        for step in range(2):
            writer.add_summary(session.run(note), step)
    _, first, second = events_in(event_files(tmp_path)[0])
    assert first.summary.value[0].metadata.plugin_data.plugin_name == "text"
    assert not second.summary.value[0].HasField("metadata")


def test_close_drops_later_events_and_reopen_starts_a_new_file(tmp_path):
    writer = tf.summary.FileWriter(tmp_path)
    writer.close()
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="lost", simple_value=1.0)]))
    writer.reopen()
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="kept", simple_value=2.0)]))
    writer.close()
    first, second = event_files(tmp_path)
    assert len(events_in(first)) == 1
    assert [event.summary.value[0].tag for event in events_in(second)[1:]] == ["kept"]


def test_events_reach_the_disk_every_max_queue_events_and_on_flush(tmp_path):
    writer = tf.summary.FileWriter(tmp_path, max_queue=3, flush_secs=3600)
    (path,) = event_files(tmp_path)
    summary = tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=1.0)])
    sizes = []
    for _ in range(3):
        writer.add_summary(summary)
        sizes.append(os.path.getsize(path))
    assert sizes[0] == sizes[1] < sizes[2]
    writer.add_summary(summary)
    writer.flush()
    assert len(events_in(path)) == 5
    writer.close()


def test_file_names_are_tensorflow_event_files_with_the_suffix(tmp_path):
    with tf.summary.FileWriter(tmp_path / "run", filename_suffix=".v1") as writer:
        assert writer.get_logdir() == str(tmp_path / "run")
    (path,) = event_files(tmp_path / "run")
    assert path.name.startswith("events.out.tfevents.") and path.name.endswith(".v1")


def test_two_writers_in_one_second_write_two_files(tmp_path):
    for _ in range(2):
        tf.summary.FileWriter(tmp_path).close()
    assert len(event_files(tmp_path)) == 2


def test_add_summary_rejects_what_is_not_a_summary(tmp_path):
    with tf.summary.FileWriter(tmp_path) as writer, pytest.raises(TypeError, match="float"):
        writer.add_summary(1.5)


def test_add_graph_needs_a_graph_or_graph_def(tmp_path):
    with tf.summary.FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError, match="tf.Graph or a GraphDef"):
            writer.add_graph("graph")
        with pytest.raises(ValueError, match="not both"):
            writer.add_graph(tf.get_default_graph(), graph_def=tf.get_default_graph())


def test_add_run_metadata_refuses_a_used_tag(tmp_path):
    with tf.summary.FileWriter(tmp_path) as writer:
        writer.add_run_metadata(tf.RunMetadata(), "step1")
        with pytest.raises(ValueError, match="already used"):
            writer.add_run_metadata(tf.RunMetadata(), "step1")


def test_session_logs_are_written(tmp_path):
    with tf.summary.FileWriter(tmp_path) as writer:
        writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), global_step=3)
    event = events_in(event_files(tmp_path)[0])[1]
    assert event.session_log.status == tf.SessionLog.START and event.step == 3


def test_file_writer_cache_shares_one_writer_per_logdir(tmp_path):
    small_model()
    try:
        writer = FileWriterCache.get(tmp_path / "a")
        assert FileWriterCache.get(str(tmp_path / "a")) is writer
        assert FileWriterCache.get(tmp_path / "b") is not writer
    finally:
        FileWriterCache.clear()
    assert accumulator(tmp_path / "a").Graph().node[0].name == "x"
    assert tf.summary.FileWriterCache is FileWriterCache


def test_old_names_are_aliases(tmp_path):
    assert tf.train.SummaryWriter is tf.summary.FileWriter
    assert tf.summary.Summary is tf.Summary


def test_without_tensorboard_every_summary_and_the_graph_are_written(tmp_path, monkeypatch):
    for module in [name for name in sys.modules if name.split(".")[0] == "tensorboard"]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # import tensorboard fails
    with pytest.raises(ImportError):
        import tensorboard  # noqa: F401
    x, weights, loss = small_model()
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weights", weights)
    tf.summary.image("input", tf.reshape(x, [-1, 1, 3, 1]), max_outputs=1)
    tf.summary.text("note", tf.constant("plain install"))
    merged = tf.summary.merge_all()
    with tf.Session() as session, tf.summary.FileWriter(tmp_path, session.graph) as writer:
        session.run(tf.global_variables_initializer())
        writer.add_summary(session.run(merged, {x: np.ones((2, 3))}), global_step=5)
    monkeypatch.undo()
    events = accumulator(tmp_path)
    assert [(event.step, event.value) for event in events.Scalars("loss")] == [
        (5, (6**2 + 9**2) / 2)
    ]
    assert events.Histograms("weights")[0].histogram_value.num == 6
    assert events.Images("input/image")[0].width == 3
    assert list(events.Tensors("note")[0].tensor_proto.string_val) == [b"plain install"]
    assert "layer/MatMul" in {node.name for node in events.Graph().node}


def test_the_meta_graph_is_written_for_tensorboard(tmp_path):
    small_model()
    with tf.summary.FileWriter(tmp_path) as writer:
        writer.add_meta_graph(tf.train.export_meta_graph(), global_step=3)
        with pytest.raises(TypeError, match="MetaGraphDef"):
            writer.add_meta_graph("graph")
    meta_graph = accumulator(tmp_path).MetaGraph()
    assert "layer/MatMul" in {node.name for node in meta_graph.graph_def.node}
    assert "trainable_variables" in meta_graph.collection_def


def test_audio_is_written_as_wav_files_tensorboard_reads(tmp_path):
    sounds = np.linspace(-1, 1, 2 * 40).reshape(2, 40).astype(np.float32)
    summary = tf.summary.audio("voice", sounds, sample_rate=16000, max_outputs=3)
    with tf.Session() as session, tf.summary.FileWriter(tmp_path) as writer:
        writer.add_summary(session.run(summary), global_step=1)
    events = accumulator(tmp_path)
    first, audio = events.Audio("voice/audio/0")[0], events.Audio("voice/audio/1")[0]
    assert (audio.sample_rate, audio.length_frames, audio.content_type) == (
        16000.0,
        40,
        "audio/wav",
    )
    wav = audio.encoded_audio_string
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE" and len(wav) == 44 + 40 * 2
    first_samples = np.frombuffer(first.encoded_audio_string[44:], "<i2")
    samples = np.frombuffer(wav[44:], "<i2")
    assert (first_samples[0], samples[-1]) == (-32768, 32767)  # 1.0 * 32768 is clipped
