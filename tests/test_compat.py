"""`import tinytf.compat.v1 as tf` is the same API as `import tinytf as tf`."""

import subprocess
import sys

import numpy as np
import pytest

import tinytf
import tinytf.compat.v1 as v1


def test_the_v1_namespace_is_tinytf():
    assert v1.placeholder is tinytf.placeholder
    assert v1.Session is tinytf.Session
    assert v1.float32 is tinytf.float32
    assert v1.train is tinytf.train
    assert tinytf.compat.v1 is v1
    assert {"Session", "placeholder", "disable_v2_behavior"} <= set(dir(v1))


def test_tf2_switches_do_nothing():
    assert v1.disable_v2_behavior() is None
    assert v1.disable_eager_execution() is None
    assert tinytf.disable_v2_behavior is v1.disable_v2_behavior
    assert not v1.executing_eagerly() and not tinytf.executing_eagerly()
    x = v1.placeholder(v1.float32, [2])
    assert isinstance(x, tinytf.Tensor)  # still building graphs


def test_eager_execution_after_graph_ops_is_refused():
    with tinytf.Graph().as_default():
        v1.constant(1.0)
        with pytest.raises(ValueError, match="must be called at program startup"):
            v1.enable_eager_execution()


def test_unknown_names():
    with pytest.raises(AttributeError, match="tinytf does not implement tf.no_such_thing"):
        v1.no_such_thing  # noqa: B018


def test_a_tf1_program_runs_through_compat_v1():
    tf = v1
    tf.disable_v2_behavior()
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.matmul(x, w)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(session.run(y, {x: [[1.0, 1.0]]}), [[3.0]])


def test_bytes_and_text():
    assert tinytf.compat.as_bytes("é") == "é".encode()
    assert tinytf.compat.as_bytes(bytearray(b"a")) == b"a"
    assert tinytf.compat.as_text(b"abc") == "abc" == tinytf.compat.as_str("abc")
    with pytest.raises(TypeError, match="Expected binary or unicode string, got 3"):
        tinytf.compat.as_bytes(3)


def test_importing_compat_v1_first():
    code = "import tinytf.compat.v1 as tf; print(tf.constant(1.0).dtype.name)"
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert output.strip() == "float32"
