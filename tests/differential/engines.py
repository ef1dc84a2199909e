"""The two engines the tier compares, and graphs built as TensorFlow 1.x built them.

TensorFlow 2 keeps TF 1.x's API in compat.v1 but builds resource variables and v2
control flow by default, which name their ops differently. `graph(tf)` switches both off
for the graph it opens and restores the settings after, so the other tests of the same
process are unaffected (disable_v2_behavior could not be undone).
"""

import contextlib

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1
ENGINES = {"tinytf": tinytf, "tensorflow": compat}


@contextlib.contextmanager
def graph(tf):
    """A new default graph of `tf` (tinytf or compat.v1)."""
    if tf is tinytf:
        with tinytf.Graph().as_default() as new_graph:
            yield new_graph
        return
    resources, control_flow = compat.resource_variables_enabled(), compat.control_flow_v2_enabled()
    compat.disable_resource_variables()
    compat.disable_control_flow_v2()
    try:
        with tensorflow.Graph().as_default() as new_graph:
            yield new_graph
    finally:
        if resources:
            compat.enable_resource_variables()
        if control_flow:
            compat.enable_control_flow_v2()


def resolve(tf, symbol: str):
    """The object `symbol` ("tf.nn.relu") names in `tf`."""
    value = tf
    for part in symbol.split(".")[1:]:
        value = getattr(value, part)
    return value


def is_tensor(value) -> bool:
    return hasattr(value, "dtype") and hasattr(value, "op") and hasattr(value, "value_index")


def tolerances(dtype) -> dict:
    """The tier's tolerances: float64 rtol 1e-7, float32 rtol 1e-5, other types exact."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        return {"rtol": 1e-7, "atol": 1e-12}
    if dtype in (np.float32, np.float16):
        return {"rtol": 1e-5, "atol": 1e-6}
    return {"rtol": 0, "atol": 0}
