"""`tensorflow.python.training.optimizer`: the Optimizer base class (tinytf.train.optimizer)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train", "tinytf.train.optimizer")
