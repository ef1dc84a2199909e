"""The array ops build what TensorFlow's compat.v1 builds: op names and types, static shapes,
dtypes and values, from the same program run on both."""

import numpy as np
import pytest

import tinytf

tensorflow = pytest.importorskip("tensorflow")
compat = tensorflow.compat.v1

X_VALUE = np.arange(24.0, dtype=np.float32).reshape(2, 3, 4)
I_VALUE = np.array([2, 0, 1], np.int32)

# Each program takes the `tf` module, x (float32 [?, 3, 4]) and i (int32 [?]).
SAME_OPS = {
    "reshape": lambda tf, x, i: tf.reshape(x, [-1, 12]),
    "squeeze": lambda tf, x, i: tf.squeeze(tf.expand_dims(x, 1), [1]),
    "concat": lambda tf, x, i: tf.concat([x, x], -1),
    "concat_one": lambda tf, x, i: tf.concat([x], 1),
    "stack": lambda tf, x, i: tf.stack([x, x], axis=1),
    "unstack": lambda tf, x, i: tf.unstack(x, axis=1),
    "split": lambda tf, x, i: tf.split(x, 2, axis=2),
    "split_sizes": lambda tf, x, i: tf.split(x, [1, -1], axis=2),
    "slice": lambda tf, x, i: tf.slice(x, [0, 1, 0], [-1, 2, 2]),
    "getitem": lambda tf, x, i: x[1:, ::-2, tf.newaxis, ...],
    "getitem_int": lambda tf, x, i: x[-1, 0],
    "gather": lambda tf, x, i: tf.gather(x, i, axis=1),
    "gather_nd": lambda tf, x, i: tf.gather_nd(x, [[0, 1], [1, 2]]),
    "tile": lambda tf, x, i: tf.tile(x, [1, 2, 1]),
    "pad": lambda tf, x, i: tf.pad(x, [[0, 0], [1, 1], [2, 2]]),
    "pad_reflect": lambda tf, x, i: tf.pad(x, [[0, 0], [1, 1], [2, 2]], "REFLECT"),
    "pad_symmetric": lambda tf, x, i: tf.pad(x, [[1, 0], [3, 0], [0, 4]], "SYMMETRIC"),
    "pad_constant": lambda tf, x, i: tf.pad(x, [[0, 0], [1, 1], [2, 2]], constant_values=3),
    "one_hot": lambda tf, x, i: tf.one_hot(i, 5),
    "shape": lambda tf, x, i: tf.shape(x),
    "shape_n": lambda tf, x, i: tf.shape_n([x, x]),
    "size": lambda tf, x, i: tf.size(x),
    "rank": lambda tf, x, i: tf.rank(x),
    "reverse": lambda tf, x, i: tf.reverse(x, [0, -1]),
    "unique": lambda tf, x, i: tf.unique(i),
    "zeros": lambda tf, x, i: tf.zeros([2, 3]),
    "zeros_of_shape": lambda tf, x, i: tf.zeros(tf.shape(x)),
    "ones_like": lambda tf, x, i: tf.ones_like(x),
    "fill": lambda tf, x, i: tf.fill([2, 3], 1.0),
    "diag": lambda tf, x, i: tf.diag([1.0, 2.0]),
    "range": lambda tf, x, i: tf.range(2, 11, 3),
    "range_float": lambda tf, x, i: tf.range(0.0, 1.0, 0.25),
    "identity": lambda tf, x, i: tf.identity(x),
    "stop_gradient": lambda tf, x, i: tf.stop_gradient(x),
    "top_k": lambda tf, x, i: (
        tf.nn.top_k(x, 2) if tf is compat else tinytf.ops.array_ops.top_k(x, 2)
    ),
}
# Programs whose outputs agree but whose inner ops TF 2.21 builds differently.
SAME_OUTPUTS = {
    "boolean_mask": lambda tf, x, i: tf.boolean_mask(x, [True, False]),
    "sequence_mask": lambda tf, x, i: tf.sequence_mask(i, 4),
    "eye": lambda tf, x, i: tf.eye(2, 3, batch_shape=[2]),
    "meshgrid": lambda tf, x, i: tf.meshgrid([1, 2], [3, 4, 5]),
    "packed": lambda tf, x, i: tf.convert_to_tensor([[x[0, 0, 0], 1.0], [2.0, 3.0]]),
    "one_hot_axis": lambda tf, x, i: tf.one_hot(i, 4, on_value=2, off_value=-1, axis=0),
    "diag_part": lambda tf, x, i: tf.diag_part(tf.reshape(x[0, :2, :2], [2, 2])),
}


def build_and_run(tf, program):
    """The new ops' (name, type), each output's (name, shape, dtype) and the values."""
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 3, 4], name="x")
        i = tf.placeholder(tf.int32, [None], name="i")
        before = len(graph.get_operations())
        outputs = program(tf, x, i)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        ops = [(op.name, op.type) for op in graph.get_operations()[before:]]
        static = [
            (t.name, t.shape.as_list() if t.shape.ndims is not None else None, t.dtype.name)
            for t in outputs
        ]
        with tf.Session() as session:
            values = session.run(outputs, {x: X_VALUE, i: I_VALUE})
    return ops, static, values


@pytest.mark.parametrize("name", sorted(SAME_OPS))
def test_same_ops_shapes_and_values_as_tensorflow(name):
    ours = build_and_run(tinytf, SAME_OPS[name])
    theirs = build_and_run(compat, SAME_OPS[name])
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    for got, expected in zip(ours[2], theirs[2], strict=True):
        np.testing.assert_allclose(got, expected)


@pytest.mark.parametrize("name", sorted(SAME_OUTPUTS))
def test_same_outputs_as_tensorflow(name):
    ours = build_and_run(tinytf, SAME_OUTPUTS[name])
    theirs = build_and_run(compat, SAME_OUTPUTS[name])
    assert [(shape, dtype) for _, shape, dtype in ours[1]] == [
        (shape, dtype) for _, shape, dtype in theirs[1]
    ]
    for got, expected in zip(ours[2], theirs[2], strict=True):
        np.testing.assert_allclose(got, expected)
