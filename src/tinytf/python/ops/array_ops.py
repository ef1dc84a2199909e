"""`tensorflow.python.ops.array_ops`: shapes, slicing, joining, creation (tinytf.ops.array_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.array_ops", "tinytf.ops.placeholder_ops")
