"""tinytf: TensorFlow 1.x's graph API on NumPy. Use it as `import tinytf as tf`.

Each block below re-exports one module's part of the `tf.*` surface: the graph and dtypes
when imported, the rest on first use (`_LAZY_NAMES`; Tensor's operators load ops/math_ops
at their first use), so that `import tinytf` costs little more than NumPy.
"""

import importlib as _importlib

from tinytf import _unsupported
from tinytf.framework import dtypes, errors
from tinytf.framework.dtypes import (
    DType,
    as_dtype,
    bool,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
)
from tinytf.framework.dtypes import resource, variant
from tinytf.framework.graph import (
    Graph,
    GraphKeys,
    Operation,
    Tensor,
    add_to_collection,
    add_to_collections,
    control_dependencies,
    device,
    get_collection,
    get_collection_ref,
    get_default_graph,
    name_scope,
    reset_default_graph,
)
from tinytf.framework import registry as _registry
from tinytf.framework import tensor as _tensor
from tinytf.framework.registry import NoGradient, NotDifferentiable, RegisterGradient
from tinytf.framework.tensor_shape import Dimension, TensorShape

# The rest of the `tf.*` surface, loaded on first use: module -> the names `tf.*` takes
# from it. `_load_everything` loads it all in this order.
_LAZY_NAMES = {
    "tinytf.client.session": "InteractiveSession Session get_default_session",
    "tinytf.client.config": (
        "ConfigProto GPUOptions GraphOptions OptimizerOptions RunMetadata RunOptions"
    ),
    "tinytf.ops.constant_op": "constant convert_to_tensor",
    "tinytf.ops.math_ops": (
        "abs add add_n arg_max arg_min argmax argmin cast ceil check_numerics "
        "clip_by_global_norm clip_by_norm clip_by_value cos count_nonzero cumprod cumsum "
        "div div_no_nan divide equal erf exp expm1 floor floor_div floordiv floormod "
        "global_norm greater greater_equal is_finite is_inf is_nan less less_equal log "
        "log1p logical_and logical_not logical_or logical_xor matmul matrix_determinant "
        "matrix_diag matrix_diag_part matrix_inverse matrix_set_diag matrix_transpose "
        "maximum minimum mod multiply negative not_equal pow realdiv reciprocal "
        "reduce_all reduce_any reduce_logsumexp reduce_max reduce_mean reduce_min "
        "reduce_prod reduce_sum round rsqrt scalar_mul sigmoid sign sin sqrt square "
        "squared_difference subtract tan tanh tensordot to_double to_float to_int32 "
        "to_int64 trace transpose truediv truncatediv truncatemod where"
    ),
    "tinytf.ops.array_ops": (
        "boolean_mask broadcast_to concat diag diag_part expand_dims eye fill gather "
        "gather_nd identity linspace meshgrid newaxis one_hot ones ones_like pad range "
        "rank reshape reverse scatter_nd sequence_mask shape shape_n size slice split "
        "squeeze stack stop_gradient strided_slice tile unique unsorted_segment_sum "
        "unstack zeros zeros_like"
    ),
    "tinytf.ops.control_flow_ops": "case cond group no_op tuple while_loop",
    "tinytf.ops.functional_ops": "foldl foldr map_fn scan",
    "tinytf.ops.gradients_impl": "gradients",
    "tinytf.ops.sequence_ops": "reverse_sequence",
    "tinytf.ops.placeholder_ops": "placeholder placeholder_with_default",
    "tinytf.ops.state_ops": "assign assign_add assign_sub count_up_to",
    "tinytf.ops.variables": (
        "Variable all_variables global_variables global_variables_initializer "
        "initialize_all_variables initialize_local_variables initialize_variables "
        "is_variable_initialized local_variables local_variables_initializer "
        "model_variables moving_average_variables trainable_variables "
        "variables_initializer report_uninitialized_variables"
    ),
    "tinytf.framework.random_seed": "set_random_seed",
    "tinytf.ops.init_ops": (
        "constant_initializer glorot_normal_initializer glorot_uniform_initializer "
        "identity_initializer ones_initializer orthogonal_initializer "
        "random_normal_initializer random_uniform_initializer "
        "truncated_normal_initializer uniform_unit_scaling_initializer "
        "variance_scaling_initializer zeros_initializer"
    ),
    "tinytf.ops.random_ops": (
        "multinomial random_normal random_shuffle random_uniform truncated_normal"
    ),
    "tinytf.ops.variable_scope": (
        "get_local_variable get_variable get_variable_scope variable_scope"
    ),
    "tinytf.ops.variable_store": "AUTO_REUSE VariableScope no_regularizer",
    "tinytf.ops.data_flow_ops": "FIFOQueue PaddingFIFOQueue QueueBase RandomShuffleQueue",
    "tinytf.ops.decomposition_ops": (
        "cholesky matrix_band_part matrix_solve matrix_triangular_solve"
    ),
    "tinytf.ops.factorization_ops": "cross qr self_adjoint_eig self_adjoint_eigvals svd",
    "tinytf.ops.sparse_ops": (
        "SparseTensor SparseTensorValue edit_distance sparse_placeholder "
        "sparse_reduce_sum sparse_tensor_dense_matmul sparse_tensor_to_dense "
        "sparse_to_dense"
    ),
    "tinytf.io.reader_ops": (
        "ReaderBase TextLineReader TFRecordReader WholeFileReader read_file write_file"
    ),
    "tinytf.io.parsing_ops": (
        "FixedLenFeature VarLenFeature decode_csv parse_example parse_single_example"
    ),
    "tinytf.summary.deprecated": (
        "histogram_summary image_summary merge_all_summaries merge_summary scalar_summary"
    ),
    "tinytf.compat.v1": (
        "disable_eager_execution disable_v2_behavior enable_eager_execution executing_eagerly"
    ),
    "tinytf.eager.backprop": "GradientTape UnconnectedGradients",
    "tinytf.eager.function": "function",
    "tinytf.logging": "get_logger",
    "tinytf.framework.graph_def": "make_ndarray make_tensor_proto",
    "tinytf.framework.importer": "import_graph_def",
    "tinytf.framework.protobuf.graph_pb": "AttrValue GraphDef NameAttrList NodeDef",
    "tinytf.framework.protobuf.meta_graph_pb": "MetaGraphDef TensorInfo",
}
_LAZY_RENAMED = {
    "mul": ("tinytf.ops.math_ops", "multiply"),
    "neg": ("tinytf.ops.math_ops", "negative"),
    "sub": ("tinytf.ops.math_ops", "subtract"),
    "lin_space": ("tinytf.ops.array_ops", "linspace"),
    "reverse_v2": ("tinytf.ops.array_ops", "reverse"),
    "graph_util": ("tinytf.framework.graph_util", None),
}
_LAZY_SUBMODULES = (
    "test linalg math initializers random metrics train image io python_io contrib layers "
    "losses nn summary compat app data flags gfile logging saved_model"
)


