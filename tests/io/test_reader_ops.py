"""Readers take file names from a queue and give keyed records; read_file reads a file."""

import numpy as np
import pytest

import tinytf as tf


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"x,y\n1,2\n3,4\r\n")
    (tmp_path / "b.csv").write_bytes(b"x,y\n5,6")
    with tf.python_io.TFRecordWriter(str(tmp_path / "r.tfrecord")) as writer:
        for record in [b"abc", b"", b"hello world"]:
            writer.write(record)
    return tmp_path


def read_all(reader, names, fetches=None, limit=50):
    queue = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
    key, value = reader.read(queue)
    fetches = fetches or [key, value]
    seen = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while len(seen) < limit:
                seen.append(sess.run(fetches))
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
    return seen


def test_text_line_reader_keys_lines_and_skips_headers(files):
    names = [str(files / "a.csv"), str(files / "b.csv")]
    records = read_all(tf.TextLineReader(skip_header_lines=1), names)
    assert [value for _, value in records] == [b"1,2", b"3,4", b"5,6"]
    assert [key for key, _ in records] == [
        f"{names[0]}:2".encode(),
        f"{names[0]}:3".encode(),
        f"{names[1]}:2".encode(),
    ]


def test_tfrecord_reader_keys_records_by_offset(files):
    name = str(files / "r.tfrecord")
    records = read_all(tf.TFRecordReader(), [name])
    assert records == [
        [f"{name}:0".encode(), b"abc"],
        [f"{name}:19".encode(), b""],
        [f"{name}:35".encode(), b"hello world"],
    ]


def test_whole_file_reader_and_read_up_to(files):
    names = [str(files / "a.csv"), str(files / "b.csv")]
    reader = tf.WholeFileReader()
    queue = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
    keys, values = reader.read_up_to(queue, 5)
    assert keys.shape.as_list() == [None]
    produced, completed = reader.num_records_produced(), reader.num_work_units_completed()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got_keys, got_values = sess.run([keys, values])
        assert got_keys.tolist() == [names[0].encode()]
        assert got_values.tolist() == [b"x,y\n1,2\n3,4\r\n"]
        assert sess.run(produced) == 1
        sess.run([keys, values])
        sess.run(reader.reset())
        assert sess.run([produced, completed]) == [0, 0]
        coord.request_stop()
        coord.join(threads)


def test_reading_a_missing_file_raises_not_found(tmp_path):
    records = tf.placeholder(tf.string, [])
    contents = tf.read_file(records)
    with tf.Session() as sess:
        assert sess.run(contents, {records: __file__}).startswith(b'"""Readers')
        with pytest.raises(tf.errors.NotFoundError, match="nope; No such file or directory"):
            sess.run(contents, {records: str(tmp_path / "nope")})
    reader_errors = []
    tf.reset_default_graph()
    queue = tf.train.string_input_producer([str(tmp_path / "nope")], shuffle=False)
    _, value = tf.TextLineReader().read(queue)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            sess.run(value)
        except tf.errors.NotFoundError as error:
            reader_errors.append(error)
        coord.request_stop()
        coord.join(threads)
    assert reader_errors and reader_errors[0].op.type == "ReaderReadV2"


def test_write_file_then_read_file(tmp_path):
    path = str(tmp_path / "out.bin")
    with tf.Session() as sess:
        sess.run(tf.write_file(path, b"\x00bytes"))
        assert sess.run(tf.read_file(path)) == b"\x00bytes"


def test_a_corrupted_tfrecord_raises_data_loss(files):
    path = files / "r.tfrecord"
    data = bytearray(path.read_bytes())
    data[13] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at 0"):
        list(tf.python_io.tf_record_iterator(str(path)))


@pytest.mark.parametrize("compression", ["", "GZIP", "ZLIB"])
def test_tfrecord_files_round_trip(tmp_path, compression):
    path = str(tmp_path / "data.tfrecord")
    options = tf.python_io.TFRecordOptions(compression)
    records = [b"", b"x" * 3000, np.arange(5).tobytes()]
    with tf.python_io.TFRecordWriter(path, options) as writer:
        for record in records:
            writer.write(record)
    assert list(tf.python_io.tf_record_iterator(path, options)) == records
