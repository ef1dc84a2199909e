"""`tensorflow.python.framework`: graphs, dtypes, shapes, errors (aliases of tinytf.framework)."""
