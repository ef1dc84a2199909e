"""`tensorflow.python.ops.embedding_ops`: embedding_lookup (tinytf.ops.embedding_ops, tinytf.nn)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.nn", "tinytf.ops.embedding_ops")
