"""A real TensorBoard server reads tinytf's event files and serves them over HTTP."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

import tinytf as tf

pytest.importorskip("tensorboard")
Image = pytest.importorskip("PIL.Image")

STARTUP_LIMIT = 120  # seconds: TensorBoard imports TensorFlow when it is installed
TENSORBOARD_SCOPE_FILL = (238, 238, 238)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_training_run(logdir):
    """A few steps of gradient descent on a line fit, with loss, weights and the graph."""
    x = tf.placeholder(tf.float32, [None, 1], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    with tf.name_scope("model"):
        weight = tf.Variable([[0.0]], name="weight")
        prediction = tf.matmul(x, weight)
    with tf.name_scope("error"):
        loss = tf.reduce_mean(tf.square(prediction - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weight", weight)
    merged = tf.summary.merge_all()
    inputs = np.linspace(-1, 1, 8, dtype=np.float32).reshape(-1, 1)
    losses = []
    with tf.Session() as session, tf.summary.FileWriter(logdir, session.graph) as writer:
        session.run(tf.global_variables_initializer())
        for step in range(5):
            summary, loss_value, _ = session.run([merged, loss, train], {x: inputs, y: 3 * inputs})
            writer.add_summary(summary, step)
            losses.append(float(loss_value))
    return losses


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.read()


def poll(server, port, path, ready, deadline):
    """The first response to `path` for which `ready(body)` holds, retried until `deadline`."""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"TensorBoard exited with status {server.returncode}")
        try:
            body = get(port, path)
            if ready(body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"TensorBoard did not serve {path} in {STARTUP_LIMIT} s")


class TensorBoard:
    """A `tensorboard --logdir` subprocess on a free port of 127.0.0.1, always stopped."""

    def __init__(self, logdir, log_path):
        self.port = free_port()
        self._log = open(log_path, "wb")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tensorboard.main",
                "--logdir",
                str(logdir),
                "--port",
                str(self.port),
                "--host",
                "127.0.0.1",
                "--reload_interval",
                "1",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self._log.close()


@pytest.mark.slow
def test_tensorboard_serves_the_scalars_and_the_graph(tmp_path):
    losses = write_training_run(tmp_path / "logs")
    with TensorBoard(tmp_path / "logs", tmp_path / "tensorboard.log") as board:
        deadline = time.monotonic() + STARTUP_LIMIT
        body = poll(
            board.server,
            board.port,
            "/data/plugin/scalars/scalars?run=.&tag=loss",
            lambda body: len(json.loads(body)) == len(losses),
            deadline,
        )
        points = json.loads(body)
        assert [step for _, step, _ in points] == list(range(len(losses)))
        np.testing.assert_allclose([value for _, _, value in points], losses, rtol=1e-6)
        tags = json.loads(get(board.port, "/data/plugin/histograms/tags"))
        assert "weight" in tags["."]
        graph = get(board.port, "/data/plugin/graphs/graph?run=.").decode()
        for node in ('name: "model/MatMul"', 'name: "error/Mean"', 'op: "ApplyGradientDescent"'):
            assert node in graph


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="no headless Chromium")
def test_the_graph_dashboard_draws_the_name_scopes(tmp_path):
    write_training_run(tmp_path / "logs")
    screenshot = tmp_path / "graph.png"
    with TensorBoard(tmp_path / "logs", tmp_path / "tensorboard.log") as board:
        poll(
            board.server,
            board.port,
            "/data/plugin/graphs/graph?run=.",
            lambda body: b"model/MatMul" in body,
            time.monotonic() + STARTUP_LIMIT,
        )
        for _ in range(3):  # the page may still be parsing the graph when it is shot
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--window-size=1400,900",
                    "--virtual-time-budget=20000",
                    f"--screenshot={screenshot}",
                    f"http://127.0.0.1:{board.port}/#graphs",
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
            pixels = np.asarray(Image.open(screenshot).convert("RGB"))
            # The main graph's area: collapsed name scopes are boxes filled light grey.
            main_graph = pixels[70:450, 350:1000]
            scope_fill = np.all(main_graph == TENSORBOARD_SCOPE_FILL, axis=-1).mean()
            if scope_fill > 0.01:
                break
    assert pixels.shape == (900, 1400, 3)
    assert scope_fill > 0.01
