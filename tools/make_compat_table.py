"""Writes docs/compat.md: how tinytf covers the TF 1.x API that public programs use.

    python tools/make_compat_table.py          # rewrite docs/compat.md
    python tools/make_compat_table.py --check  # exit 1 if docs/compat.md is out of date

Every symbol used by two or more of the 124 programs counted in tools/tf1_api_usage.tsv,
plus the namespaces and aliases TF 1.x programs reach for (EXTRA), is looked up in
tinytf: missing names and functions that only raise NotImplementedError are "not
supported" with their advice; the others are "supported" or "partial" with what
differs, from the differential catalogue's notes and NOTES below. A symbol is "compared"
when the differential tier (tests/differential) runs it against TensorFlow, directly or
through an alias of the same function.
"""

import argparse
import sys
from pathlib import Path

# `python tools/make_compat_table.py` puts tools/ on the path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.api_coverage import IMPORTED, ROOT, Coverage, lookup, stub_message

USAGE = ROOT / "tools" / "tf1_api_usage.tsv"
OUTPUT = ROOT / "docs" / "compat.md"
MINIMUM_PROGRAMS = 2

# The usage table counts methods by name; these are the tinytf attributes they stand for.
METHODS = {
    ".run": "tf.Session.run",
    ".minimize": "tf.train.Optimizer.minimize",
    "with tf.Session()": "tf.Session.__enter__",
    ".next_batch": "tf.examples.tutorials.mnist.input_data.DataSet.next_batch",
    ".close": "tf.Session.close",
    ".save": "tf.train.Saver.save",
    ".restore": "tf.train.Saver.restore",
    ".eval": "tf.Tensor.eval",
    ".add_summary": "tf.summary.FileWriter.add_summary",
    ".assign": "tf.Variable.assign",
    ".initializer": "tf.Variable.initializer",
    ".as_default": "tf.Graph.as_default",
    ".get_shape": "tf.Tensor.get_shape",
    ".apply_gradients": "tf.train.Optimizer.apply_gradients",
    ".as_list": "tf.TensorShape.as_list",
    ".compute_gradients": "tf.train.Optimizer.compute_gradients",
    ".value": "tf.Dimension.value",
    ".reuse_variables": "tf.VariableScope.reuse_variables",
    ".get_tensor_by_name": "tf.Graph.get_tensor_by_name",
    ".flush": "tf.summary.FileWriter.flush",
}

