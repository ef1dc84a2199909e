"""TensorInfo: how a SignatureDef names a tensor (its name, dtype and shape)."""

from __future__ import annotations

from tinytf.framework.graph import get_default_graph
from tinytf.framework.graph_def import fill_shape_proto
from tinytf.framework.protobuf.meta_graph_pb import TensorInfo


def build_tensor_info(tensor) -> TensorInfo:
    info = TensorInfo(name=tensor.name, dtype=tensor.dtype.as_datatype_enum)
    fill_shape_proto(info.tensor_shape, tensor.shape)
    return info


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    name = f"{import_scope}/{tensor_info.name}" if import_scope else tensor_info.name
    return (graph or get_default_graph()).get_tensor_by_name(name)
