"""Reading event files back with TensorBoard's own code, as its dashboards do."""

import sys
import types

import pytest

pytest.importorskip("tensorboard")


def _use_tensorboard_without_tensorflow():
    """TensorBoard loads TensorFlow (10 s) to read files when it is installed; most tinytf
    users have no TensorFlow, so read as they would: through TensorBoard's own stub, which
    it selects when the module `tensorboard.compat.notf` exists."""
    if "tensorflow" not in sys.modules:
        sys.modules.setdefault(
            "tensorboard.compat.notf", types.ModuleType("tensorboard.compat.notf")
        )


_use_tensorboard_without_tensorflow()

from tensorboard.backend.event_processing import event_file_loader  # noqa: E402
from tensorboard.backend.event_processing.event_accumulator import (  # noqa: E402
    EventAccumulator,
)


def accumulator(logdir):
    """An EventAccumulator that has loaded everything in `logdir` (kept in full)."""
    size_guidance = {
        "scalars": 0,
        "histograms": 0,
        "images": 0,
        "tensors": 0,
        "compressedHistograms": 0,
    }
    events = EventAccumulator(str(logdir), size_guidance=size_guidance)
    events.Reload()
    return events


def events_in(path):
    """Every Event protobuf of one event file, in order, as written (not migrated)."""
    from tensorboard.compat.proto.event_pb2 import Event

    return [
        Event.FromString(record)
        for record in event_file_loader.RawEventFileLoader(str(path)).Load()
    ]
