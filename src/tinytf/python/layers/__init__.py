"""`tensorflow.python.layers`: the TF 1.x layers (aliases of tinytf.layers)."""
