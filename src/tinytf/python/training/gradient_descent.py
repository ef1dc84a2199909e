"""`tensorflow.python.training.gradient_descent`: the SGD optimizer."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train", "tinytf.train.optimizers")
