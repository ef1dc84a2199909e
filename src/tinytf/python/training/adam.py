"""`tensorflow.python.training.adam`: AdamOptimizer (tinytf.train.optimizers)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train", "tinytf.train.optimizers")
