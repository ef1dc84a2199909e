"""GraphDef and what it holds (tensorflow/core/framework/*.proto): shapes, tensors,
attribute values, nodes, versions. Field numbers and names are TensorFlow's."""

from __future__ import annotations

from tinytf.framework.protobuf.message import Field, Message

DATA_TYPE_NAMES = {
    0: "DT_INVALID",
    1: "DT_FLOAT",
    2: "DT_DOUBLE",
    3: "DT_INT32",
    4: "DT_UINT8",
    5: "DT_INT16",
    6: "DT_INT8",
    7: "DT_STRING",
    8: "DT_COMPLEX64",
    9: "DT_INT64",
    10: "DT_BOOL",
    14: "DT_BFLOAT16",
    17: "DT_UINT16",
    18: "DT_COMPLEX128",
    19: "DT_HALF",
    20: "DT_RESOURCE",
    21: "DT_VARIANT",
    22: "DT_UINT32",
    23: "DT_UINT64",
}
DATA_TYPE_NAMES.update(
    {number + 100: f"{name}_REF" for number, name in list(DATA_TYPE_NAMES.items())}
)


class TensorShapeProto(Message):
    class Dim(Message):
        FIELDS = (Field(1, "size", "int64"), Field(2, "name", "string"))

    FIELDS = (
        Field(2, "dim", "message", "repeated", Dim),
        Field(3, "unknown_rank", "bool"),
    )


class TensorProto(Message):
    FIELDS = (
        Field(1, "dtype", "enum", enum=DATA_TYPE_NAMES),
        Field(2, "tensor_shape", "message", message=TensorShapeProto),
        Field(3, "version_number", "int32"),
        Field(4, "tensor_content", "bytes"),
        Field(13, "half_val", "int32", "repeated"),
        Field(5, "float_val", "float", "repeated"),
        Field(6, "double_val", "double", "repeated"),
        Field(7, "int_val", "int32", "repeated"),
        Field(8, "string_val", "bytes", "repeated"),
        Field(9, "scomplex_val", "float", "repeated"),
        Field(10, "int64_val", "int64", "repeated"),
        Field(11, "bool_val", "bool", "repeated"),
        Field(12, "dcomplex_val", "double", "repeated"),
        Field(16, "uint32_val", "uint32", "repeated"),
        Field(17, "uint64_val", "uint64", "repeated"),
    )


class AttrValue(Message):
    class ListValue(Message):
        FIELDS = (
            Field(2, "s", "bytes", "repeated"),
            Field(3, "i", "int64", "repeated"),
            Field(4, "f", "float", "repeated"),
            Field(5, "b", "bool", "repeated"),
            Field(6, "type", "enum", "repeated", enum=DATA_TYPE_NAMES),
            Field(7, "shape", "message", "repeated", TensorShapeProto),
            Field(8, "tensor", "message", "repeated", TensorProto),
            Field(9, "func", "message", "repeated", lambda: NameAttrList),
        )

    FIELDS = (
        Field(1, "list", "message", message=ListValue, oneof="value"),
        Field(2, "s", "bytes", oneof="value"),
        Field(3, "i", "int64", oneof="value"),
        Field(4, "f", "float", oneof="value"),
        Field(5, "b", "bool", oneof="value"),
        Field(6, "type", "enum", oneof="value", enum=DATA_TYPE_NAMES),
        Field(7, "shape", "message", message=TensorShapeProto, oneof="value"),
        Field(8, "tensor", "message", message=TensorProto, oneof="value"),
        Field(9, "placeholder", "string", oneof="value"),
        Field(10, "func", "message", message=lambda: NameAttrList, oneof="value"),
    )


class NameAttrList(Message):
    FIELDS = (
        Field(1, "name", "string"),
        Field(2, "attr", "message", "map", AttrValue),
    )


class NodeDef(Message):
    FIELDS = (
        Field(1, "name", "string"),
        Field(2, "op", "string"),
        Field(3, "input", "string", "repeated"),
        Field(4, "device", "string"),
        Field(5, "attr", "message", "map", AttrValue),
    )


class VersionDef(Message):
    FIELDS = (
        Field(1, "producer", "int32"),
        Field(2, "min_consumer", "int32"),
        Field(3, "bad_consumers", "int32", "repeated"),
    )


class OpDef(Message):
    """An op's signature; a FunctionDef's names its arguments and results (op_def.proto)."""

    class ArgDef(Message):
        FIELDS = (
            Field(1, "name", "string"),
            Field(2, "description", "string"),
            Field(3, "type", "enum", enum=DATA_TYPE_NAMES),
            Field(4, "type_attr", "string"),
            Field(5, "number_attr", "string"),
            Field(6, "type_list_attr", "string"),
            Field(16, "is_ref", "bool"),
        )

    FIELDS = (
        Field(1, "name", "string"),
        Field(2, "input_arg", "message", "repeated", ArgDef),
        Field(3, "output_arg", "message", "repeated", ArgDef),
        Field(20, "control_output", "string", "repeated"),
        Field(5, "summary", "string"),
        Field(6, "description", "string"),
        Field(17, "is_stateful", "bool"),
    )


class FunctionDef(Message):
    """A function: its signature, its nodes (inputs named "node:output_arg:index" or by
    argument name) and `ret`, each result's tensor (function.proto)."""

    FIELDS = (
        Field(1, "signature", "message", message=OpDef),
        Field(5, "attr", "message", "map", AttrValue),
        Field(3, "node_def", "message", "repeated", NodeDef),
        Field(4, "ret", "string", "map"),
        Field(6, "control_ret", "string", "map"),
    )


class GradientDef(Message):
    FIELDS = (Field(1, "function_name", "string"), Field(2, "gradient_func", "string"))


class FunctionDefLibrary(Message):
    FIELDS = (
        Field(1, "function", "message", "repeated", FunctionDef),
        Field(2, "gradient", "message", "repeated", GradientDef),
    )


class GraphDef(Message):
    """A graph's nodes and the functions its If and While nodes call (`library`)."""

    FIELDS = (
        Field(1, "node", "message", "repeated", NodeDef),
        Field(4, "versions", "message", message=VersionDef),
        Field(2, "library", "message", message=FunctionDefLibrary),
        Field(3, "version", "int32"),
    )
