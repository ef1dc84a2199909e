"""Building and reading variables by name for the Saver tests."""

import numpy as np

import tinytf as tf


def make_variables(values):
    return {name: tf.Variable(value, name=name) for name, value in values.items()}


def run_values(session, variables):
    return {name: session.run(variable) for name, variable in variables.items()}


def assert_values_equal(actual, expected):
    assert sorted(actual) == sorted(expected)
    for name, value in expected.items():
        assert np.asarray(actual[name]).dtype == np.asarray(value).dtype, name
        np.testing.assert_array_equal(actual[name], value, err_msg=name)
