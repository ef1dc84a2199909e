"""`tensorflow.python.client.session`: Session and InteractiveSession (tinytf.client.session)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.client.session")
