"""Sparse placeholders fed with SparseTensorValues, and SparseTensors fetched, as in
TensorFlow's compat.v1."""

import numpy as np

from tests.differential.engines import ENGINES, graph
from tests.differential.reporting import record


def feed_and_fetch(engine: str) -> list:
    tf = ENGINES[engine]
    with graph(tf):
        sparse = tf.sparse_placeholder(tf.float32, name="input")
        doubled = tf.SparseTensor(sparse.indices, sparse.values * 2.0, sparse.dense_shape)
        dense = tf.sparse_tensor_to_dense(sparse, default_value=-1.0)
        value = tf.SparseTensorValue(np.array([[0, 1], [2, 0]]), np.array([1.5, 2.5]), [3, 2])
        with tf.Session() as sess:
            fetched, as_dense = sess.run([doubled, dense], {sparse: value})
        names = [sparse.indices.name, sparse.values.name, sparse.dense_shape.name]
        return [
            type(fetched).__name__,
            [np.asarray(part).tolist() for part in fetched],
            as_dense.tolist(),
            names,
            doubled.shape.ndims,
        ]


def test_sparse_placeholders_are_fed_and_fetched_as_tensorflows():
    assert feed_and_fetch("tinytf") == feed_and_fetch("tensorflow")
    record("programs")
