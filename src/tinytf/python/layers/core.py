"""`tensorflow.python.layers.core`: Dense, Dropout, Flatten (tinytf.layers.core)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.layers", "tinytf.layers.core")
