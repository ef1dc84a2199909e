"""`tensorflow.python.ops.math_ops`: arithmetic, reductions, matrices (tinytf.ops.math_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.math_ops")
