"""`tensorflow.python.framework.random_seed`: graph and op seeds (tinytf.framework.random_seed)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.framework.random_seed")
