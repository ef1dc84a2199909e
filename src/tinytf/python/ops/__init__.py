"""`tensorflow.python.ops`: the op modules (aliases of tinytf.ops and tinytf.nn)."""
