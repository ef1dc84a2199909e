"""`tensorflow.python.platform`: files and logging (aliases of tinytf.gfile, tinytf.logging)."""
