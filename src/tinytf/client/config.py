"""Session options: tf.ConfigProto (with GPU, graph, optimizer options), RunOptions, RunMetadata.

tinytf runs every op on the CPU through NumPy, so these mostly record what they are given:
TF 1.x programs that build them run unchanged, and nothing they set changes a result.
`intra_op_parallelism_threads`, when positive, caps the threads of the matrix products
(client/blas_threads.py). One field is tinytf's own: `ConfigProto(plan_cache_size=n)`
bounds how many compiled run signatures a Session keeps (see client/plan_cache.py).
"""

from __future__ import annotations

from tinytf.client.plan_cache import DEFAULT_MAX_SIZE


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
    _defaults = {
        "allow_growth": False,
        "per_process_gpu_memory_fraction": 0.0,
        "visible_device_list": "",
    }


class OptimizerOptions(_Options):
    L1, L0 = 0, -1  # TensorFlow's graph optimisation levels (DEFAULT = L1)
    ON_1, OFF, DEFAULT = 1, -1, 0  # its JIT levels
    _defaults = {
        "opt_level": 0,
        "do_common_subexpression_elimination": False,
        "do_constant_folding": False,
        "do_function_inlining": False,
        "global_jit_level": 0,
    }


class GraphOptions(_Options):
    _defaults = {
        "optimizer_options": OptimizerOptions,
        "build_cost_model": 0,
        "infer_shapes": False,
        "place_pruned_graph": False,
    }


class ConfigProto(_Options):
    _defaults = {
        "allow_soft_placement": False,
        "log_device_placement": False,
        "intra_op_parallelism_threads": 0,
        "inter_op_parallelism_threads": 0,
        "device_count": dict,
        "gpu_options": GPUOptions,
        "graph_options": GraphOptions,
        "plan_cache_size": DEFAULT_MAX_SIZE,
    }


class RunOptions(_Options):
    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3
    _defaults = {"trace_level": 0, "timeout_in_ms": 0}


class RunMetadata(_Options):
    _defaults = {"step_stats": None, "partition_graphs": list}
