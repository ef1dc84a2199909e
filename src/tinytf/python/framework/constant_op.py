"""`tensorflow.python.framework.constant_op`: tf.constant (tinytf.ops.constant_op)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.constant_op")
