"""`tensorflow.python.framework.tensor_util`: constant_value and friends."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.framework.tensor_util")
