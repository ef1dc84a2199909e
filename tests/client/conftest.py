"""Helpers of the client tests: a counting op, and runs with and without optimization.

The counting op is an identity whose kernel records every time it runs. Recording is an
effect beyond the output, so the op is registered stateful: plans never fold it into a
constant.
"""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import common_shapes, registry

COUNTING_OP = "TestOnlyCounting"


class Counter:
    """Builds counting ops (`counter(x, name)`); `calls` lists the names of those that ran."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, x, name: str = "counted") -> tf.Tensor:
        x = tf.convert_to_tensor(x)
        op = tf.get_default_graph().create_op(COUNTING_OP, [x], {"label": name}, name=name)
        return op.outputs[0]


@pytest.fixture
def counter():
    counter = Counter()

    def kernel(x, label):
        counter.calls.append(label)
        return x

    with registry.registration_scope():
        registry.register_op(COUNTING_OP, infer=common_shapes.unchanged, stateful=True)(kernel)
        tf.NotDifferentiable(COUNTING_OP)
        yield counter


def assert_same_both_ways(fetches, feed_dict=None, runs: int = 2):
    """Runs `fetches` in a session whose plans are optimized and in one whose are not,
    `runs` times each; asserts both give identical values (and dtypes) every time, or
    both raise the same error, and that no fed array was changed. Returns the optimized
    values of the last run (or the error)."""
    from tinytf.client import executor

    feed_dict = feed_dict or {}
    originals = {key: np.array(value, copy=True) for key, value in feed_dict.items()}
    results = {}
    for optimize in (False, True):
        try:
            with executor.optimizations(optimize):
                session = tf.Session()
                results[optimize] = [session.run(fetches, feed_dict) for _ in range(runs)]
        except tf.errors.OpError as error:
            results[optimize] = error
    for key, value in feed_dict.items():
        np.testing.assert_array_equal(value, originals[key], err_msg=f"feed {key} changed")
    if isinstance(results[False], Exception):
        assert type(results[True]) is type(results[False])
        return results[True]
    assert not isinstance(results[True], Exception), results[True]
    for plain, optimized in zip(results[False], results[True], strict=True):
        for expected, actual in zip(_flat(plain), _flat(optimized), strict=True):
            expected, actual = np.asarray(expected), np.asarray(actual)
            assert (actual.dtype, actual.shape) == (expected.dtype, expected.shape)
            if expected.dtype.kind in "biufc":  # bit for bit: -0.0 is not 0.0
                assert actual.tobytes() == expected.tobytes(), (actual, expected)
            else:
                np.testing.assert_array_equal(actual, expected)
    return results[True][-1]


def _flat(values) -> list:
    if isinstance(values, (list, tuple)):
        return [item for value in values for item in _flat(value)]
    return [values]
