"""The TF 1.x names tinytf leaves out, and what a program should use instead.

Every public namespace ends with `__getattr__ = unsupported_hook("tf.nn", globals())`, so
reading a name it lacks (`tf.nn.conv2d`) raises `UnsupportedError`, an AttributeError
saying "tinytf does not implement tf.nn.conv2d; <advice>" instead of a bare "module has
no attribute". docs/compat.md lists the same advice (tools/make_compat_table.py).
"""

from __future__ import annotations

CONVOLUTION = (
    "tinytf has 2-D convolutions and pooling (tf.nn.conv2d, tf.nn.max_pool, tf.layers.conv2d); "
    "use TensorFlow for 1-D and 3-D ones"
)
RECURRENT = (
    "tinytf runs tf.nn.rnn_cell cells with tf.nn.dynamic_rnn or tf.nn.static_rnn; use "
    "TensorFlow for raw_rnn, CTC and cuDNN RNNs"
)
ESTIMATOR = (
    "tinytf has no Estimator API; write the training loop with tf.Session and "
    "an optimizer's minimize(), as the course does"
)
KERAS = (
    "tinytf implements TF 1.x's graph API, not Keras; use tf.layers (dense, dropout, "
    "batch_normalization) with tf.train optimizers, or TensorFlow's Keras"
)
QUEUES = (
    "tinytf's readers are tf.TextLineReader, tf.WholeFileReader and tf.TFRecordReader; read "
    "other files with NumPy and queue them with tf.train.slice_input_producer"
)
FILES_IN_GRAPH = (
    "tinytf's tf.data reads no files; use the queue readers (tf.TextLineReader, "
    "tf.TFRecordReader with tf.train.string_input_producer), or load the data with NumPy "
    "and use tf.data.Dataset.from_tensor_slices"
)
IMAGES = (
    "tinytf's tf.image decodes and encodes PNG/JPEG, converts dtypes and resizes; crop, "
    "flip and color-adjust images with NumPy and feed the arrays through a placeholder"
)
SERVING = (
    "tinytf writes and imports GraphDefs, .meta files and SavedModels TensorFlow reads "
    "(tf.import_graph_def, tf.train.import_meta_graph, tf.graph_util, tf.saved_model); "
    "serve the model with TensorFlow"
)
SAVED_MODEL_BUILDER = (
    "tinytf writes SavedModels with tf.saved_model.simple_save and reads them with "
    "tf.saved_model.loader.load; it has no SavedModelBuilder or TF 2 save/load"
)
DISTRIBUTED = "tinytf runs in one process on the CPU; use tf.Session with a Python training loop"
PY_FUNC = (
    "tinytf cannot call Python inside the graph; compute that part with NumPy "
    "outside the graph and feed the result"
)
PRINTING = "fetch the tensor with sess.run(...) and print the value in Python"
SPARSE = (
    "tinytf's sparse support is tf.SparseTensor, tf.sparse_placeholder, sparse_to_dense, "
    "sparse_tensor_to_dense, sparse_reduce_sum, sparse_tensor_dense_matmul and "
    "edit_distance; use dense tensors (tf.gather, tf.one_hot) for the rest"
)
STRINGS = "tinytf has no string ops; process text in Python and feed numbers"
CLASSIC_ML = "tinytf has no classical ML estimators; use scikit-learn"
SAMPLED = (
    "tinytf has no sampled losses; use tf.nn.softmax_cross_entropy_with_logits over all classes"
)
BATCH_NORM = "use tf.layers.batch_normalization or tf.nn.batch_normalization"
CONTRIB = (
    "from tf.contrib, tinytf implements tf.contrib.layers, tf.contrib.rnn, "
    "tf.contrib.framework.smart_cond and the sequence losses of tf.contrib.seq2seq and "
    "tf.contrib.legacy_seq2seq"
)
PROJECTOR = (
    "tinytf writes scalars, histograms, images and graphs for TensorBoard; the "
    "embedding projector needs TensorFlow"
)

_CONVOLUTION_NAMES = [
    "tf.nn.conv1d",
    "tf.nn.conv3d",
    "tf.nn.conv3d_transpose",
    "tf.nn.max_pool3d",
    "tf.nn.avg_pool3d",
    "tf.layers.conv1d",
    "tf.layers.conv3d",
    "tf.layers.max_pooling1d",
    "tf.layers.max_pooling3d",
    "tf.layers.average_pooling1d",
    "tf.layers.average_pooling3d",
    "tf.layers.Conv1D",
    "tf.layers.Conv3D",
]

