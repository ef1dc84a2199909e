"""`tensorflow.python.ops.random_ops`: random tensors (tinytf.ops.random_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.random_ops")
