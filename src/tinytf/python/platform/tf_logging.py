"""`tensorflow.python.platform.tf_logging`: logging (tinytf.logging)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.logging")
