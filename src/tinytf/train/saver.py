"""tf.train.Saver: saves and restores variables as TensorFlow's V2 checkpoints.

Saving fetches the variables' values with `sess.run` and writes `prefix.data-00000-of-00001`
then `prefix.index` (see checkpoint_format), then the `checkpoint` state file, each through
a temporary file that is fsync'd and renamed. Saving again to the same prefix (no
global_step) keeps the old checkpoint's bytes inside the new data file until the new index
has replaced the old one (see BundleWriter): an interrupted save never loses the last
checkpoint. Restoring reads and checks everything first (names, dtypes, shapes, every
tensor's CRC-32C), and only then assigns all variables in one `sess.run` of Assign ops that
the Saver built once, fed through placeholders; so a failed restore changes no variable.

With `write_meta_graph` (the default, as in TensorFlow) `save` also writes `prefix.meta`,
the MetaGraphDef that `tf.train.import_meta_graph` (tinytf's or TensorFlow's) reads to
rebuild the graph without its Python (see meta_graph).
"""

from __future__ import annotations

import os
import time

import numpy as np

from tinytf.client.session import Session
from tinytf.framework import errors
from tinytf.framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from tinytf.framework.protobuf.meta_graph_pb import SaverDef
from tinytf.framework.shape_text import dims_text
from tinytf.ops import control_flow_ops, placeholder_ops, state_ops
from tinytf.train import checkpoint_management, meta_graph
from tinytf.train.checkpoint_format.tensor_bundle import BundleReader, BundleWriter

_RESTORE_FAILED = (
    "Restoring from checkpoint failed. This is most likely due to {} from the "
    "checkpoint. Please ensure that you have not altered the graph expected "
    "based on the checkpoint. Original error:\n\n{}"
)
_SAVEABLE_OBJECTS = "saveable_objects"  # tf.GraphKeys.SAVEABLE_OBJECTS
# TensorFlow's DataTypeString spellings in messages.
_MESSAGE_DTYPE = {"float32": "float", "float64": "double", "float16": "half"}


class _InvalidCheckpointPathError(errors.NotFoundError, ValueError):
    """A restore from a prefix with no checkpoint: TensorFlow 2's compat.v1 Saver raises
    ValueError, older TensorFlow 1.x NotFoundError; this error is both."""


def _variable_ref(item) -> Tensor:
    """The reference tensor of a variable, or of a VariableV2 op's output."""
    ref = item._ref() if hasattr(item, "_ref") else item
    if not isinstance(ref, Tensor) or ref.op.type != "VariableV2":
        raise TypeError(f"Variable to save is not a Variable: {item}")
    return ref


def _names_to_refs(var_list) -> dict[str, Tensor]:
    """Checkpoint name -> variable reference, as TensorFlow's op_list_to_dict."""
    if isinstance(var_list, dict):
        named = {name: _variable_ref(item) for name, item in var_list.items()}
    elif isinstance(var_list, (list, tuple, set)):
        named = {}
        for item in _flatten(var_list):
            ref = _variable_ref(item)
            if ref.op.name in named:
                raise ValueError(f"At least two variables have the same name: {ref.op.name}")
            named[ref.op.name] = ref
    else:
        raise TypeError(f"Variables to save should be passed in a dict or a list. Got {var_list}")
    seen = {}
    for name in sorted(named):
        if named[name].op in seen:
            raise ValueError(f"The same saveable will be restored with two names: {name}")
        seen[named[name].op] = name
    return {name: named[name] for name in sorted(named)}


def _flatten(items) -> list:
    flat = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, (list, tuple)) else [item])
    return flat


def _dtype_text(dtype) -> str:
    return _MESSAGE_DTYPE.get(dtype.name, dtype.name)


