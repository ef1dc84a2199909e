"""`tensorflow.python.ops.nn_ops`: the neural-network ops (tinytf.ops.nn_ops, tinytf.nn)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.nn", "tinytf.ops.nn_ops")
