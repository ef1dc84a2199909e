"""`tensorflow.python.ops.gradients`: tf.gradients (tinytf.ops.gradients_impl)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.gradients_impl")
