"""`tensorflow.python.framework.errors`: the OpError classes and codes (tinytf.framework.errors)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.errors", "tinytf.framework.errors")
