"""Queue input pipelines, readers, decoders and TFRecord files against TensorFlow's
compat.v1: the same records and batches where TensorFlow's order is deterministic (one
thread, no shuffling), the same errors, and files written by one read by the other."""

import numpy as np
import pytest

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record

CSV_HEADER = b"x1,x2,y\n"


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory):
    """Two CSV files of y = 2 x1 - 3 x2 + 1 (plus a little noise), with headers."""
    folder = tmp_path_factory.mktemp("csv")
    rng = np.random.default_rng(0)
    names = []
    for part in range(2):
        x = rng.uniform(-1, 1, size=(60, 2))
        y = 2 * x[:, 0] - 3 * x[:, 1] + 1 + rng.normal(0, 0.01, 60)
        lines = [f"{a:.4f},{b:.4f},{c:.4f}" for (a, b), c in zip(x, y, strict=True)]
        path = folder / f"part{part}.csv"
        path.write_bytes(CSV_HEADER + "\n".join(lines).encode() + b"\n")
        names.append(str(path))
    return names


def drain(tf, fetches, limit=1000) -> list:
    """Every value of `fetches` until OutOfRangeError, with the queue runners running."""
    seen = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while len(seen) < limit:
                seen.append(sess.run(fetches))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
        coord.join(threads)
    return seen


def csv_batches(engine: str, names) -> list:
    tf = ENGINES[engine]
    with graph(tf):
        queue = tf.train.string_input_producer(names, num_epochs=2, shuffle=False)
        key, line = tf.TextLineReader(skip_header_lines=1).read(queue)
        x1, x2, y = tf.decode_csv(line, [[0.0], [0.0], [0.0]])
        batch = tf.train.batch(
            [key, tf.stack([x1, x2]), y], batch_size=16, allow_smaller_final_batch=True
        )
        return [[b.tolist() for b in batch_values] for batch_values in drain(tf, batch)]


def test_csv_pipeline_gives_the_same_batches(csv_files):
    ours, theirs = csv_batches("tinytf", csv_files), csv_batches("tensorflow", csv_files)
    assert len(ours) == 15
    assert ours == theirs
    record("programs")


def sliced_batches(engine: str) -> list:
    tf = ENGINES[engine]
    with graph(tf):
        features = np.arange(20, dtype=np.float32).reshape(10, 2)
        x, label = tf.train.slice_input_producer(
            [features, np.arange(10)], num_epochs=3, shuffle=False
        )
        batch = tf.train.batch({"x": x, "label": label}, batch_size=4)
        padded = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
        joined = tf.train.batch_join([[padded]], batch_size=2, allow_smaller_final_batch=True)
        names = sorted(batch), batch["x"].name, batch["x"].shape.as_list(), joined.name
        batches = [{k: v.tolist() for k, v in b.items()} for b in drain(tf, batch)]
        return [names, batches, [b.tolist() for b in drain(tf, joined)]]


def test_slice_and_range_producers_batch_as_tensorflow():
    assert sliced_batches("tinytf") == sliced_batches("tensorflow")
    record("programs")


def queue_behaviour(engine: str) -> list:
    tf = ENGINES[engine]
    out = []
    with graph(tf):
        queue = tf.FIFOQueue(4, [tf.int32, tf.string], shapes=[[], []])
        padding = tf.PaddingFIFOQueue(4, [tf.float32], shapes=[[None]])
        value = tf.placeholder(tf.float32, [None])
        with tf.Session() as sess:
            sess.run(queue.enqueue_many([[1, 2, 3], ["a", "b", "c"]]))
            out.append(sess.run(queue.size()))
            out.append([v.tolist() for v in sess.run(queue.dequeue_many(2))])
            sess.run(queue.close())
            for fetch in (queue.enqueue([4, "d"]), queue.dequeue_many(2)):
                try:
                    sess.run(fetch)
                except tf.errors.OpError as error:
                    out.append(type(error).__name__)
            out.append([v.tolist() for v in sess.run(queue.dequeue_up_to(5))])
            sess.run(padding.enqueue([value]), {value: [1.0, 2.0]})
            sess.run(padding.enqueue([value]), {value: [3.0]})
            out.append(sess.run(padding.dequeue_many(2)).tolist())
    return out


