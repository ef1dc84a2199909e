"""`tensorflow.python.layers.utils`: constant_value and friends (tinytf.framework.tensor_util)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.layers", "tinytf.framework.tensor_util")
