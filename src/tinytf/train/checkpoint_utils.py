"""Reading checkpoints without a graph: NewCheckpointReader, list_variables, load_variable."""

from __future__ import annotations

import os

import numpy as np

from tinytf.train.checkpoint_format.tensor_bundle import BundleReader
from tinytf.train.checkpoint_management import latest_checkpoint

# DataType names as TensorFlow's debug strings spell them.
_DEBUG_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "float16": "DT_HALF"}


class CheckpointReader:
    """Reads the tensors of one V2 checkpoint (what `tf.train.NewCheckpointReader` returns)."""

    def __init__(self, prefix) -> None:
        self._bundle = BundleReader(os.fspath(prefix))

    def has_tensor(self, tensor_name: str) -> bool:
        return tensor_name in self._bundle

    def get_tensor(self, tensor_name: str):
        """The tensor's value as a NumPy array (a NumPy scalar for 0-d tensors, as TF)."""
        value = self._bundle.read([tensor_name])[tensor_name]
        return value[()] if value.ndim == 0 else value

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {key: list(self._bundle.shape(key)) for key in self._bundle.keys()}

    def get_variable_to_dtype_map(self) -> dict:
        return {key: self._bundle.dtype(key) for key in self._bundle.keys()}

    def debug_string(self) -> bytes:
        """One line per tensor: `name (DT_FLOAT) [2,3]`."""
        lines = []
        for key in self._bundle.keys():
            name = self._bundle.dtype(key).name
            dims = ",".join(str(size) for size in self._bundle.shape(key))
            lines.append(f"{key} ({_DEBUG_NAMES.get(name, 'DT_' + name.upper())}) [{dims}]\n")
        return "".join(lines).encode("utf-8")


def NewCheckpointReader(filepattern) -> CheckpointReader:  # noqa: N802 - TensorFlow's name
    """A CheckpointReader for the checkpoint with prefix `filepattern`."""
    if isinstance(filepattern, bytes):
        filepattern = filepattern.decode("utf-8")
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader of `ckpt_dir_or_file`: a checkpoint prefix, or a directory's latest one."""
    filename = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(filename):
        filename = latest_checkpoint(filename)
        if filename is None:
            raise ValueError(
                "Couldn't find 'checkpoint' file or checkpoints in given "
                f"directory {ckpt_dir_or_file}"
            )
    return NewCheckpointReader(filename)


def load_variable(ckpt_dir_or_file, name: str) -> np.ndarray:
    """The value saved under `name` (a trailing ":0" is ignored, as in TensorFlow)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def list_variables(ckpt_dir_or_file) -> list[tuple[str, list[int]]]:
    """(name, shape) of every tensor in the checkpoint, sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]
