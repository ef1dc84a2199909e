"""MetaGraphDefs (.meta files): a graph with its Saver and collections, as TensorFlow
writes and reads them, so a model restores without the Python that built it.

tinytf's Saver saves from Python, through placeholders and Assign ops of its own; in a
MetaGraphDef it is written as TensorFlow's Saver is (SaveV2/RestoreV2 and the names its
SaverDef holds), so that TensorFlow's `import_meta_graph` restores and saves with it. On
import, the graph's saver nodes are left out and a tinytf Saver of the imported variables
takes their place.
"""

from __future__ import annotations

import os

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from tinytf.framework.graph_def import as_graph_def, make_tensor_proto, set_attr_value
from tinytf.framework.importer import import_graph_def
from tinytf.framework.protobuf import meta_graph_pb
from tinytf.ops.variables import Variable

# Collections whose variables TensorFlow stores as VariableDef protobufs.
VARIABLE_COLLECTIONS = (
    GraphKeys.GLOBAL_VARIABLES,
    GraphKeys.TRAINABLE_VARIABLES,
    GraphKeys.LOCAL_VARIABLES,
    GraphKeys.MODEL_VARIABLES,
    GraphKeys.MOVING_AVERAGE_VARIABLES,
    GraphKeys.METRIC_VARIABLES,
    GraphKeys.GLOBAL_STEP,
)
TENSORFLOW_VERSION = "1.15.0"  # the API level tinytf follows, in meta_info_def


def export_meta_graph(
    filename=None,
    meta_info_def=None,
    graph_def=None,
    saver_def=None,
    collection_list=None,
    as_text=False,
    graph=None,
    export_scope=None,
    clear_devices=False,
    clear_extraneous_savers=False,
    strip_default_attrs=False,
    save_debug_info=False,
    saver=None,
    **kwargs,
):
    """The graph (the default one unless given) as a MetaGraphDef, written to `filename` if
    given. `saver` (what `Saver.export_meta_graph` passes) is written as TensorFlow's."""
    if export_scope:
        raise NotImplementedError("tinytf exports whole graphs: export_scope is not supported")
    graph = graph or get_default_graph()
    meta_graph = meta_graph_pb.MetaGraphDef()
    meta_graph.meta_info_def.tensorflow_version = TENSORFLOW_VERSION
    meta_graph.meta_info_def.tensorflow_git_version = "tinytf"
    if meta_info_def is not None:
        meta_graph.meta_info_def.MergeFrom(meta_info_def)
    saver_ops = saver._own_ops() if saver is not None and not saver._is_empty else set()
    if graph_def is None:
        graph_def = as_graph_def(graph, exclude=saver_ops)
        if saver_ops:
            saver_def = _write_saver_nodes(graph_def, saver)
    meta_graph.graph_def.CopyFrom(graph_def)
    if clear_devices:
        for node in meta_graph.graph_def.node:
            node.device = ""
    if saver_def is not None:
        meta_graph.saver_def.CopyFrom(saver_def)
    keys = graph.get_all_collection_keys() if collection_list is None else collection_list
    for key in keys:
        _add_collection(meta_graph, graph, key, saver_ops)
    if filename is not None:
        _write(meta_graph, filename, as_text)
    return meta_graph


def _write(message, filename, as_text: bool) -> None:
    filename = os.fspath(filename)
    directory = os.path.dirname(filename)
    if directory:
        os.makedirs(directory, exist_ok=True)
    if as_text:
        with open(filename, "w", encoding="utf-8") as file:
            file.write(str(message))
    else:
        with open(filename, "wb") as file:
            file.write(message.SerializeToString())


def _write_saver_nodes(graph_def, saver):
    """Adds TensorFlow's save and restore nodes for `saver`'s variables; its SaverDef."""
    scope = saver.saver_def.restore_op_name.rpartition("/")[0]
    names = sorted(saver._refs)
    refs = [saver._refs[name] for name in names]
    types = [ref.dtype.base_dtype for ref in refs]

    def add(name, op_type, inputs=(), **attrs):
        node = graph_def.node.add(name=f"{scope}/{name}", op=op_type)
        node.input.extend(inputs)
        for attr, value in attrs.items():
            set_attr_value(node.attr[attr], value, f"attr '{attr}' of '{node.name}'")
        return node

    def const(name, values):
        node = add(name, "Const", dtype=dtypes.string)
        node.attr["value"].tensor.CopyFrom(make_tensor_proto(values, dtypes.string))

    const("filename/input", b"model")
    scalar = {"dtype": dtypes.string, "shape": _scalar_shape()}
    add("filename", "PlaceholderWithDefault", [f"{scope}/filename/input"], **scalar)
    add("Const", "PlaceholderWithDefault", [f"{scope}/filename"], **scalar)
    for kind in ("SaveV2", "RestoreV2"):
        const(f"{kind}/tensor_names", [name.encode() for name in names])
        const(f"{kind}/shape_and_slices", [b""] * len(names))
    tensors = [f"{scope}/Const", f"{scope}/SaveV2/tensor_names", f"{scope}/SaveV2/shape_and_slices"]
    add("SaveV2", "SaveV2", tensors + [ref.op.name for ref in refs], dtypes=types)
    add("control_dependency", "Identity", [f"{scope}/Const", f"^{scope}/SaveV2"], T=dtypes.string)
    restore_inputs = [
        f"{scope}/Const",
        f"{scope}/RestoreV2/tensor_names",
        f"{scope}/RestoreV2/shape_and_slices",
    ]
    add("RestoreV2", "RestoreV2", restore_inputs, dtypes=types)
    assigns = []
    for index, ref in enumerate(refs):
        name = "Assign" if index == 0 else f"Assign_{index}"
        source = f"{scope}/RestoreV2" if index == 0 else f"{scope}/RestoreV2:{index}"
        add(
            name,
            "Assign",
            [ref.op.name, source],
            T=ref.dtype.base_dtype,
            validate_shape=ref.shape.is_fully_defined(),
            use_locking=True,
        )
        assigns.append(f"^{scope}/{name}")
    add("restore_all", "NoOp", assigns)
    definition = saver.saver_def
    return meta_graph_pb.SaverDef(
        filename_tensor_name=f"{scope}/Const:0",
        save_tensor_name=f"{scope}/control_dependency:0",
        restore_op_name=f"{scope}/restore_all",
        max_to_keep=definition.max_to_keep,
        sharded=definition.sharded,
        keep_checkpoint_every_n_hours=definition.keep_checkpoint_every_n_hours,
        version=meta_graph_pb.SaverDef.V2,
    )


