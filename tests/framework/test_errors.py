"""`tf.errors`: TensorFlow's exception classes and codes."""

import pytest

import tinytf as tf

CLASSES = [
    ("CancelledError", "CANCELLED", 1),
    ("UnknownError", "UNKNOWN", 2),
    ("InvalidArgumentError", "INVALID_ARGUMENT", 3),
    ("DeadlineExceededError", "DEADLINE_EXCEEDED", 4),
    ("NotFoundError", "NOT_FOUND", 5),
    ("AlreadyExistsError", "ALREADY_EXISTS", 6),
    ("PermissionDeniedError", "PERMISSION_DENIED", 7),
    ("ResourceExhaustedError", "RESOURCE_EXHAUSTED", 8),
    ("FailedPreconditionError", "FAILED_PRECONDITION", 9),
    ("AbortedError", "ABORTED", 10),
    ("OutOfRangeError", "OUT_OF_RANGE", 11),
    ("UnimplementedError", "UNIMPLEMENTED", 12),
    ("InternalError", "INTERNAL", 13),
    ("UnavailableError", "UNAVAILABLE", 14),
    ("DataLossError", "DATA_LOSS", 15),
    ("UnauthenticatedError", "UNAUTHENTICATED", 16),
]


@pytest.mark.parametrize("class_name, code_name, code", CLASSES)
def test_classes_and_codes(class_name, code_name, code):
    error_class = getattr(tf.errors, class_name)
    assert getattr(tf.errors, code_name) == code
    assert issubclass(error_class, tf.errors.OpError)
    error = error_class(None, None, "went wrong")
    assert (error.error_code, error.message, error.op, error.node_def) == (
        code,
        "went wrong",
        None,
        None,
    )
    assert str(error) == "went wrong"
    with pytest.raises(tf.errors.OpError):
        raise error


def test_op_error_names_its_op():
    op = tf.no_op(name="culprit")
    error = tf.errors.InvalidArgumentError(None, op, "bad input")
    assert error.op is op
    assert str(error) == "bad input\n\t [[node culprit]]"


def test_op_error_takes_its_code():
    error = tf.errors.OpError(None, None, "aborted", tf.errors.ABORTED)
    assert (error.error_code, str(error)) == (10, "aborted")
    assert tf.errors.OK == 0


def test_errors_are_distinct_classes():
    with pytest.raises(tf.errors.NotFoundError):
        try:
            raise tf.errors.NotFoundError(None, None, "missing")
        except tf.errors.OutOfRangeError:
            pytest.fail("NotFoundError caught as OutOfRangeError")
