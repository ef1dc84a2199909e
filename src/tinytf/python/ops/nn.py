"""`tensorflow.python.ops.nn`: activations, losses, normalisation (tinytf.nn)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.nn")
