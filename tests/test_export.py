"""tinytf.export: the NumPy forward function reproduces the session and needs no tinytf."""

import subprocess
import sys

import numpy as np
import pytest

import tinytf as tf
from tinytf import export


def _network(rng, activations, final=None):
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    outputs = x
    for units, activation in zip((8, 5, 3), activations, strict=True):
        outputs = tf.layers.dense(outputs, units, activation=activation)
    if final is not None:
        outputs = final(outputs)
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    inputs = rng.normal(size=(40, 6)).astype(np.float32)
    return session, x, outputs, inputs


def test_relu_network_matches_the_session_exactly(tmp_path, rng):
    session, x, logits, inputs = _network(rng, (tf.nn.relu, tf.nn.relu, None))
    exported = export.export_numpy(session, x, logits, tmp_path, name="net")
    forward = export.load_forward(exported)
    expected = session.run(logits, {x: inputs})
    np.testing.assert_array_equal(forward(inputs), expected)
    with np.load(exported.weights_path, allow_pickle=False) as archive:
        assert sorted(archive.files) == [
            "layer1_bias",
            "layer1_kernel",
            "layer2_bias",
            "layer2_kernel",
            "layer3_bias",
            "layer3_kernel",
        ]
        np.testing.assert_array_equal(
            archive["layer1_kernel"], session.run(tf.trainable_variables()[0])
        )
    code = exported.code_path.read_text()
    assert "def relu(x)" in code and "sigmoid" not in code and "tinytf" not in code.split('"""')[2]


def test_other_activations_and_softmax(tmp_path, rng):
    session, x, probabilities, inputs = _network(
        rng, (tf.sigmoid, tf.tanh, None), final=tf.nn.softmax
    )
    forward = export.load_forward(export.export_numpy(session, x, probabilities, tmp_path))
    expected = session.run(probabilities, {x: inputs})
    np.testing.assert_allclose(forward(inputs), expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(forward(inputs).argmax(axis=1), expected.argmax(axis=1))


def test_forward_file_runs_without_tinytf(tmp_path, rng):
    session, x, logits, inputs = _network(rng, (tf.nn.relu, tf.nn.elu, None))
    exported = export.export_numpy(session, x, logits, tmp_path, name="standalone")
    np.save(tmp_path / "inputs.npy", inputs)
    program = (
        "import sys; sys.modules['tinytf'] = None\n"  # any import of tinytf now fails
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import numpy as np, standalone_forward as model\n"
        f"weights = model.load_weights({str(exported.weights_path)!r})\n"
        f"np.save({str(tmp_path / 'outputs.npy')!r}, "
        f"model.forward(weights, np.load({str(tmp_path / 'inputs.npy')!r})))\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=60)
    np.testing.assert_allclose(
        np.load(tmp_path / "outputs.npy"), session.run(logits, {x: inputs}), rtol=1e-6, atol=1e-6
    )


def test_unsupported_ops_are_named(tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    hidden = tf.layers.dense(x, 4)
    squared = tf.square(hidden, name="squash")
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    with pytest.raises(ValueError, match="squash is a Square op"):
        export.export_numpy(session, x, squared, tmp_path)
    with pytest.raises(ValueError, match="adds two computed values"):
        export.export_numpy(session, x, hidden + tf.layers.dense(x, 4), tmp_path)
