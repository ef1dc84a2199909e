"""Matrix multiplication: a 1x2 matrix times a 2x1 matrix.

python examples/matmul.py
"""

import tinytf as tf

matrix1 = tf.constant([[3.0, 3.0]])
matrix2 = tf.constant([[2.0], [2.0]])
product = tf.matmul(matrix1, matrix2)  # builds an op; nothing is computed yet

print(product)
with tf.Session() as sess:
    result = sess.run(product)
    print(result)  # [[12.]]
