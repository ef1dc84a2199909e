"""`tensorflow.python.training.moving_averages`: ExponentialMovingAverage."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train", "tinytf.train.moving_averages")