def _notebook_drawing(graph_or_tensor):
    """What a Graph or Tensor shows in a notebook (framework/tensor.py): its drawing, with
    tinytf.viz imported only then, so that `import tinytf` stays quick."""
    from tinytf import viz

    return viz.to_svg(graph_or_tensor)


_tensor.set_notebook_drawing(_notebook_drawing)
_tensor.set_operators_loader(lambda: _importlib.import_module("tinytf.ops.math_ops"))

__version__ = "1.15.0"  # the TensorFlow 1.x API level tinytf follows
VERSION = __version__


def _lazy_source(name: str) -> tuple[str, str | None] | None:
    """(module, attribute) that `tf.<name>` comes from, attribute None for a submodule."""
    if name in _LAZY_RENAMED:
        return _LAZY_RENAMED[name]
    if name in _LAZY_SUBMODULES.split():
        return f"tinytf.{name}", None
    for module, names in _LAZY_NAMES.items():
        if name in names.split():
            return module, name
    return None


def _load(name: str):
    module_name, attribute = _lazy_source(name)
    module = _importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def _load_everything() -> None:
    """Loads every lazy name: all op types and gradients registered, as a GraphDef being
    imported or a gradient lookup by op type needs (framework/registry.py calls this on a
    miss), and every subpackage bound, as `dir(tf)` shows."""
    lazy = [name for names in _LAZY_NAMES.values() for name in names.split()]
    for name in [*lazy, *_LAZY_RENAMED, *_LAZY_SUBMODULES.split()]:
        if name not in globals():
            _load(name)


_registry.set_loader(_load_everything)


def __getattr__(name):
    """A lazy name is loaded on first use. `tf.Summary`, `tf.Event`, `tf.SessionLog`...:
    TensorBoard's protobuf classes, imported on first use so that `import tinytf` needs
    only NumPy. Other missing names raise `_unsupported.UnsupportedError`, saying what to
    use instead. `__all__`, which `from tinytf import *` reads, names every public name."""
    if name == "__all__":
        _load_everything()
        return [key for key in globals() if not key.startswith("_")]
    if name.startswith("_"):
        raise _unsupported.unsupported("tf", name, globals())
    if _lazy_source(name) is not None:
        return _load(name)
    summary = _load("summary")
    if name in summary._PROTO_CLASSES:
        return getattr(summary, name)
    _load_everything()
    if name in globals():  # a subpackage that loading the rest imported (tf.rnn)
        return globals()[name]
    raise _unsupported.unsupported("tf", name, globals())


def __dir__() -> list:
    _load_everything()
    return sorted(globals())
