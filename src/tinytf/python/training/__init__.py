"""`tensorflow.python.training`: optimizers, savers, moving averages (aliases of tinytf.train)."""
