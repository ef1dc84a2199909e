"""Placeholders: graph inputs whose values are given when the graph runs.

python examples/placeholders.py
"""

import numpy as np

import tinytf as tf

a = tf.placeholder(tf.int16)
b = tf.placeholder(tf.int16)
add = tf.add(a, b)
mul = tf.multiply(a, b)

x = tf.placeholder(tf.float32, shape=[None, 3], name="x")  # any number of rows of 3
w = tf.constant([[1.0], [2.0], [3.0]])
y = tf.matmul(x, w)

with tf.Session() as sess:
    print(f"Addition with variables: {sess.run(add, feed_dict={a: 2, b: 3})}")
    print(f"Multiplication with variables: {sess.run(mul, feed_dict={a: 2, b: 3})}")
    print("x @ w for two rows:")
    print(sess.run(y, feed_dict={x: np.array([[1, 1, 1], [1, 0, 0]], dtype=np.float32)}))
    try:
        sess.run(y)
    except tf.errors.InvalidArgumentError as error:
        print("Without a feed:", error.message)
