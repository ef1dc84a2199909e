"""`tensorflow.python.ops.state_ops`: assign, assign_add, assign_sub (tinytf.ops.state_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.state_ops")