def _scalar_shape():
    from tinytf.framework.tensor_shape import TensorShape

    return TensorShape([])


def _add_collection(meta_graph, graph, key, excluded_ops) -> None:
    """Stores one collection as TensorFlow does; values it cannot store are left out."""
    if not isinstance(key, str):
        return
    values = graph.get_collection(key)
    if not values:
        return
    collection = meta_graph_pb.CollectionDef()
    if key in VARIABLE_COLLECTIONS and all(isinstance(v, Variable) for v in values):
        collection.bytes_list.value.extend(v.to_proto().SerializeToString() for v in values)
    elif all(isinstance(v, (Tensor, Operation, Variable)) for v in values):
        names = [v.name for v in values if _op_of(v).name not in excluded_ops]
        if not names:
            return
        collection.node_list.value.extend(names)
    elif all(isinstance(v, (str, bytes)) for v in values):
        collection.bytes_list.value.extend(values)
    elif all(isinstance(v, bool) is False and isinstance(v, int) for v in values):
        collection.int64_list.value.extend(values)
    elif all(isinstance(v, float) for v in values):
        collection.float_list.value.extend(values)
    else:
        return  # Python objects (e.g. a layer's state): TensorFlow skips them with a warning
    meta_graph.collection_def[key].CopyFrom(collection)


def _op_of(value):
    return value if isinstance(value, Operation) else value.op


def read_meta_graph_file(filename):
    """The MetaGraphDef in a binary .meta file."""
    filename = os.fspath(filename)
    if not os.path.exists(filename):
        raise OSError(f"File {filename} does not exist.")
    with open(filename, "rb") as file:
        data = file.read()
    try:
        return meta_graph_pb.MetaGraphDef.FromString(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise OSError(
            f"Cannot parse file {filename}: it is not a binary MetaGraphDef ({error})."
        ) from error


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Adds the graph of a MetaGraphDef (or .meta file) to the default graph, restores its
    collections, and returns a Saver of its variables (None if it has none)."""
    from tinytf.train.saver import Saver

    if isinstance(meta_graph_or_file, meta_graph_pb.MetaGraphDef):
        meta_graph = meta_graph_or_file
    elif hasattr(meta_graph_or_file, "SerializeToString"):
        meta_graph = meta_graph_pb.MetaGraphDef.FromString(meta_graph_or_file.SerializeToString())
    else:
        meta_graph = read_meta_graph_file(meta_graph_or_file)
    saver_scope = _saver_scope(meta_graph)
    graph_def = type(meta_graph.graph_def)()
    graph_def.versions.CopyFrom(meta_graph.graph_def.versions)
    if meta_graph.graph_def.HasField("library"):  # the functions of If and While nodes
        graph_def.library.CopyFrom(meta_graph.graph_def.library)
    for node in meta_graph.graph_def.node:
        if saver_scope is None or not node.name.startswith(saver_scope):
            copy = graph_def.node.add()
            copy.CopyFrom(node)
            if clear_devices:
                copy.device = ""
    import_graph_def(graph_def, name=import_scope or "")
    graph = get_default_graph()
    variables = {}
    for key, collection in sorted(meta_graph.collection_def.items()):
        _restore_collection(graph, key, collection, import_scope, saver_scope, variables)
    var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=import_scope)
    if not var_list:
        return None
    saver_def = meta_graph.saver_def
    max_to_keep = saver_def.max_to_keep if meta_graph.HasField("saver_def") else 5
    return Saver(var_list=var_list, max_to_keep=max_to_keep)


def _saver_scope(meta_graph):
    """The scope of the graph's saver nodes ("save/"), if it has a SaverDef."""
    if not meta_graph.HasField("saver_def"):
        return None
    scope = meta_graph.saver_def.restore_op_name.rpartition("/")[0]
    return f"{scope}/" if scope else None


def _restore_collection(graph, key, collection, import_scope, saver_scope, variables) -> None:
    kind = collection.WhichOneof("kind")
    if kind == "node_list":
        for name in collection.node_list.value:
            if saver_scope and name.startswith(saver_scope):
                continue
            full_name = f"{import_scope}/{name}" if import_scope else name
            graph.add_to_collection(key, graph.as_graph_element(full_name))
    elif kind == "bytes_list" and key in VARIABLE_COLLECTIONS:
        for data in collection.bytes_list.value:
            variable_def = meta_graph_pb.VariableDef.FromString(data)
            name = variable_def.variable_name
            if name not in variables:
                variables[name] = Variable.from_proto(variable_def, import_scope=import_scope)
            graph.add_to_collection(key, variables[name])
    elif kind is not None:
        for value in getattr(collection, kind).value:
            graph.add_to_collection(key, value)
