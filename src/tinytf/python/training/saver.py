"""`tensorflow.python.training.saver`: tf.train.Saver (tinytf.train.saver)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.train", "tinytf.train.saver")