class Saver:
    """Saves and restores variables (TensorFlow 1.x's `tf.train.Saver`, V2 format only).

    `sharded`, `restore_sequentially` and `filename` are accepted and have no effect
    (tinytf writes one shard); `saver_def` and `builder` are not supported.
    """

    def __init__(
        self,
        var_list=None,
        reshape=False,
        sharded=False,
        max_to_keep=5,
        keep_checkpoint_every_n_hours=10000.0,
        name=None,
        restore_sequentially=False,
        saver_def=None,
        builder=None,
        defer_build=False,
        allow_empty=False,
        write_version=SaverDef.V2,
        pad_step_number=False,
        save_relative_paths=False,
        filename=None,
    ) -> None:
        if defer_build and var_list:
            raise ValueError(
                "If `var_list` is provided then build cannot be deferred. "
                "Either set defer_build=False or var_list=None."
            )
        if saver_def is not None or builder is not None:
            raise NotImplementedError(
                "tinytf's Saver builds its own restore ops; it does not "
                "take a saver_def or a builder."
            )
        if write_version != SaverDef.V2:
            raise NotImplementedError(
                "tinytf writes only the V2 checkpoint format (write_version=tf.train.SaverDef.V2)."
            )
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints: list[tuple[str, float]] = []
        self._checkpoints_to_be_deleted: list[tuple[str, float]] = []
        self._is_built = False
        self._is_empty = None
        self._eager = False
        self.saver_def = None
        if not defer_build:
            self.build()

    def build(self) -> None:
        """Adds the restore ops (once): per variable a placeholder and an Assign, grouped."""
        if self._is_built:
            return
        self._is_built = True
        if self._var_list is None:
            graph = get_default_graph()
            if graph.executes_eagerly:
                raise RuntimeError(
                    "When eager execution is enabled, `var_list` must specify a list or dict "
                    "of variables to save"
                )
            self._var_list = graph.get_collection(
                GraphKeys.GLOBAL_VARIABLES
            ) + graph.get_collection(_SAVEABLE_OBJECTS)
        if not self._var_list:
            if not self._allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            return
        self._is_empty = False
        self._refs = _names_to_refs(self._var_list)
        graph = next(iter(self._refs.values())).graph
        self._feeds: dict[str, Tensor] = {}
        self._assigns: dict[str, Tensor] = {}
        self._eager = graph.executes_eagerly
        if self._eager:  # eager variables are read and assigned directly, without ops
            self._next_checkpoint_time = time.time() + self._keep_checkpoint_every_n_hours * 3600
            return
        with graph.as_default(), name_scope(self._name, "save") as scope:
            for name, ref in self._refs.items():
                value = placeholder_ops.placeholder(ref.dtype, ref.shape, name="restore_value")
                self._feeds[name] = value
                self._assigns[name] = state_ops.assign(
                    ref, value, validate_shape=ref.shape.is_fully_defined()
                )
            self._restore_op = control_flow_ops.group(*self._assigns.values(), name="restore_all")
        self.saver_def = SaverDef(
            restore_op_name=f"{scope}restore_all",
            max_to_keep=self._max_to_keep or 0,
            sharded=self._sharded,
            keep_checkpoint_every_n_hours=self._keep_checkpoint_every_n_hours,
        )
        self._next_checkpoint_time = time.time() + self._keep_checkpoint_every_n_hours * 3600

    def _own_ops(self) -> set:
        """The names of the ops this Saver added to restore with."""
        ops = [tensor.op for tensor in (*self._feeds.values(), *self._assigns.values())]
        return {op.name for op in ops} | {self._restore_op.name}

    def as_saver_def(self) -> SaverDef | None:
        return self.saver_def

    to_proto = as_saver_def

    def _check_built(self) -> None:
        if not self._is_built:
            raise RuntimeError(
                "`build()` should be called before save or restore if defer_build==True"
            )

    # Saving.
    def save(
        self,
        sess,
        save_path,
        global_step=None,
        latest_filename=None,
        meta_graph_suffix="meta",
        write_meta_graph=True,
        write_state=True,
        strip_default_attrs=False,
        save_debug_info=False,
    ) -> str | None:
        """Writes the variables to `save_path` (+ `-global_step`); returns that prefix."""
        self._check_built()
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = int(sess.run(global_step))
            step = f"{global_step:08d}" if self._pad_step_number else f"{global_step}"
            checkpoint_file = f"{save_path}-{step}"
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError(
                    f"'latest_filename' collides with 'save_path': "
                    f"'{latest_filename}' and '{save_path}'"
                )
        if not isinstance(sess, Session) and not (self._eager and sess is None):
            raise TypeError(f"'sess' must be a Session; {sess}")
        if self._is_empty:
            return None
        save_dir = os.path.dirname(save_path)
        if save_dir and not os.path.isdir(os.path.dirname(save_dir) or "."):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
        refs = list(self._refs.values())
        values = [ref.numpy() for ref in refs] if self._eager else sess.run(refs)
        with BundleWriter(checkpoint_file) as writer:
            for name, value in zip(self._refs, values, strict=True):
                writer.add(name, value)
            writer.finish()
        if write_state:
            self._record_last_checkpoint(checkpoint_file)
            checkpoint_management.update_checkpoint_state(
                save_dir,
                checkpoint_file,
                self.last_checkpoints,
                latest_filename,
                save_relative_paths=self._save_relative_paths,
            )
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        if write_meta_graph and not self._eager:  # eager mode has no graph to write
            self.export_meta_graph(f"{checkpoint_file}.{meta_graph_suffix}", graph=sess.graph)
        return checkpoint_file

    def _record_last_checkpoint(self, path: str) -> None:
        if not self._max_to_keep:
            return
        self._last_checkpoints = [entry for entry in self._last_checkpoints if entry[0] != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix: str) -> None:
        """Deletes the oldest checkpoint past max_to_keep, unless it is one kept every N hours."""
        if not self._checkpoints_to_be_deleted:
            return
        path, saved_at = self._checkpoints_to_be_deleted.pop(0)
        if saved_at > self._next_checkpoint_time:
            self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
            return
        checkpoint_management.remove_checkpoint(path, SaverDef.V2, meta_graph_suffix)

    # Restoring.
    def restore(self, sess, save_path) -> None:
        """Assigns every variable its value in the checkpoint `save_path`, or none of them."""
        self._check_built()
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        prefix = os.fspath(save_path)
        if not checkpoint_management.checkpoint_exists(prefix):
            raise _InvalidCheckpointPathError(
                None, None, f"The passed save_path is not a valid checkpoint: {prefix}"
            )
        reader = BundleReader(prefix)
        for name, ref in self._refs.items():
            self._check_entry(reader, name, ref)
        values = reader.read(list(self._refs))
        restored = {}
        for name, value in values.items():
            dims = self._refs[name].shape.as_tuple()
            if self._reshape and dims is not None and None not in dims:
                value = value.reshape(dims)
            restored[name] = value
        if self._eager:
            for name, value in restored.items():
                state_ops.assign(self._refs[name], value)
        else:
            sess.run(self._restore_op, {self._feeds[name]: v for name, v in restored.items()})

    def _check_entry(self, reader: BundleReader, name: str, ref: Tensor) -> None:
        """Raises TensorFlow's restore errors for a missing key or a dtype or shape mismatch."""
        if name not in reader:
            raise errors.NotFoundError(
                None,
                None,
                _RESTORE_FAILED.format(
                    "a Variable name or other graph key that is missing",
                    f"Key {name} not found in checkpoint {reader.prefix}",
                ),
            )
        entry = reader.entry(name)
        if entry.dtype != ref.dtype.as_datatype_enum:
            saved = reader.dtype(name)
            raise errors.InvalidArgumentError(
                None,
                None,
                _RESTORE_FAILED.format(
                    "a mismatch between the current graph and the graph",
                    f"tensor_name = {name}; expected dtype {_dtype_text(ref.dtype)} does not "
                    f"equal original dtype {_dtype_text(saved)} (checkpoint {reader.prefix})",
                ),
            )
        dims = ref.shape.as_tuple()
        if dims is None or None in dims or tuple(dims) == entry.shape:
            return
        if self._reshape and np.prod(dims) == np.prod(entry.shape):
            return
        raise errors.InvalidArgumentError(
            None,
            self._assigns[name].op,
            _RESTORE_FAILED.format(
                "a mismatch between the current graph and the graph",
                f"Assign requires shapes of both tensors to match. lhs shape= {dims_text(dims)} "
                f"rhs shape= {dims_text(tuple(entry.shape))} (variable {name}, checkpoint "
                f"{reader.prefix})",
            ),
        )

    # The list of kept checkpoints.
    @property
    def last_checkpoints(self) -> list[str]:
        """Checkpoints not yet deleted, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints) -> None:
        """Deprecated in TensorFlow: these checkpoints get an infinite time, never deleted."""
        assert isinstance(last_checkpoints, list)
        self._last_checkpoints = [(path, np.inf) for path in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time) -> None:
        assert isinstance(last_checkpoints_with_time, list)
        self._last_checkpoints = last_checkpoints_with_time

    def recover_last_checkpoints(self, checkpoint_paths) -> None:
        """Takes back the checkpoints that still exist, timed by their files' mtimes."""
        kept = []
        for path in checkpoint_paths:
            mtimes = checkpoint_management.get_checkpoint_mtimes([path])
            if mtimes:
                kept.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(kept)

    def export_meta_graph(
        self,
        filename=None,
        collection_list=None,
        as_text=False,
        export_scope=None,
        clear_devices=False,
        clear_extraneous_savers=False,
        strip_default_attrs=False,
        save_debug_info=False,
        graph=None,
    ):
        """The graph, this Saver and the collections as a MetaGraphDef (to `filename`)."""
        return meta_graph.export_meta_graph(
            filename,
            collection_list=collection_list,
            as_text=as_text,
            export_scope=export_scope,
            clear_devices=clear_devices,
            graph=graph,
            saver=self,
        )


export_meta_graph = meta_graph.export_meta_graph
import_meta_graph = meta_graph.import_meta_graph
