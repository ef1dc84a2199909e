"""`tf.saved_model.loader.load`: a SavedModel's meta graph imported into the session's
graph and its variables restored."""

from __future__ import annotations

import os

from tinytf.framework.protobuf.meta_graph_pb import SavedModel
from tinytf.saved_model import constants
from tinytf.train.meta_graph import import_meta_graph


def contains_saved_model(export_dir) -> bool:
    return os.path.isfile(os.path.join(os.fspath(export_dir), constants.SAVED_MODEL_FILENAME_PB))


maybe_saved_model_directory = contains_saved_model


def _read_saved_model(export_dir) -> SavedModel:
    path = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    if not os.path.isfile(path):
        raise OSError(
            f"SavedModel file does not exist at: {export_dir}/{{saved_model.pbtxt|saved_model.pb}}"
        )
    with open(path, "rb") as file:
        data = file.read()
    try:
        return SavedModel.FromString(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise OSError(f"Cannot parse file {path}: {error}.") from error


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Imports the meta graph tagged `tags` into `sess.graph`, restores its variables from
    `export_dir`/variables, runs its init op, and returns the MetaGraphDef."""
    export_dir = os.fspath(export_dir)
    saved_model = _read_saved_model(export_dir)
    wanted = set(tags)
    for meta_graph in saved_model.meta_graphs:
        if set(meta_graph.meta_info_def.tags) == wanted:
            break
    else:
        available = [list(m.meta_info_def.tags) for m in saved_model.meta_graphs]
        raise RuntimeError(
            f"MetaGraphDef associated with tags {sorted(wanted)} could not be found in "
            f"SavedModel. Available tag-sets: {available}"
        )
    with sess.graph.as_default():
        saver = import_meta_graph(meta_graph, import_scope=import_scope)
        if saver is not None:
            prefix = os.path.join(
                export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME
            )
            saver.restore(sess, prefix)
        for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
            init_ops = sess.graph.get_collection(key)
            if init_ops:
                sess.run(init_ops)
                break
    return meta_graph
