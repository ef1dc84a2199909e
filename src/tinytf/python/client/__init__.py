"""`tensorflow.python.client`: sessions and devices (aliases of tinytf.client)."""
