"""Session options (`tf.ConfigProto`, `tf.GPUOptions`, `tf.RunOptions`, `tf.RunMetadata`).

tinytf runs every op on the CPU through NumPy, so these only record what they are given:
TF 1.x programs that build them run unchanged, and nothing they set changes a result.
"""

from __future__ import annotations


class _Options:
    """Keyword fields stored as attributes, as a protocol buffer message would hold them."""

    _defaults: dict = {}

    def __init__(self, **fields) -> None:
        for name, value in self._defaults.items():
            setattr(self, name, value() if callable(value) else value)
        for name, value in fields.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({fields})"


class GPUOptions(_Options):
    _defaults = {"allow_growth": False, "per_process_gpu_memory_fraction": 0.0,
                 "visible_device_list": ""}


class ConfigProto(_Options):
    _defaults = {"allow_soft_placement": False, "log_device_placement": False,
                 "intra_op_parallelism_threads": 0, "inter_op_parallelism_threads": 0,
                 "device_count": dict, "gpu_options": GPUOptions}


class RunOptions(_Options):
    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3
    _defaults = {"trace_level": 0, "timeout_in_ms": 0}


class RunMetadata(_Options):
    _defaults = {"step_stats": None, "partition_graphs": list}
