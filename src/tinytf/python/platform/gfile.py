"""`tensorflow.python.platform.gfile`: file functions (tinytf.gfile)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.gfile")
