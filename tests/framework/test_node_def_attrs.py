"""The table between tinytf's op attributes and a NodeDef's TensorFlow attributes."""

import tinytf as tf
from tinytf.framework import node_def_attrs


def nodes():
    return {node.name: node for node in tf.get_default_graph().as_graph_def().node}


def test_type_attributes_are_derived_from_the_tensors():
    x = tf.placeholder(tf.int32, [2, 3], name="x")
    tf.cast(x, tf.float64, name="cast")
    tf.concat([x, x], 0, name="joined")
    mean = tf.reduce_mean(x, axis=tf.constant(1, tf.int64), name="mean")
    written = nodes()
    assert {key: written["cast"].attr[key].type for key in ("SrcT", "DstT")} == {
        "SrcT": tf.int32.as_datatype_enum,
        "DstT": tf.float64.as_datatype_enum,
    }
    assert "dtype" not in written["cast"].attr
    joined = written["joined"].attr
    assert (joined["N"].i, joined["T"].type, joined["Tidx"].type) == (2, 3, 3)
    axis_dtype = mean.op.inputs[1].dtype
    assert written["mean"].attr["Tidx"].type == axis_dtype.as_datatype_enum


def test_tinytf_only_attributes_are_left_out_when_tensorflow_implies_them():
    x = tf.placeholder(tf.float32, [2, 3])
    tf.nn.log_softmax(x, name="last")
    tf.nn.log_softmax(x, axis=0, name="first")
    written = nodes()
    assert "axis" not in written["last"].attr
    assert written["first"].attr["axis"].i == 0  # no TensorFlow form: written as it is


def test_reading_back_drops_tensorflows_attributes_and_restores_tinytfs():
    attrs = {"T": tf.float32, "transpose_a": True, "grad_a": False, "_class": ["loc:@w"]}
    assert node_def_attrs.tinytf_attrs("MatMul", attrs, 2) == {"transpose_a": True}
    cast = {"SrcT": tf.int32, "DstT": tf.float32, "Truncate": False}
    assert node_def_attrs.tinytf_attrs("Cast", cast, 1) == {"dtype": tf.float32}
    assert node_def_attrs.tinytf_attrs("LogSoftmax", {"T": tf.float32}, 1) == {"axis": -1}
