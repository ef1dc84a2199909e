"""Finding checkpoints: the `checkpoint` state file, latest_checkpoint, checkpoint_exists."""

from __future__ import annotations

import glob
import logging
import os
import re

from tinytf.train.checkpoint_format.atomic_file import write_atomically
from tinytf.train.checkpoint_format.checkpoint_state import CheckpointState, TextFormatError

_logger = logging.getLogger("tinytf")


def _state_filename(save_dir: str, latest_filename: str | None) -> str:
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(
    save_dir,
    model_checkpoint_path,
    all_model_checkpoint_paths=None,
    all_model_checkpoint_timestamps=None,
    last_preserved_timestamp=None,
) -> CheckpointState:
    """A CheckpointState whose relative paths are made relative to a relative `save_dir`."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    timestamps = list(all_model_checkpoint_timestamps or [])
    if timestamps and len(timestamps) != len(paths):
        raise ValueError(
            f"Checkpoint timestamps, if provided, must match checkpoint paths "
            f"(got paths {paths} and timestamps {timestamps})"
        )
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [path if os.path.isabs(path) else os.path.relpath(path, save_dir) for path in paths]
    return CheckpointState(
        model_checkpoint_path, paths, timestamps, last_preserved_timestamp or 0.0
    )


def update_checkpoint_state(
    save_dir,
    model_checkpoint_path,
    all_model_checkpoint_paths=None,
    latest_filename=None,
    all_model_checkpoint_timestamps=None,
    last_preserved_timestamp=None,
    save_relative_paths=False,
) -> None:
    """Atomically rewrites the state file `save_dir/checkpoint` (or `latest_filename`)."""
    save_dir = os.fspath(save_dir)
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:

        def relative(path):
            return os.path.relpath(path, save_dir) if os.path.isabs(path) else path

        model_checkpoint_path = relative(model_checkpoint_path)
        paths = [relative(path) for path in paths]
    state = generate_checkpoint_state_proto(
        save_dir,
        model_checkpoint_path,
        paths,
        all_model_checkpoint_timestamps,
        last_preserved_timestamp,
    )
    filename = _state_filename(save_dir, latest_filename)
    if filename == state.model_checkpoint_path:
        raise RuntimeError(
            f"Save path '{model_checkpoint_path}' conflicts with path used for "
            "checkpoint state.  Please use a different save path."
        )
    write_atomically(filename, state.to_text().encode("utf-8"))


def get_checkpoint_state(checkpoint_dir, latest_filename=None) -> CheckpointState | None:
    """The state in `checkpoint_dir/checkpoint` with paths joined to the directory, or None."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = _state_filename(checkpoint_dir, latest_filename)
    try:
        with open(filename, "rb") as file:
            text = file.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        state = CheckpointState.from_text(text)
    except TextFormatError as exc:
        _logger.warning("%s: %s\n%s: Checkpoint ignored", type(exc).__name__, exc, filename)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [
        path if os.path.isabs(path) else os.path.join(checkpoint_dir, path)
        for path in state.all_model_checkpoint_paths
    ]
    return state


def checkpoint_exists(checkpoint_prefix) -> bool:
    """Whether a checkpoint `prefix.index` (or, for V1, the file `prefix`) exists; globs apply."""
    checkpoint_prefix = os.fspath(checkpoint_prefix)
    return bool(glob.glob(checkpoint_prefix + ".index") or glob.glob(checkpoint_prefix))


def latest_checkpoint(checkpoint_dir, latest_filename=None) -> str | None:
    """The prefix the state file names as the latest, if its files exist; else None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    _logger.error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


def get_checkpoint_mtimes(checkpoint_prefixes) -> list[float]:
    """Modification times (seconds) of the checkpoints that exist, in the given order."""
    mtimes = []
    for prefix in checkpoint_prefixes:
        matches = glob.glob(prefix + ".index") or glob.glob(prefix)
        if matches:
            mtimes.append(os.stat(matches[0]).st_mtime_ns / 1e9)
    return mtimes


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta") -> str:
    base = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return f"{base}.{meta_graph_suffix}"


def remove_checkpoint(
    checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta"
) -> None:
    """Deletes a checkpoint's index, data and meta-graph files (those that exist)."""
    patterns = [meta_graph_filename(checkpoint_prefix, meta_graph_suffix)]
    if checkpoint_format_version == 2:
        patterns += [checkpoint_prefix + ".index", checkpoint_prefix + ".data-?????-of-?????"]
    else:
        patterns.append(checkpoint_prefix)
    for pattern in patterns:
        for path in glob.glob(pattern):
            try:
                os.remove(path)
            except FileNotFoundError:
                _logger.warning(
                    "Hit FileNotFoundError when deleting '%s', possibly because "
                    "another process is deleting the same file",
                    path,
                )
