"""Iris, the homework data and the 2-D toy sets."""

import numpy as np
import pytest

from tinytf.datasets import (
    load_homework,
    load_iris,
    make_circles,
    make_homework,
    make_moons,
    make_quadrants,
    make_spirals,
    one_hot,
    plus_minus_one,
    save_homework,
)


def test_iris_is_the_150_row_table():
    features, labels = load_iris()
    assert features.shape == (150, 4) and features.dtype == np.float32
    np.testing.assert_array_equal(np.bincount(labels), [50, 50, 50])
    np.testing.assert_allclose(features[0], [5.1, 3.5, 1.4, 0.2])
    np.testing.assert_allclose(features.mean(axis=0), [5.8433, 3.0573, 3.758, 1.1993], atol=1e-3)


def test_homework_statistics():
    inputs, targets = make_homework(samples=20000, seed=1)
    assert inputs.shape == (20000, 1) and targets.dtype == np.float32
    assert abs(inputs.std() - 4.0) < 0.05
    noise = targets - inputs**2 - inputs
    assert abs(noise.var() - 0.09) < 0.005


def test_homework_round_trip_and_checks(tmp_path):
    inputs, targets = make_homework(seed=3)
    path = save_homework(tmp_path / "homework.npz", inputs, targets)
    loaded_inputs, loaded_targets = load_homework(path)
    np.testing.assert_array_equal(loaded_inputs, inputs)
    np.testing.assert_array_equal(loaded_targets, targets)
    np.savez(tmp_path / "wrong.npz", X=inputs)
    with pytest.raises(ValueError, match=r"wrong.npz lacks the array\(s\) \['d'\]"):
        load_homework(tmp_path / "wrong.npz")
    np.savez(tmp_path / "shape.npz", X=inputs[:, 0], d=targets[:, 0])
    with pytest.raises(ValueError, match=r"shape.npz: X and d must both have shape \[N, 1\]"):
        load_homework(tmp_path / "shape.npz")
    np.savez(tmp_path / "objects.npz", X=np.array([object()]), d=targets)
    with pytest.raises(ValueError, match="allow_pickle"):
        load_homework(tmp_path / "objects.npz")


def test_quadrants_are_labelled_by_the_sign_of_the_product():
    points, labels = make_quadrants(seed=2)
    assert points.shape == (2000, 2) and np.abs(points).max() <= 1.0
    np.testing.assert_array_equal(labels, points[:, 0] * points[:, 1] > 0)
    assert 0.45 < labels.mean() < 0.55
    signed = plus_minus_one(labels)
    assert signed.shape == (2000, 1)
    np.testing.assert_array_equal(signed[:, 0], np.sign(points[:, 0] * points[:, 1]))


@pytest.mark.parametrize("make, classes", [(make_moons, 2), (make_circles, 2), (make_spirals, 3)])
def test_other_planar_sets(make, classes):
    points, labels = make(seed=0)
    assert points.shape[1] == 2 and points.dtype == np.float32
    assert np.bincount(labels).min() >= len(labels) // classes - 1
    encoded = one_hot(labels)
    assert encoded.shape == (len(labels), classes)
    np.testing.assert_array_equal(encoded.argmax(axis=1), labels)
    np.testing.assert_array_equal(make(seed=0)[0], points)


def test_circles_radii():
    points, labels = make_circles(noise=0.0, factor=0.4)
    radii = np.hypot(points[:, 0], points[:, 1])
    np.testing.assert_allclose(radii[labels == 1], 0.4, rtol=1e-5)
    np.testing.assert_allclose(radii[labels == 0], 1.0, rtol=1e-5)
