"""tinytf's own protobuf messages: the protobuf library's API, and bytes it reads back."""

import pytest

from tinytf.framework.protobuf import graph_pb, meta_graph_pb, summary_pb


def a_graph_def():
    graph_def = graph_pb.GraphDef()
    graph_def.versions.producer = 134
    node = graph_def.node.add(name="c", op="Const")
    node.input.extend(["a", "^b"])
    node.attr["dtype"].type = 1
    tensor = node.attr["value"].tensor
    tensor.dtype = 1
    tensor.tensor_shape.dim.add(size=-1)
    tensor.float_val.extend([1.5, -2.0])
    node.attr["empty"].list.SetInParent()
    node.attr["ints"].list.i.extend([1, -2])
    node.attr["flag"].b = False
    node.attr["text"].s = b"hi\x00"
    return graph_def


def test_messages_read_back_what_they_write():
    graph_def = a_graph_def()
    copy = graph_pb.GraphDef.FromString(graph_def.SerializeToString())
    assert copy == graph_def
    node = copy.node[0]
    assert list(node.input) == ["a", "^b"]
    assert node.attr["value"].tensor.float_val == [1.5, -2.0]
    assert node.attr["ints"].list.i == [1, -2]
    assert node.attr["flag"].WhichOneof("value") == "b" and not node.attr["flag"].b
    assert node.attr["empty"].HasField("list") and not node.attr["empty"].list.i
    assert node.attr["text"].s == b"hi\x00"


def test_the_protobuf_library_reads_the_bytes_and_writes_them_back():
    graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")
    theirs = graph_pb2.GraphDef.FromString(a_graph_def().SerializeToString())
    assert theirs.node[0].attr["flag"].HasField("b")
    assert list(theirs.node[0].attr["ints"].list.i) == [1, -2]
    assert graph_pb.GraphDef.FromString(theirs.SerializeToString()) == a_graph_def()
    assert str(a_graph_def()).count("\n") == str(theirs).count("\n")


def test_submessages_exist_once_a_field_is_set_and_oneofs_keep_one_member():
    value = graph_pb.AttrValue()
    assert not value.HasField("shape")
    assert not value.shape.unknown_rank  # reading does not set it
    assert not value.HasField("shape") and value.SerializeToString() == b""
    value.shape.unknown_rank = True
    assert value.WhichOneof("value") == "shape"
    value.i = 0
    assert value.WhichOneof("value") == "i" and not value.HasField("shape")
    assert graph_pb.AttrValue.FromString(value.SerializeToString()).HasField("i")


def test_constructors_maps_and_errors():
    summary = summary_pb.Summary(value=[summary_pb.Summary.Value(tag="loss", simple_value=0.5)])
    event = summary_pb.Event(step=3, summary=summary)
    assert summary_pb.Event.FromString(event.SerializeToString()).summary.value[0].tag == "loss"
    meta = meta_graph_pb.MetaGraphDef()
    meta.collection_def["train_op"].node_list.value.append("GradientDescent")
    copy = meta_graph_pb.MetaGraphDef.FromString(meta.SerializeToString())
    assert list(copy.collection_def["train_op"].node_list.value) == ["GradientDescent"]
    with pytest.raises(AttributeError, match="no field 'nodes'"):
        _ = graph_pb.GraphDef().nodes
    with pytest.raises(TypeError, match="expected one of: int64"):
        graph_pb.AttrValue().i = "3"
    with pytest.raises(AttributeError, match="Assignment not allowed"):
        graph_pb.GraphDef().node = []


def test_maps_of_strings_read_write_and_print_as_the_protobuf_library():
    function = graph_pb.FunctionDef(ret={"output_0": "add:z:0"})
    function.ret["output_1"] = "x"
    assert function.ret["missing"] == ""  # reading a missing key adds its default
    copy = graph_pb.FunctionDef.FromString(function.SerializeToString())
    assert dict(copy.ret) == {"output_0": "add:z:0", "output_1": "x", "missing": ""}
    assert 'ret {\n  key: "output_0"\n  value: "add:z:0"\n}\n' in str(copy)
    with pytest.raises(TypeError, match="expected one of: string"):
        function.ret["output_2"] = 3
    with pytest.raises(ValueError, match="Direct assignment of submessage"):
        function.attr["a"] = graph_pb.AttrValue()
