"""`tensorflow.python.training.training`: the tf.train namespace (tinytf.train)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train")