def test_queues_behave_as_tensorflows():
    assert queue_behaviour("tinytf") == queue_behaviour("tensorflow")
    record("ops")


def decode(engine: str, records, defaults, **options):
    tf = ENGINES[engine]
    with graph(tf):
        with tf.Session() as sess:
            try:
                return [c.tolist() for c in sess.run(tf.decode_csv(records, defaults, **options))]
            except tf.errors.InvalidArgumentError as error:
                return error.message


CSV_CASES = {
    "types": (["1,2.5,a,7", '3,,"b, ""c""",9'], [[0], [9.0], [""], [np.int64(0)]], {}),
    "delimiter": (["1;NA", ";2"], [[5], [7]], {"field_delim": ";", "na_value": "NA"}),
    "spaces": ([" 1, 2.5"], [[0], [0.0]], {}),
    "too many fields": (["1,2,3"], [[0], [0]], {}),
    "bad int": (["4,5", "1.5,2"], [[0], [0]], {}),
    "bad float": (["1,x"], [[0], [0.0]], {}),
    "open quote": (['"1,2'], [[0], [0]], {}),
    "required": (["1,"], [[0], np.zeros(0, np.float32)], {}),
}


@pytest.mark.parametrize("case", CSV_CASES)
def test_decode_csv_values_and_errors(case):
    records, defaults, options = CSV_CASES[case]
    ours = decode("tinytf", records, defaults, **options)
    theirs = decode("tensorflow", records, defaults, **options)
    if isinstance(ours, str):
        assert ours in theirs  # TensorFlow's message adds where the op was built
    else:
        assert ours == theirs
    record("ops")


READERS = {
    "lines": lambda tf: tf.TextLineReader(),
    "lines after a header": lambda tf: tf.TextLineReader(skip_header_lines=2),
    "whole files": lambda tf: tf.WholeFileReader(),
}


def read_records(engine: str, reader, names) -> list:
    tf = ENGINES[engine]
    with graph(tf):
        queue = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
        key, value = READERS[reader](tf).read(queue)
        return drain(tf, [key, value])


@pytest.mark.parametrize("reader", READERS)
def test_readers_give_the_same_keys_and_records(tmp_path, reader):
    (tmp_path / "a.txt").write_bytes(b"one\ntwo\r\n\nfour")
    (tmp_path / "b.txt").write_bytes(b"five\n")
    names = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert read_records("tinytf", reader, names) == read_records("tensorflow", reader, names)
    record("ops")


def more_pipelines(engine: str, folder) -> list:
    """The rest of the queue API, with orders made deterministic (sorted) where shuffled."""
    tf = ENGINES[engine]
    out = []
    with graph(tf):
        path = str(folder / f"{engine}.bin")
        write = tf.write_file(path, tf.constant(b"\x00\x01data"))
        counter = tf.Variable(0)
        counted = tf.count_up_to(counter, 2)
        produced = tf.train.input_producer(
            tf.train.limit_epochs(tf.constant([[1, 2], [3, 4]]), num_epochs=2), shuffle=False
        ).dequeue()
        shuffled = tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=1)
        first = tf.train.range_input_producer(3, num_epochs=1, shuffle=False).dequeue()
        second = tf.train.range_input_producer(3, num_epochs=1, shuffle=False).dequeue() + 10
        joined = tf.train.shuffle_batch_join(
            [[first], [second]], 2, capacity=6, min_after_dequeue=1, allow_smaller_final_batch=True
        )
        parsed = tf.parse_example(
            [tf.train.Example().SerializeToString()],
            {"x": tf.FixedLenFeature([2], tf.float32, default_value=[0.5, 1.5])},
        )
        with tf.Session() as sess:
            sess.run(write)
            out.append(sess.run(tf.read_file(path)))
            sess.run(counter.initializer)
            out.append([sess.run(counted), sess.run(counted)])
            sess.run(shuffled.enqueue_many([np.arange(6)]))
            sess.run(shuffled.close())
            out.append(sorted(sess.run(shuffled.dequeue_up_to(10)).tolist()))
            out.append(sess.run(parsed)["x"].tolist())
        out.append([v.tolist() for v in drain(tf, produced)])
        out.append(sorted(np.concatenate(drain(tf, joined)).tolist()))
    with graph(tf):
        manual = tf.FIFOQueue(10, tf.int32, shapes=[[]])
        tf.train.add_queue_runner(tf.train.QueueRunner(manual, [manual.enqueue_many([[5, 6]])]))
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            out.append(sess.run(manual.dequeue_many(4)).tolist())
            coord.request_stop()
            coord.join(threads)
    return out


