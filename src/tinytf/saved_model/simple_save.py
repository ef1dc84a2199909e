"""`tf.saved_model.simple_save`: a model's graph, variables and Predict signature in a
SavedModel directory, ready for TensorFlow Serving or `loader.load`."""

from __future__ import annotations

import os

from tinytf.framework.graph import GraphKeys
from tinytf.framework.protobuf.meta_graph_pb import SavedModel
from tinytf.saved_model import constants, signature_constants, tag_constants
from tinytf.saved_model.signature_def_utils import predict_signature_def
from tinytf.train.meta_graph import export_meta_graph
from tinytf.train.saver import Saver


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Writes `export_dir`/saved_model.pb (the meta graph, tagged "serve", with a
    "serving_default" Predict signature) and `export_dir`/variables/variables.*."""
    export_dir = os.fspath(export_dir)
    if os.path.exists(export_dir) and os.listdir(export_dir):
        raise AssertionError(
            "Export directory already exists, and isn't empty. Please choose a different "
            f"export directory, or delete all the contents of the specified directory: "
            f"{export_dir}"
        )
    signature = predict_signature_def(inputs, outputs)
    graph = session.graph
    with graph.as_default():
        variables = graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
        saver = Saver(var_list=variables, allow_empty=True) if variables else None
        if legacy_init_op is not None:
            graph.add_to_collection(constants.LEGACY_INIT_OP_KEY, legacy_init_op)
    variables_dir = os.path.join(export_dir, constants.VARIABLES_DIRECTORY)
    os.makedirs(variables_dir, exist_ok=True)
    if saver is not None:
        prefix = os.path.join(variables_dir, constants.VARIABLES_FILENAME)
        saver.save(session, prefix, write_meta_graph=False, write_state=False)
    meta_graph = export_meta_graph(graph=graph, saver=saver)
    meta_graph.meta_info_def.tags.append(tag_constants.SERVING)
    key = signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    meta_graph.signature_def[key].CopyFrom(signature)
    saved_model = SavedModel(saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
    saved_model.meta_graphs.add().CopyFrom(meta_graph)
    with open(os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB), "wb") as file:
        file.write(saved_model.SerializeToString())
