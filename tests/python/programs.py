"""TF 1.x programs that import TensorFlow's internal modules, and the rule that points
their imports at tinytf (`tensorflow` -> `tinytf` on import lines), as programs are run on
tinytf unchanged but for that line."""

import re

IMPORT_LINE = re.compile(r"^(\s*(?:from|import)\s+)tensorflow\b", re.MULTILINE)


def for_tinytf(source: str) -> str:
    """`source` with its TensorFlow imports pointed at tinytf."""
    return IMPORT_LINE.sub(r"\1tinytf", source)


INTERNAL_MODULES = """
import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import ops, dtypes, tensor_shape, constant_op, errors
from tensorflow.python.framework import random_seed
from tensorflow.python.ops import array_ops, math_ops, nn_ops, init_ops, variable_scope
from tensorflow.python.ops import variables, state_ops, control_flow_ops, clip_ops
from tensorflow.python.ops import gradients, random_ops, nn
from tensorflow.python.training import gradient_descent, moving_averages
from tensorflow.python.platform import gfile, tf_logging

tf.disable_v2_behavior()
ops.reset_default_graph()
random_seed.set_random_seed(3)
x = array_ops.placeholder(dtypes.float32, shape=tensor_shape.TensorShape([None, 2]), name="x")
y = array_ops.placeholder(dtypes.float32, shape=[None, 1], name="y")
with variable_scope.variable_scope("model"):
    w = variable_scope.get_variable("w", [2, 1], initializer=init_ops.constant_initializer(0.1))
    b = variables.Variable(constant_op.constant([0.0]), name="b")
prediction = nn_ops.bias_add(math_ops.matmul(x, w), b)
loss = math_ops.reduce_mean(math_ops.square(prediction - y))
grads = gradients.gradients(loss, [w, b])
clipped = [clip_ops.clip_by_value(g, -10.0, 10.0) for g in grads]
step = gradient_descent.GradientDescentOptimizer(0.02).apply_gradients(zip(clipped, [w, b]))
ema = moving_averages.ExponentialMovingAverage(0.9)
with ops.control_dependencies([step]):
    train = control_flow_ops.group(ema.apply([w, b]))
counter = variables.Variable(0, name="counter")
bump = state_ops.assign_add(counter, 1)
noise = random_ops.random_uniform([3], seed=1)
ops.add_to_collection("losses", loss)
assert ops.get_collection("losses") == [loss]
assert ops.get_default_graph() is tf.get_default_graph()
assert isinstance(loss, tf.Tensor) and isinstance(train, ops.Operation)
assert ops.convert_to_tensor(1.0).dtype == dtypes.float32
tf_logging.set_verbosity(tf_logging.ERROR)
inputs = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
targets = inputs @ np.array([[0.5], [-0.25]], np.float32) + 1.0
with tf.Session() as sess:
    sess.run(variables.global_variables_initializer())
    for _ in range(300):
        _, value = sess.run([train, loss], {x: inputs, y: targets})
    print("loss %.5f" % value)
    print("average w", np.round(sess.run(ema.average(w)).ravel(), 4))
    print("counter", sess.run(bump), sess.run(bump))
    print("relu", sess.run(nn.relu(constant_op.constant([-1.0, 2.0]))))
    try:
        sess.run(y)
    except errors.InvalidArgumentError:
        print("feed y first")
print("gfile", gfile.Exists("/no/such/file"))
"""