EXTRA = [
    # Graphs interchangeable with TensorFlow (issue 13).
    "tf.import_graph_def",
    "tf.graph_util.convert_variables_to_constants",
    "tf.graph_util.extract_sub_graph",
    "tf.train.export_meta_graph",
    "tf.train.write_graph",
    "tf.saved_model.simple_save",
    "tf.saved_model.loader.load",
    "tf.summary.FileWriter.add_graph",
    "tf.app.run",
    "tf.app.flags.DEFINE_string",
    "tf.app.flags.DEFINE_integer",
    "tf.app.flags.DEFINE_float",
    "tf.app.flags.DEFINE_boolean",
    "tf.app.flags.FLAGS",
    "tf.flags",
    "tf.gfile.GFile",
    "tf.gfile.Exists",
    "tf.gfile.MakeDirs",
    "tf.gfile.DeleteRecursively",
    "tf.gfile.Glob",
    "tf.gfile.ListDirectory",
    "tf.logging.set_verbosity",
    "tf.logging.info",
    "tf.logging.INFO",
    "tf.logging.log_every_n",
    "tf.logging.log_first_n",
    "tf.data.Dataset.from_tensor_slices",
    "tf.data.Dataset.shuffle",
    "tf.data.Dataset.batch",
    "tf.data.Dataset.repeat",
    "tf.data.Dataset.map",
    "tf.data.Dataset.make_one_shot_iterator",
    "tf.data.Dataset.make_initializable_iterator",
    "tf.data.Iterator.get_next",
    "tf.data.Iterator.from_structure",
    "tf.initialize_all_variables",
    "tf.merge_all_summaries",
    "tf.train.SummaryWriter",
    "tf.to_int64",
    "tf.to_float",
    "tf.arg_max",
    "tf.mul",
    "tf.sub",
    "tf.neg",
    "tf.div",
    "tf.scalar_summary",
    "tf.histogram_summary",
    "tf.all_variables",
    "tf.initialize_local_variables",
    "tf.enable_eager_execution",
    "tf.executing_eagerly",
    "tf.GradientTape",
    "tf.function",
    "tf.contrib.eager.defun",
    # TensorFlow's internal modules (tinytf.python), and the queue input pipelines.
    "tf.python.framework.ops.reset_default_graph",
    "tf.python.framework.ops.get_default_graph",
    "tf.python.framework.dtypes.float32",
    "tf.python.framework.tensor_shape.TensorShape",
    "tf.python.ops.array_ops.placeholder",
    "tf.python.ops.math_ops.matmul",
    "tf.python.ops.nn_ops.relu",
    "tf.python.ops.init_ops.glorot_uniform_initializer",
    "tf.python.ops.variable_scope.get_variable",
    "tf.python.training.moving_averages.ExponentialMovingAverage",
    "tf.python.platform.gfile.Exists",
    "tf.python.client.device_lib.list_local_devices",
    "tf.FIFOQueue",
    "tf.RandomShuffleQueue",
    "tf.PaddingFIFOQueue",
    "tf.train.QueueRunner",
    "tf.train.Coordinator",
    "tf.train.start_queue_runners",
    "tf.train.string_input_producer",
    "tf.train.slice_input_producer",
    "tf.train.input_producer",
    "tf.train.range_input_producer",
    "tf.train.batch",
    "tf.train.shuffle_batch",
    "tf.train.batch_join",
    "tf.train.shuffle_batch_join",
    "tf.TextLineReader",
    "tf.WholeFileReader",
    "tf.TFRecordReader",
    "tf.decode_csv",
    "tf.read_file",
    "tf.parse_example",
    "tf.parse_single_example",
    "tf.FixedLenFeature",
    "tf.train.Example",
    "tf.python_io.TFRecordWriter",
    "tf.python_io.tf_record_iterator",
    "tf.cholesky",
    "tf.matrix_solve",
    "tf.matrix_triangular_solve",
    "tf.self_adjoint_eig",
    "tf.svd",
    "tf.qr",
    "tf.cross",
    "tf.SparseTensor",
    "tf.sparse_placeholder",
    "tf.sparse_tensor_to_dense",
    "tf.sparse_to_dense",
    "tf.sparse_reduce_sum",
    "tf.sparse_tensor_dense_matmul",
    "tf.edit_distance",
    "tf.image.decode_png",
    "tf.image.decode_jpeg",
    "tf.image.encode_png",
    "tf.image.convert_image_dtype",
    "tf.image.resize_images",
    # Control flow (issue 15): few tutorials call it, but tf.layers and RNNs build on it.
    "tf.cond",
    "tf.case",
    "tf.while_loop",
    "tf.map_fn",
    "tf.scan",
    "tf.foldl",
    "tf.foldr",
    "tf.contrib.framework.smart_cond",
    "tf.nn.rnn_cell.BasicRNNCell",
    "tf.nn.rnn_cell.BasicLSTMCell",
    "tf.nn.rnn_cell.LSTMCell",
    "tf.nn.rnn_cell.GRUCell",
    "tf.nn.rnn_cell.MultiRNNCell",
    "tf.nn.rnn_cell.DropoutWrapper",
    "tf.nn.rnn_cell.ResidualWrapper",
    "tf.nn.rnn_cell.LSTMStateTuple",
    "tf.nn.rnn_cell.RNNCell",
    "tf.nn.dynamic_rnn",
    "tf.nn.bidirectional_dynamic_rnn",
    "tf.nn.static_rnn",
    "tf.nn.static_bidirectional_rnn",
    "tf.contrib.rnn.LSTMCell",
    "tf.contrib.rnn.GRUCell",
    "tf.contrib.rnn.MultiRNNCell",
    "tf.contrib.rnn.DropoutWrapper",
    "tf.contrib.seq2seq.sequence_loss",
    "tf.contrib.legacy_seq2seq.sequence_loss_by_example",
    "tf.reverse_sequence",
]

RANDOM = (
    "reproducible with seeds, but the numbers differ from TensorFlow's (NumPy's "
    "generator, not Philox)"
)
IGNORED = "accepted and ignored: tinytf runs every op on the CPU, without tracing"
NOTES = {
    "tf.RunOptions": IGNORED,
    "tf.RunMetadata": IGNORED,
    "tf.ConfigProto": (
        "intra_op_parallelism_threads caps the BLAS threads; the other fields are accepted "
        "and ignored (tinytf runs every op on the CPU)"
    ),
    "tf.device": IGNORED,
    "tf.case": (
        "TensorFlow's Assert ops are not built: no run-time error when `exclusive` and several "
        "predicates hold, or without `default` when none does (the last function runs)"
    ),
    "tf.data.Dataset.shuffle": RANDOM,
    "tf.data.Dataset.map": (
        "the function may use its arguments and constants, not tensors of the program's graph"
    ),
    "tf.gfile.GFile": "local files only (no gs:// or hdfs://)",
    "tf.gfile.Glob": "local files only (no gs:// or hdfs://)",
    "tf.logging.log_every_n": (
        "counts calls per calling line; TensorFlow shares one count among all the calls "
        "made from a file"
    ),
    "tf.logging.log_first_n": (
        "counts calls per calling line; TensorFlow shares one count among all the calls "
        "made from a file"
    ),
    "tf.examples": "import it as `from tinytf.examples.tutorials.mnist import input_data`",
    # tinytf's one deliberate difference in conversions (issue 13).
    "tf.placeholder": (
        "a fed value that converting to the placeholder's dtype would change (2.7 into int32, "
        "300 into uint8) is refused with a TypeError saying what TensorFlow would have "
        "truncated it to; lossless conversions (1.0 into int32, [1, 0] into bool) are accepted"
    ),
    "tf.RandomShuffleQueue": RANDOM,
    "tf.train.shuffle_batch": RANDOM,
    "tf.train.shuffle_batch_join": RANDOM,
    "tf.parse_example": "FixedLenFeature and VarLenFeature (no SparseFeature)",
    "tf.parse_single_example": "FixedLenFeature and VarLenFeature (no SparseFeature)",
    "tf.decode_csv": "reads every column (no select_cols)",
    "tf.image.decode_jpeg": (
        "through Pillow (the `images` extra): pixels may differ from libjpeg's by a few levels"
    ),
    "tf.image.decode_png": "through Pillow (the `images` extra); uint8 only",
    "tf.image.resize_images": "BILINEAR and NEAREST_NEIGHBOR only",
}


