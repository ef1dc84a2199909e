"""A counting op: an identity whose kernel records every time it runs.

Recording is an effect beyond the output, so the op is registered stateful: plans never
fold it into a constant or merge two of them.
"""

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

    registry.register_op(COUNTING_OP, infer=common_shapes.unchanged, stateful=True)(kernel)
    tf.NotDifferentiable(COUNTING_OP)
    try:
        yield counter
    finally:
        registry._OPS.pop(COUNTING_OP)
        registry._GRADIENTS.pop(COUNTING_OP)
