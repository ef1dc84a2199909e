"""decode_csv and parse_example: TensorFlow's types, defaults and error messages."""

import numpy as np
import pytest

import tinytf as tf


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_decode_csv_types_come_from_the_defaults():
    columns = tf.decode_csv(
        ["1,2.5,a,7", '3,,"b, ""c""",'], [[0], [9.0], [""], tf.constant([8], tf.int64)]
    )
    assert [c.dtype for c in columns] == [tf.int32, tf.float32, tf.string, tf.int64]
    assert columns[0].name == "DecodeCSV:0" and columns[0].shape.as_list() == [2]
    ints, floats, strings, longs = run(columns)
    np.testing.assert_array_equal(ints, [1, 3])
    np.testing.assert_array_equal(floats, [2.5, 9.0])
    assert strings.tolist() == [b"a", b'b, "c"'] and longs.tolist() == [7, 8]


def test_decode_csv_delimiter_and_na_value():
    a, b = run(tf.decode_csv(["1;NA", ";2"], [[5], [7]], field_delim=";", na_value="NA"))
    assert a.tolist() == [1, 5] and b.tolist() == [7, 2]


@pytest.mark.parametrize(
    "record, message",
    [
        ("1,2,3", "Expect 2 fields but have 3 in record 0"),
        ("x,2", "Field 0 in record 0 is not a valid int32: x"),
        ("1.5,2", "Field 0 in record 0 is not a valid int32: 1.5"),
        ("1,abc", "Field 1 in record 0 is not a valid float: abc"),
        ('"1,2', "Quoted field has to end with quote followed by delim or end"),
        ("1,", "Field 1 is required but missing in record 0!"),
    ],
)
def test_a_malformed_record_is_named_in_the_error(record, message):
    records = tf.placeholder(tf.string, [None])
    columns = tf.decode_csv(records, [[0], tf.constant([], tf.float32)])
    with pytest.raises(tf.errors.InvalidArgumentError, match=message.replace(".", r"\.")) as error:
        run(columns, {records: ["4,5", record] if "record 0" not in message else [record]})
    assert error.value.op.type == "DecodeCSV"


def test_decode_csv_names_the_record_by_its_index():
    with pytest.raises(tf.errors.InvalidArgumentError, match="in record 2"):
        run(tf.decode_csv(["1", "2", "x"], [[0]]))


def example(**features):
    def feature(value):
        if isinstance(value[0], bytes):
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=value))
        if isinstance(value[0], float):
            return tf.train.Feature(float_list=tf.train.FloatList(value=value))
        return tf.train.Feature(int64_list=tf.train.Int64List(value=value))

    return tf.train.Example(
        features=tf.train.Features(feature={k: feature(v) for k, v in features.items()})
    ).SerializeToString()


FEATURES = {
    "pixels": tf.FixedLenFeature([2, 2], tf.float32),
    "label": tf.FixedLenFeature([], tf.int64),
    "name": tf.FixedLenFeature([], tf.string, default_value="none"),
}


def test_parse_example_gives_dense_tensors_and_defaults():
    records = [
        example(pixels=[1.0, 2.0, 3.0, 4.0], label=[-3], name=[b"first"]),
        example(pixels=[5.0, 6.0, 7.0, 8.0], label=[4]),
    ]
    parsed = tf.parse_example(records, FEATURES)
    assert parsed["pixels"].shape.as_list() == [2, 2, 2] and parsed["label"].dtype == tf.int64
    values = run(parsed)
    np.testing.assert_array_equal(values["pixels"][1], [[5, 6], [7, 8]])
    assert values["label"].tolist() == [-3, 4]
    assert values["name"].tolist() == [b"first", b"none"]
    single = run(tf.parse_single_example(records[0], FEATURES))
    assert single["pixels"].shape == (2, 2) and single["label"] == -3


@pytest.mark.parametrize(
    "record, message",
    [
        ({"pixels": [1.0] * 4}, "Feature: label \\(data type: int64\\) is required"),
        ({"pixels": [1.0] * 3, "label": [1]}, "Values size: 3 but output shape: \\[2,2\\]"),
        ({"pixels": [1.0] * 4, "label": [1.0]}, "Data type: float but expected type: int64"),
    ],
)
def test_parse_example_errors(record, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.parse_example([example(**record)], FEATURES))


def test_example_protos_round_trip():
    data = example(a=[1, -2], b=[0.5], c=[b"x", b"y"])
    parsed = tf.train.Example.FromString(data)
    assert parsed.features.feature["a"].int64_list.value == [1, -2]
    assert parsed.features.feature["c"].WhichOneof("kind") == "bytes_list"
    assert parsed.SerializeToString() == data


def test_var_len_features_parse_to_sparse_tensors():
    records = [example(tags=[1, 2, 3], label=[0]), example(label=[1]), example(tags=[4], label=[2])]
    parsed = tf.parse_example(records, {"tags": tf.VarLenFeature(tf.int64)})
    tags = run(parsed["tags"])
    assert tags.indices.tolist() == [[0, 0], [0, 1], [0, 2], [2, 0]]
    assert tags.values.tolist() == [1, 2, 3, 4] and tags.dense_shape.tolist() == [3, 3]
    single = run(tf.parse_single_example(records[0], {"tags": tf.VarLenFeature(tf.int64)}))
    assert single["tags"].indices.tolist() == [[0], [1], [2]]
    assert single["tags"].dense_shape.tolist() == [3]
