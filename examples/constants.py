"""Constants and a session: the first TensorFlow 1.x program, unchanged but for the import.

python examples/constants.py
"""

import tinytf as tf

hello = tf.constant("Hello, TensorFlow!")
a = tf.constant(2)
b = tf.constant(3)
c = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="c")

print(hello)  # a Tensor is a node of the graph, not a value
with tf.Session() as sess:
    print(sess.run(hello).decode())
    print(f"a = {sess.run(a)}, b = {sess.run(b)}")
    print(f"a + b = {sess.run(a + b)}")
    print(f"a * b = {sess.run(a * b)}")
    print("c * 2 =")
    print(sess.run(c * 2))