def usage() -> list[tuple[str, int]]:
    """(symbol, programs using it) for the symbols at least MINIMUM_PROGRAMS use."""
    rows = [
        line.rstrip("\n").split("\t")
        for line in USAGE.read_text().splitlines()
        if line and not line.startswith("#")
    ][1:]
    return [(symbol, int(count)) for symbol, count, _ in rows if int(count) >= MINIMUM_PROGRAMS]


def describe(symbol: str, coverage: Coverage) -> tuple[str, str, bool]:
    """(status, note, compared) for one symbol of the table."""
    from tinytf import _unsupported

    name = METHODS.get(symbol, symbol)
    try:
        value = lookup(name)
    except AttributeError as error:
        advice = _unsupported.advice_for(name) or str(error).partition("; ")[2]
        return "not supported", advice, False
    message = stub_message(value) if callable(value) else None
    if message is not None:
        return "not supported", message, False
    if symbol.startswith("with "):  # a context manager: compared where it is made
        is_compared = name.rpartition(".")[0] in coverage.compared
    elif symbol in METHODS:
        is_compared = name.rpartition(".")[2] in coverage.attributes
    else:
        is_compared = coverage.covers(name, value)
    notes = sorted(coverage.notes.get(name, set()))
    prefix = ".".join(name.split(".")[:2])
    extra = NOTES.get(name) or NOTES.get(prefix)
    if extra:
        notes.insert(0, extra)
    status = "partial" if notes and name not in IMPORTED and prefix not in IMPORTED else "supported"
    return status, "; ".join(notes), is_compared


def render() -> str:
    coverage = Coverage()
    table = usage()
    counted = {symbol for symbol, _ in table}
    rows = [(symbol, str(count), *describe(symbol, coverage)) for symbol, count in table]
    extra = [
        (symbol, "-", *describe(symbol, coverage)) for symbol in EXTRA if symbol not in counted
    ]
    statuses = [row[2] for row in rows]
    lines = [
        "# TensorFlow 1.x API coverage",
        "",
        "Generated by `python tools/make_compat_table.py` from the usage counts in",
        "`tools/tf1_api_usage.tsv` (how many of 124 public TF 1.x example programs use each",
        "symbol), tinytf itself, and the differential tests in `tests/differential`; a test",
        "fails when this file is out of date.",
        "",
        f"Of the {len(rows)} symbols used by {MINIMUM_PROGRAMS} or more programs: "
        f"{statuses.count('supported')} supported, {statuses.count('partial')} partial, "
        f'{statuses.count("not supported")} not supported. "compared" means the '
        "differential tier runs the symbol on tinytf and on TensorFlow's compat.v1 and "
        "checks that values, gradients, shapes, dtypes, names or errors agree.",
        "",
        "A name tinytf lacks raises `AttributeError` (`tinytf._unsupported.UnsupportedError`):",
        '"tinytf does not implement tf.X; " and what to use instead, as in the last column.',
        "",
        *_table(rows, "programs"),
        "",
        "## Also covered",
        "",
        "TF 1.x namespaces and TF 0.x aliases that old programs use, fewer than "
        f"{MINIMUM_PROGRAMS} times in the usage table.",
        "",
        *_table(extra, "programs"),
    ]
    return "\n".join(lines) + "\n"


def _table(rows, count_title: str) -> list[str]:
    lines = [
        f"| symbol | {count_title} | status | compared | what differs, or what to use |",
        "|---|---|---|---|---|",
    ]
    for symbol, count, status, note, is_compared in rows:
        note = note.replace("|", "\\|")
        lines.append(
            f"| `{symbol}` | {count} | {status} | {'yes' if is_compared else ''} | {note} |"
        )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if docs/compat.md differs from what would be written",
    )
    arguments = parser.parse_args(argv)
    text = render()
    if arguments.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python tools/make_compat_table.py")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
