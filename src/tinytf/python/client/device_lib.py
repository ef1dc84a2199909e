"""`tensorflow.python.client.device_lib`: list_local_devices (tinytf.client.device_lib)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.client.device_lib")
