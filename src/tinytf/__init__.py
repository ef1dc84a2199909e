"""tinytf: TensorFlow 1.x's graph API on NumPy. Use it as `import tinytf as tf`.

Each block below re-exports one module's part of the `tf.*` surface.
"""

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
from tinytf.framework.registry import NoGradient, NotDifferentiable, RegisterGradient
from tinytf.framework.tensor_shape import Dimension, TensorShape

from tinytf.client.session import InteractiveSession, Session, get_default_session
from tinytf.client.config import (
    ConfigProto,
    GPUOptions,
    GraphOptions,
    OptimizerOptions,
    RunMetadata,
    RunOptions,
)
from tinytf import test

from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.array_ops import (
    boolean_mask,
    broadcast_to,
    concat,
    diag,
    diag_part,
    expand_dims,
    eye,
    fill,
    gather,
    gather_nd,
    identity,
    linspace,
    meshgrid,
    newaxis,
    one_hot,
    ones,
    ones_like,
    pad,
    range,
    rank,
    reshape,
    reverse,
    scatter_nd,
    sequence_mask,
    shape,
    shape_n,
    size,
    slice,
    split,
    squeeze,
    stack,
    stop_gradient,
    strided_slice,
    tile,
    unique,
    unsorted_segment_sum,
    unstack,
    zeros,
    zeros_like,
)
from tinytf.ops.array_ops import linspace as lin_space, reverse as reverse_v2
from tinytf.ops.control_flow_ops import case, cond, group, no_op, tuple, while_loop
from tinytf.ops.functional_ops import foldl, foldr, map_fn, scan
from tinytf.ops.gradients_impl import gradients
from tinytf.ops.sequence_ops import reverse_sequence
from tinytf.ops.math_ops import (
    abs,
    add,
    add_n,
    arg_max,
    arg_min,
    argmax,
    argmin,
    cast,
    ceil,
    check_numerics,
    clip_by_global_norm,
    clip_by_norm,
    clip_by_value,
    cos,
    count_nonzero,
    cumprod,
    cumsum,
    div,
    div_no_nan,
    divide,
    equal,
    erf,
    exp,
    expm1,
    floor,
    floor_div,
    floordiv,
    floormod,
    global_norm,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    matmul,
    matrix_determinant,
    matrix_diag,
    matrix_diag_part,
    matrix_inverse,
    matrix_set_diag,
    matrix_transpose,
    maximum,
    minimum,
    mod,
    multiply,
    negative,
    not_equal,
    pow,
    realdiv,
    reciprocal,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    round,
    rsqrt,
    scalar_mul,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    squared_difference,
    subtract,
    tan,
    tanh,
    tensordot,
    to_double,
    to_float,
    to_int32,
    to_int64,
    trace,
    transpose,
    truediv,
    truncatediv,
    truncatemod,
    where,
)
from tinytf.ops.math_ops import multiply as mul, negative as neg, subtract as sub
from tinytf import linalg, math
from tinytf.ops.placeholder_ops import placeholder, placeholder_with_default
from tinytf.ops.state_ops import assign, assign_add, assign_sub
from tinytf.ops.variables import (
    Variable,
    all_variables,
    global_variables,
    global_variables_initializer,
    initialize_all_variables,
    initialize_local_variables,
    initialize_variables,
    is_variable_initialized,
    local_variables,
    local_variables_initializer,
    model_variables,
    moving_average_variables,
    trainable_variables,
    variables_initializer,
)

from tinytf.framework.random_seed import set_random_seed
from tinytf.ops.init_ops import (
    constant_initializer,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    identity_initializer,
    ones_initializer,
    orthogonal_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    truncated_normal_initializer,
    uniform_unit_scaling_initializer,
    variance_scaling_initializer,
    zeros_initializer,
)
from tinytf.ops.random_ops import (
    multinomial,
    random_normal,
    random_shuffle,
    random_uniform,
    truncated_normal,
)
from tinytf.ops.variable_scope import (
    get_local_variable,
    get_variable,
    get_variable_scope,
    variable_scope,
)
from tinytf.ops.variable_store import AUTO_REUSE, VariableScope, no_regularizer
from tinytf.ops.variables import report_uninitialized_variables
from tinytf import initializers, random

from tinytf import metrics, train
from tinytf.ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue
from tinytf.ops.state_ops import count_up_to
from tinytf.framework.dtypes import resource, variant
from tinytf.ops.decomposition_ops import (
    cholesky,
    matrix_band_part,
    matrix_solve,
    matrix_triangular_solve,
)
from tinytf.ops.factorization_ops import cross, qr, self_adjoint_eig, self_adjoint_eigvals, svd
from tinytf.ops.sparse_ops import (
    SparseTensor,
    SparseTensorValue,
    edit_distance,
    sparse_placeholder,
    sparse_reduce_sum,
    sparse_tensor_dense_matmul,
    sparse_tensor_to_dense,
    sparse_to_dense,
)
from tinytf import image
from tinytf import io, python_io
from tinytf.io.reader_ops import (
    ReaderBase,
    TextLineReader,
    TFRecordReader,
    WholeFileReader,
    read_file,
    write_file,
)
from tinytf.io.parsing_ops import (
    FixedLenFeature,
    VarLenFeature,
    decode_csv,
    parse_example,
    parse_single_example,
)

from tinytf import contrib, layers, losses, nn

from tinytf import summary
from tinytf.summary.deprecated import (
    histogram_summary,
    image_summary,
    merge_all_summaries,
    merge_summary,
    scalar_summary,
)

from tinytf import compat
from tinytf.compat.v1 import (
    disable_eager_execution,
    disable_v2_behavior,
    enable_eager_execution,
    executing_eagerly,
)

from tinytf.eager.backprop import GradientTape, UnconnectedGradients
from tinytf.eager.function import function

from tinytf import app, data, flags, gfile, logging
from tinytf.logging import get_logger

# GraphDefs and MetaGraphDefs interchangeable with TensorFlow (tinytf's own protobufs).
from tinytf.framework.graph_def import make_ndarray, make_tensor_proto
from tinytf.framework.importer import import_graph_def
from tinytf.framework.protobuf.graph_pb import AttrValue, GraphDef, NameAttrList, NodeDef
from tinytf.framework.protobuf.meta_graph_pb import MetaGraphDef, TensorInfo
from tinytf.framework import graph_util
from tinytf import saved_model

from tinytf.framework import tensor as _tensor


def _notebook_drawing(graph_or_tensor):
    """What a Graph or Tensor shows in a notebook (framework/tensor.py): its drawing, with
    tinytf.viz imported only then, so that `import tinytf` stays quick."""
    from tinytf import viz

    return viz.to_svg(graph_or_tensor)


_tensor.set_notebook_drawing(_notebook_drawing)

__version__ = "1.15.0"  # the TensorFlow 1.x API level tinytf follows
VERSION = __version__


def __getattr__(name):
    """`tf.Summary`, `tf.Event`, `tf.SessionLog`...: TensorBoard's protobuf classes, imported
    on first use so that `import tinytf` needs only NumPy. Other missing names raise
    `_unsupported.UnsupportedError`, saying what to use instead."""
    if name in summary._PROTO_CLASSES:
        return getattr(summary, name)
    raise _unsupported.unsupported("tf", name, globals())