ADVICE = {name: CONVOLUTION for name in _CONVOLUTION_NAMES} | {
    "tf.nn.raw_rnn": RECURRENT,
    "tf.nn.ctc_loss": RECURRENT,
    "tf.contrib.cudnn_rnn": RECURRENT,
    "tf.estimator": ESTIMATOR,
    "tf.contrib.learn": ESTIMATOR,
    "tf.contrib.estimator": ESTIMATOR,
    "tf.feature_column": ESTIMATOR,
    "tf.keras": KERAS,
    "tf.contrib.keras": KERAS,
    "tf.keras.datasets": (
        "tinytf has no Keras; MNIST comes from "
        "tinytf.examples.tutorials.mnist.input_data.read_data_sets"
    ),
    "tf.contrib.slim": "use tf.layers or tf.contrib.layers.fully_connected",
    "tf.FixedLengthRecordReader": QUEUES,
    "tf.data.TFRecordDataset": FILES_IN_GRAPH,
    "tf.data.TextLineDataset": FILES_IN_GRAPH,
    "tf.data.FixedLengthRecordDataset": FILES_IN_GRAPH,
    "tf.data.experimental": FILES_IN_GRAPH,
    "tf.decode_raw": FILES_IN_GRAPH,
    "tf.random_crop": IMAGES,
    "tf.saved_model.builder": SAVED_MODEL_BUILDER,
    "tf.saved_model.Builder": SAVED_MODEL_BUILDER,
    "tf.saved_model.save": SAVED_MODEL_BUILDER,
    "tf.contrib.predictor": SERVING,
    "tf.lite": SERVING,
    "tf.distribute": DISTRIBUTED,
    "tf.train.Server": DISTRIBUTED,
    "tf.train.ClusterSpec": DISTRIBUTED,
    "tf.train.replica_device_setter": DISTRIBUTED,
    "tf.train.SyncReplicasOptimizer": DISTRIBUTED,
    "tf.train.MonitoredTrainingSession": DISTRIBUTED,
    "tf.train.Supervisor": DISTRIBUTED,
    "tf.train.MonitoredSession": DISTRIBUTED,
    "tf.train.SessionRunHook": DISTRIBUTED,
    "tf.train.StopAtStepHook": DISTRIBUTED,
    "tf.train.Scaffold": DISTRIBUTED,
    "tf.tpu": DISTRIBUTED,
    "tf.contrib.tpu": DISTRIBUTED,
    "tf.py_func": PY_FUNC,
    "tf.py_function": PY_FUNC,
    "tf.numpy_function": PY_FUNC,
    "tf.Print": PRINTING,
    "tf.print": PRINTING,
    "tf.debugging": PRINTING,
    "tf.sparse": SPARSE,
    "tf.nn.embedding_lookup_sparse": SPARSE,
    "tf.IndexedSlices": SPARSE,
    "tf.strings": STRINGS,
    "tf.string_split": STRINGS,
    "tf.as_string": STRINGS,
    "tf.string_to_number": STRINGS,
    "tf.substr": STRINGS,
    "tf.contrib.boosted_trees": CLASSIC_ML,
    "tf.contrib.tensor_forest": CLASSIC_ML,
    "tf.contrib.factorization": CLASSIC_ML,
    "tf.nn.nce_loss": SAMPLED,
    "tf.nn.sampled_softmax_loss": SAMPLED,
    "tf.nn.fused_batch_norm": BATCH_NORM,
    "tf.contrib.tensorboard": PROJECTOR,
    "tf.distributions": "use NumPy's random generators or tf.random_normal/tf.random_uniform",
    "tf.contrib.distributions": "use NumPy's random generators or tf.random_normal",
}


class UnsupportedError(AttributeError):
    """A TF 1.x name that tinytf does not implement; the message says what to use."""


def advice_for(symbol: str) -> str | None:
    """The advice for `symbol` or the closest enclosing namespace that has some."""
    parts = symbol.split(".")
    for end in range(len(parts), 1, -1):
        advice = ADVICE.get(".".join(parts[:end]))
        if advice is not None:
            return advice
    return CONTRIB if symbol.startswith("tf.contrib.") else None


def unsupported(namespace: str, name: str, module_globals: dict) -> AttributeError:
    """The error for reading `name` from the namespace `namespace` (e.g. "tf.nn")."""
    if name.startswith("_"):
        return AttributeError(f"module '{module_globals['__name__']}' has no attribute '{name}'")
    symbol = f"{namespace}.{name}"
    advice = advice_for(symbol)
    if advice is None:
        import difflib  # only on this error path: importing it costs `import tinytf` 2 ms

        public = [key for key in module_globals if not key.startswith("_")]
        close = difflib.get_close_matches(name, public, n=1)
        advice = (
            f"did you mean {namespace}.{close[0]}?"
            if close
            else "docs/compat.md lists the TF 1.x API that tinytf covers"
        )
    return UnsupportedError(f"tinytf does not implement {symbol}; {advice}")


def unsupported_hook(namespace: str, module_globals: dict):
    """A module `__getattr__` raising `unsupported(namespace, name)` for missing names."""

    def __getattr__(name: str):
        raise unsupported(namespace, name, module_globals)

    return __getattr__
