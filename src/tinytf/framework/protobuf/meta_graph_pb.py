"""MetaGraphDef, SaverDef, CollectionDef, VariableDef and SavedModel
(tensorflow/core/protobuf/{meta_graph,saver,saved_model}.proto, framework/variable.proto)."""

from __future__ import annotations

from tinytf.framework.protobuf.graph_pb import DATA_TYPE_NAMES, GraphDef, TensorShapeProto
from tinytf.framework.protobuf.message import Field, Message


class SaverDef(Message):
    LEGACY, V1, V2 = 0, 1, 2
    FIELDS = (
        Field(1, "filename_tensor_name", "string"),
        Field(2, "save_tensor_name", "string"),
        Field(3, "restore_op_name", "string"),
        Field(4, "max_to_keep", "int32"),
        Field(5, "sharded", "bool"),
        Field(6, "keep_checkpoint_every_n_hours", "float"),
        Field(7, "version", "enum", enum={0: "LEGACY", 1: "V1", 2: "V2"}),
    )


class CollectionDef(Message):
    class NodeList(Message):
        FIELDS = (Field(1, "value", "string", "repeated"),)

    class BytesList(Message):
        FIELDS = (Field(1, "value", "bytes", "repeated"),)

    class Int64List(Message):
        FIELDS = (Field(1, "value", "int64", "repeated"),)

    class FloatList(Message):
        FIELDS = (Field(1, "value", "float", "repeated"),)

    FIELDS = (
        Field(1, "node_list", "message", message=NodeList, oneof="kind"),
        Field(2, "bytes_list", "message", message=BytesList, oneof="kind"),
        Field(3, "int64_list", "message", message=Int64List, oneof="kind"),
        Field(4, "float_list", "message", message=FloatList, oneof="kind"),
    )


class VariableDef(Message):
    FIELDS = (
        Field(1, "variable_name", "string"),
        Field(6, "initial_value_name", "string"),
        Field(2, "initializer_name", "string"),
        Field(3, "snapshot_name", "string"),
        Field(5, "is_resource", "bool"),
        Field(7, "trainable", "bool"),
    )


class TensorInfo(Message):
    FIELDS = (
        Field(1, "name", "string", oneof="encoding"),
        Field(2, "dtype", "enum", enum=DATA_TYPE_NAMES),
        Field(3, "tensor_shape", "message", message=TensorShapeProto),
    )


class SignatureDef(Message):
    FIELDS = (
        Field(1, "inputs", "message", "map", TensorInfo),
        Field(2, "outputs", "message", "map", TensorInfo),
        Field(3, "method_name", "string"),
    )


class MetaGraphDef(Message):
    class MetaInfoDef(Message):
        FIELDS = (
            Field(1, "meta_graph_version", "string"),
            Field(4, "tags", "string", "repeated"),
            Field(5, "tensorflow_version", "string"),
            Field(6, "tensorflow_git_version", "string"),
            Field(7, "stripped_default_attrs", "bool"),
        )

    FIELDS = (
        Field(1, "meta_info_def", "message", message=MetaInfoDef),
        Field(2, "graph_def", "message", message=GraphDef),
        Field(3, "saver_def", "message", message=SaverDef),
        Field(4, "collection_def", "message", "map", CollectionDef),
        Field(5, "signature_def", "message", "map", SignatureDef),
    )


class SavedModel(Message):
    FIELDS = (
        Field(1, "saved_model_schema_version", "int64"),
        Field(2, "meta_graphs", "message", "repeated", MetaGraphDef),
    )
