"""`--logdir`: every lab writes TensorBoard event files, read back with TensorBoard's reader."""

import numpy as np
import pytest

from tests.summary.tensorboard_reading import accumulator
from tinytf.course.cli import main
from tinytf.course.labs import get_lab
from tinytf.course.report import run_course
from tinytf.course.training import LabOptions

MNIST_RUNS = (
    "softmax_regression",
    "sigmoid_mse",
    "mlp",
    "initialisation/normal",
    "initialisation/xavier",
)  # He's initialisation run is the MLP's first epoch: the MLP starts from He's weights
DEEP_LAYERS = [f"hidden{layer}" for layer in range(1, 9)] + ["output"]


def _run(name, tiny_data, tmp_path, **options):
    logdir = tmp_path / "logs"
    result = get_lab(name).run(
        LabOptions(
            out=tmp_path / "out",
            data_dir=tiny_data,
            logdir=logdir,
            progress=False,
            seed=2,
            **options,
        )
    )
    return result, logdir


def _runs(logdir):
    """Each folder holding an event file, as a path relative to `logdir`."""
    return {
        path.parent.relative_to(logdir).as_posix() for path in logdir.rglob("events.out.tfevents.*")
    }


def _histograms(variables):
    return {f"{kind}/{variable}" for variable in variables for kind in ("weights", "gradient")}


def _values(events, tag):
    return [(scalar.step, scalar.value) for scalar in events.Scalars(tag)]


def test_mnist_logs_scalars_histograms_images_and_the_graph(tiny_data, tmp_path):
    result, logdir = _run("mnist", tiny_data, tmp_path, epochs=2, hidden=(16,), batch_size=50)
    assert _runs(logdir) == {
        f"{run}/{split}" for run in MNIST_RUNS for split in ("train", "validation")
    }
    mlp = accumulator(logdir / "mlp" / "train")
    tags = mlp.Tags()
    assert set(tags["scalars"]) == {"loss", "accuracy"}
    assert set(tags["histograms"]) == _histograms(
        ["hidden1/kernel", "hidden1/bias", "output/kernel", "output/bias"]
    )
    assert set(tags["images"]) == {f"inputs/image/{index}" for index in range(4)}
    # 270 training images in batches of 50: 6 steps an epoch, a summary every 50 steps.
    assert [step for step, _ in _values(mlp, "loss")] == [0]
    nodes = {node.name for node in mlp.Graph().node}
    assert {"x", "hidden1/kernel", "hidden1/MatMul", "output/BiasAdd", "loss"} <= nodes
    validation = accumulator(logdir / "mlp" / "validation")
    np.testing.assert_allclose(
        [value for _, value in _values(validation, "accuracy")],
        result.metrics["MLP"]["validation_accuracy"],
        rtol=1e-6,
    )
    assert [step for step, _ in _values(validation, "accuracy")] == [6, 12]
    linear = accumulator(logdir / "softmax_regression" / "train")
    assert set(linear.Tags()["histograms"]) == _histograms(["linear/W", "linear/b"])
    # Step 0 is logged before the first update: zero weights, so every class gets 1/10.
    assert _values(linear, "loss") == [(0, pytest.approx(np.log(10)))]
    weights = linear.Histograms("weights/linear/W")[0].histogram_value
    assert (weights.min, weights.max, weights.num) == (0, 0, 7840)
    assert _values(accumulator(logdir / "sigmoid_mse" / "train"), "loss") == [
        (0, pytest.approx(0.25))
    ]  # sigmoid(0) = 0.5 against 0/1 targets


def test_iris_logs_each_layers_gradient(tiny_data, tmp_path):
    result, logdir = _run("iris", tiny_data, tmp_path, epochs=2)
    runs = ("mlp", "deep_sigmoid", "deep_relu", "deep_sigmoid_batch_norm")
    assert _runs(logdir) == {f"{run}/{split}" for run in runs for split in ("train", "test")}
    sigmoid = accumulator(logdir / "deep_sigmoid" / "train")
    norms = {f"gradient_norm/{layer}" for layer in DEEP_LAYERS}
    assert set(sigmoid.Tags()["scalars"]) == {"loss", "accuracy"} | norms
    assert set(sigmoid.Tags()["histograms"]) == _histograms(
        f"{layer}/{part}" for layer in DEEP_LAYERS for part in ("kernel", "bias")
    )
    # 96 rows in batches of 16: steps 0 and 10 of 12 are logged.
    assert [step for step, _ in _values(sigmoid, "gradient_norm/output")] == [0, 10]
    first, last = (
        _values(sigmoid, f"gradient_norm/{layer}")[0][1] for layer in ("hidden1", "output")
    )
    assert 0 < first < last / 100  # the vanishing gradient, as TensorBoard shows it
    batch_norm = accumulator(logdir / "deep_sigmoid_batch_norm" / "train").Tags()
    assert "gradient/batch_norm1/gamma" in batch_norm["histograms"]
    test = accumulator(logdir / "mlp" / "test")
    assert _values(test, "accuracy")[-1] == (12, pytest.approx(result.metrics["mlp_test_accuracy"]))


@pytest.mark.parametrize(
    "name, options, runs",
    [
        ("regression", dict(epochs=25), {"linear", "quadratic", "mlp"}),
        (
            "basic",
            dict(epochs=1, subset=120, hidden=(4,)),
            {
                "quadrants/linear",
                "quadrants/mlp_4_relu",
                "moons/linear",
                "moons/mlp_4_relu",
                "circles/linear",
                "circles/mlp_4_relu",
                "spirals_3_classes/linear",
                "spirals_3_classes/mlp_4_relu",
                "spirals_3_classes/wide_256",
                "spirals_3_classes/deep_16_16_16_16",
                "quadrants/mlp_4_relu_tanh_output_1_labels_mse",
            },
        ),
        (
            "cheat",
            dict(epochs=1, hidden=(4,)),
            {
                "baseline",
                "random_under_sampling",
                "random_over_sampling",
                "over_sampling_with_noise",
                "smote",
                "class_weighted_loss",
                "focal_loss",
            },
        ),
    ],
)
def test_other_labs_log_their_loss_and_graph(name, options, runs, tiny_data, tmp_path):
    _, logdir = _run(name, tiny_data, tmp_path, **options)
    assert _runs(logdir) == {f"{run}/train" for run in runs}
    events = accumulator(logdir / sorted(runs)[0] / "train")
    assert events.Tags()["scalars"] == ["loss"] and events.Tags()["graph"]
    losses = _values(events, "loss")
    assert losses[0][0] == 0 and all(np.isfinite(value) for _, value in losses)


def test_regression_loss_falls_every_ten_steps(tmp_path):
    main(
        [
            "lab",
            "regression",
            "--epochs",
            "25",
            "--out",
            str(tmp_path / "out"),
            "--logdir",
            str(tmp_path / "logs"),
        ]
    )
    losses = _values(accumulator(tmp_path / "logs" / "quadratic" / "train"), "loss")
    assert [step for step, _ in losses] == [0, 10, 20]
    assert losses[0][1] > losses[1][1] > losses[2][1]


def test_course_logs_each_lab_in_its_own_folder(tmp_path):
    run_course(
        tmp_path / "out",
        labs=("regression",),
        logdir=tmp_path / "logs",
        overrides={"regression": dict(epochs=5)},
    )
    assert _runs(tmp_path / "logs") == {
        "regression/linear/train",
        "regression/quadratic/train",
        "regression/mlp/train",
    }
