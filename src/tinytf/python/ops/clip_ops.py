"""`tensorflow.python.ops.clip_ops`: clipping by value and norm (tinytf.ops.clip_ops)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.clip_ops")