def test_the_rest_of_the_queue_api_matches(tmp_path):
    assert more_pipelines("tinytf", tmp_path) == more_pipelines("tensorflow", tmp_path)
    record("programs")


def write_examples(tf, path):
    with tf.python_io.TFRecordWriter(path) as writer:
        for index in range(3):
            features = {
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=[index, index / 2])),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[-index])),
                "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"n%d" % index])),
                "tags": tf.train.Feature(int64_list=tf.train.Int64List(value=[7] * index)),
            }
            example = tf.train.Example(features=tf.train.Features(feature=features))
            writer.write(example.SerializeToString())


def parse_examples(tf, path) -> list:
    with graph(tf):
        queue = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
        key, serialized = tf.TFRecordReader().read(queue)
        features = tf.parse_single_example(
            serialized,
            {
                "x": tf.FixedLenFeature([2], tf.float32),
                "label": tf.FixedLenFeature([], tf.int64),
                "name": tf.FixedLenFeature([], tf.string),
                "missing": tf.FixedLenFeature([1], tf.int64, default_value=[7]),
                "tags": tf.VarLenFeature(tf.int64),
            },
        )
        rows = drain(tf, [key, features])
        return [[k, {n: _listed(v) for n, v in f.items()}] for k, f in rows]


def _listed(value):
    if hasattr(value, "dense_shape"):  # a SparseTensorValue
        return [np.asarray(part).tolist() for part in value]
    return np.asarray(value).tolist()


@pytest.mark.parametrize("writer", ["tinytf", "tensorflow"])
def test_tfrecord_examples_written_by_either_are_read_by_both(tmp_path, writer):
    path = str(tmp_path / "examples.tfrecord")
    write_examples(ENGINES[writer], path)
    ours, theirs = (
        parse_examples(ENGINES["tinytf"], path),
        parse_examples(ENGINES["tensorflow"], path),
    )
    assert len(ours) == 3 and ours == theirs
    raw = {engine: list(tf.python_io.tf_record_iterator(path)) for engine, tf in ENGINES.items()}
    assert raw["tinytf"] == raw["tensorflow"]
    record("programs")


def train_from_csv(engine: str, names) -> dict:
    """A linear model trained from CSV files through a shuffling queue pipeline."""
    tf = ENGINES[engine]
    with graph(tf):
        tf.set_random_seed(0)
        queue = tf.train.string_input_producer(names, num_epochs=30, shuffle=True, seed=1)
        _, line = tf.TextLineReader(skip_header_lines=1).read(queue)
        x1, x2, y = tf.decode_csv(line, [[0.0], [0.0], [0.0]])
        features, target = tf.train.shuffle_batch(
            [tf.stack([x1, x2]), y], batch_size=10, capacity=60, min_after_dequeue=20, seed=2
        )
        weights = tf.Variable(tf.zeros([2, 1]))
        bias = tf.Variable(0.0)
        prediction = tf.squeeze(tf.matmul(features, weights), 1) + bias
        loss = tf.reduce_mean(tf.square(prediction - target))
        train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
        steps = 0
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            try:
                while not coord.should_stop():
                    sess.run(train)
                    steps += 1
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
            coord.join(threads)
            return {"steps": steps, "weights": sess.run(weights).ravel(), "bias": sess.run(bias)}


def test_a_csv_shuffle_batch_pipeline_trains_the_same_model(csv_files):
    ours, theirs = train_from_csv("tinytf", csv_files), train_from_csv("tensorflow", csv_files)
    # 30 epochs of 120 examples, 10 per batch, the rest (< 10) left in the closed queue.
    assert ours["steps"] == theirs["steps"] == 360
    np.testing.assert_allclose(ours["weights"], [2, -3], atol=0.05)
    np.testing.assert_allclose(ours["weights"], theirs["weights"], atol=0.05)
    np.testing.assert_allclose(ours["bias"], theirs["bias"], atol=0.05)
    record("programs")
