"""`tensorflow.python.ops.init_ops`: initializer classes and functions (tinytf.ops.init_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.init_ops")
