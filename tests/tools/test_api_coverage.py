"""Every public function and class of tinytf is compared with TensorFlow by the
differential tier, or listed here with the reason it is not (read from the tier's sources,
so this needs no TensorFlow)."""

import pytest

from tools.api_coverage import Coverage, lookup, public_symbols, stub_message

CLASS = "a class: the tier compares the objects programs get from it"
STUB = "raises NotImplementedError with advice (docs/compat.md)"
NO_TF_COUNTERPART = "absent from TensorFlow 2's compat.v1: nothing to compare with"
NOT_COMPARED = {
    **dict.fromkeys(
        [
            "tf.DType",
            "tf.Dimension",
            "tf.TensorShape",
            "tf.Tensor",
            "tf.Operation",
            "tf.VariableScope",
            "tf.layers.Layer",
            "tf.train.Optimizer",
            "tf.train.CheckpointReader",
            "tf.data.TensorSpec",
            "tf.gfile.FileStatistics",
            "tf.flags.Flag",
            "tf.summary.FileWriterCache",
            "tf.QueueBase",
            "tf.ReaderBase",
        ],
        CLASS,
    ),
    **dict.fromkeys(
        [
            "tf.enable_eager_execution",
        ],
        STUB,
    ),
    **dict.fromkeys(
        [
            "tf.scalar_summary",
            "tf.histogram_summary",
            "tf.image_summary",
            "tf.merge_summary",
            "tf.merge_all_summaries",
            "tf.contrib.layers.apply_regularization",
            "tf.contrib.layers.batch_norm",
            "tf.contrib.layers.flatten",
            "tf.contrib.layers.fully_connected",
            "tf.contrib.layers.l1_l2_regularizer",
            "tf.contrib.layers.l1_regularizer",
            "tf.contrib.layers.l2_regularizer",
            "tf.contrib.layers.sum_regularizer",
            "tf.contrib.layers.variance_scaling_initializer",
            "tf.contrib.layers.xavier_initializer",
            "tf.contrib.layers.xavier_initializer_conv2d",
            "tf.contrib.layers.avg_pool2d",
            "tf.contrib.layers.conv2d",
            "tf.contrib.layers.conv2d_transpose",
            "tf.contrib.layers.max_pool2d",
            "tf.contrib.seq2seq.sequence_loss",
            "tf.contrib.legacy_seq2seq.sequence_loss",
            "tf.contrib.legacy_seq2seq.sequence_loss_by_example",
        ],
        NO_TF_COUNTERPART,
    ),
    **dict.fromkeys(
        ["tf.NoGradient", "tf.NotDifferentiable", "tf.RegisterGradient"],
        "registers into a process-wide table in both engines; tests/framework/test_registry.py",
    ),
    "tf.disable_eager_execution": "switches all of TensorFlow 2 to graphs; a no-op in tinytf",
    "tf.disable_v2_behavior": "switches TensorFlow 2 to 1.x behaviour for good; a no-op in tinytf",
    **dict.fromkeys(
        ["tf.get_logger", "tf.logging.get_logger"],
        "each engine has its own logger ('tinytf', 'tensorflow')",
    ),
    "tf.logging.log_first_n": "counts per calling line, TensorFlow per file (docs/compat.md)",
    "tf.test.is_built_with_cuda": "tinytf is not; TensorFlow's CPU wheel says it is",
    **dict.fromkeys(
        [
            f"tf.errors.{name}Error"
            for name in (
                "Aborted",
                "AlreadyExists",
                "Cancelled",
                "DataLoss",
                "DeadlineExceeded",
                "FailedPrecondition",
                "Internal",
                "PermissionDenied",
                "ResourceExhausted",
                "Unauthenticated",
                "Unavailable",
                "Unknown",
            )
        ],
        "compared by name in test_error_classes_and_codes_match_tensorflow",
    ),
    **dict.fromkeys(
        [
            "tf.flags.DuplicateFlagError",
            "tf.flags.Error",
            "tf.flags.IllegalFlagValueError",
            "tf.flags.UnrecognizedFlagError",
        ],
        "absl's error classes; raised in tests/test_app.py",
    ),
    "tf.flags.FLAGS": "the program's own flags; parsing is compared on fresh FlagValues",
}


@pytest.fixture(scope="module")
def coverage():
    return Coverage()


@pytest.fixture(scope="module")
def symbols():
    """One name per public object (aliases such as tf.mul and tf.multiply are one)."""
    named = {}
    for name, value in public_symbols().items():
        named.setdefault(id(value), (name, value))
    return dict(named.values())


def test_every_public_symbol_is_compared_or_explained(coverage, symbols):
    explained = {id(lookup(name)) for name in NOT_COMPARED}
    uncovered = sorted(
        name
        for name, value in symbols.items()
        if not coverage.covers(name, value) and id(value) not in explained
    )
    assert not uncovered, "compare these in tests/differential, or explain why not"


def test_the_explanations_are_still_needed(coverage):
    stale = []
    for name in NOT_COMPARED:
        try:
            value = lookup(name)
        except AttributeError:
            stale.append(name)
            continue
        if coverage.covers(name, value):
            stale.append(name)
    assert not stale, "compared now, or gone from tinytf: drop them from NOT_COMPARED"


def test_the_public_api_is_large_and_mostly_compared(coverage, symbols):
    compared = [name for name, value in symbols.items() if coverage.covers(name, value)]
    assert len(symbols) > 300 and len(compared) > 0.8 * len(symbols)


def test_a_stub_is_recognised_by_its_body():
    def stub(*args):
        """Not here."""
        raise NotImplementedError(f"no {args} here")

    def real(x):
        if x:
            raise NotImplementedError("sometimes")
        return x

    assert stub_message(stub) == "no … here"
    assert stub_message(real) is None
